"""The stored results of the rating rules: national statistics per period,
and each home figure's rating (computed by `recompute`)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from indicators import rating
from indicators.models.catalogue import Indicator
from indicators.models.fields import DECIMAL
from indicators.models.figures import Observation
from indicators.models.periods import Period


class PeriodStatistics(models.Model):
    """National comparison figures for one indicator and period, computed by
    `recompute` from every local authority's available value."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="statistics"
    )
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField()
    q25 = models.DecimalField(null=True, **DECIMAL)
    q50 = models.DecimalField(null=True, **DECIMAL)
    q75 = models.DecimalField(null=True, **DECIMAL)
    england_value = models.DecimalField(null=True, **DECIMAL)
    england_suppression = models.CharField(max_length=4, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="statistics_unique"
            )
        ]

    def __str__(self) -> str:
        return f"statistics for indicator {self.indicator_id}, period {self.period_id} (n={self.count})"


class Rating(models.Model):
    """The stored results of the rules for one figure of the home authority."""

    observation = models.OneToOneField(
        Observation, on_delete=models.CASCADE, primary_key=True, related_name="rating"
    )
    previous_value = models.DecimalField(null=True, **DECIMAL)
    previous_numerator = models.DecimalField(null=True, **DECIMAL)
    previous_period = models.ForeignKey(
        Period, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    direction = models.CharField(
        max_length=21, choices=[(d.value, d.value) for d in rating.Direction]
    )
    target = models.DecimalField(null=True, **DECIMAL)
    rag = models.CharField(
        max_length=5, choices=[(r.value, r.value) for r in rating.Rag]
    )
    manual_rag = models.CharField(
        max_length=5, blank=True, choices=[(r.value, r.value) for r in rating.Rag]
    )
    manual_rag_reason = models.TextField(blank=True)
    comparison_period = models.ForeignKey(
        Period, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    quartile = models.PositiveSmallIntegerField(null=True)
    rank = models.PositiveIntegerField(null=True)
    rank_of = models.PositiveIntegerField(null=True)
    neighbour_mean = models.DecimalField(null=True, **DECIMAL)
    neighbour_count = models.PositiveSmallIntegerField(default=0)
    england_value = models.DecimalField(null=True, **DECIMAL)
    regional_value = models.DecimalField(null=True, **DECIMAL)
    small_numbers = models.BooleanField(default=False)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(quartile__isnull=True)
                | Q(quartile__gte=1, quartile__lte=4),
                name="rating_quartile_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__lte=F("rank_of")),
                name="rating_rank_within_n",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"rating of observation {self.observation_id}: {self.rag}, {self.direction}"
        )
