"""Comparator groups a performance team names and stores (a list of
authorities). The built-in groups (statistical neighbours, the region, all
authorities of one type) are derived, never stored:
`selectors.comparator_group` resolves either kind by its slug."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from indicators.models.areas import Area

NEIGHBOURS = "neighbours"
REGION = "region"
# All live authorities of one type, by the prefix of their ONS code.
TYPES = {
    "counties": ("E10", "All counties"),
    "unitaries": ("E06", "All unitary authorities"),
    "metropolitan": ("E08", "All metropolitan districts"),
    "london": ("E09", "All London boroughs"),
}
# The slugs a named group may not take.
BUILT_IN = frozenset({NEIGHBOURS, REGION, *TYPES})


class ComparatorGroup(models.Model):
    class Kind(models.TextChoices):
        NEIGHBOURS = "neighbours", "Statistical neighbours"
        REGION = "region", "Region"
        TYPE = "type", "Authorities of one type"
        NAMED = "named", "Named group"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    # Only named groups are stored; the kind is kept so that a group read back
    # says what it is, as the derived ones do.
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NAMED)
    members = models.ManyToManyField(Area, related_name="comparator_groups")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
