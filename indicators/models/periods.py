"""Periods: the spans figures describe, with the collection deadline of the
home authority's figures."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from indicators import rating
from indicators.models.catalogue import Indicator


class Period(models.Model):
    """A span a figure describes; see `rating.Period` for kinds and labels."""

    class Kind(models.TextChoices):
        MONTH = rating.PeriodKind.MONTH, "Month"
        QUARTER = rating.PeriodKind.QUARTER, "Quarter"
        YEAR = rating.PeriodKind.YEAR, "Year"

    kind = models.CharField(max_length=7, choices=Kind.choices)
    year_type = models.CharField(max_length=10, choices=Indicator.YearType.choices)
    label = models.CharField(max_length=20)
    start = models.DateField()
    end = models.DateField()
    # Collection of the home authority's figures for this period.
    collection_deadline = models.DateField(null=True, blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        default=7, help_text="remind owners this many days before the deadline"
    )

    class Meta:
        ordering = ["end", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year_type", "start"], name="period_unique"
            ),
            models.CheckConstraint(
                condition=Q(start__lte=F("end")), name="period_starts_before_end"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def display_label(self) -> str:
        """The label with its year type where a bare label would be ambiguous."""
        if self.kind == self.Kind.YEAR and self.year_type == rating.YearType.REPORTING:
            return f"year to 31 March {self.end.year}"
        if self.kind == self.Kind.YEAR and self.year_type == rating.YearType.ACADEMIC:
            return f"{self.label} (academic year)"
        return self.label

    def as_rule(self) -> rating.Period:
        return rating.Period(
            self.end,
            self.start,
            rating.PeriodKind(self.kind),
            rating.YearType(self.year_type),
            self.label,
        )
