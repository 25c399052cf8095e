"""Areas (England, regions, local authorities) and each authority's
statistical neighbours."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


class Area(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", "National"
        REGIONAL = "regional", "Regional"
        LOCAL_AUTHORITY = "local_authority", "Local authority"

    code = models.CharField("ONS code", max_length=9, unique=True)
    la_number = models.CharField(
        "DfE LA number", max_length=3, blank=True, db_index=True
    )
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=20, choices=Level.choices)
    region = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    # Authorities change (Cumbria split, North Yorkshire re-coded): an area
    # keeps its code, and a terminated one stops being a live match for its
    # LA number.
    terminated_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StatisticalNeighbour(models.Model):
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="neighbour_links"
    )
    neighbour = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(help_text="1 = closest")
    closeness = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["area", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "rank"], name="neighbour_rank_unique"
            ),
            models.UniqueConstraint(
                fields=["area", "neighbour"], name="neighbour_pair_unique"
            ),
            models.CheckConstraint(
                condition=~Q(area=F("neighbour")), name="neighbour_not_self"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1), name="neighbour_rank_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} neighbour {self.rank}: {self.neighbour_id}"
