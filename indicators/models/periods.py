"""Periods: the spans figures describe, with the collection deadline of the
home authority's figures."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from indicators import formatting, rating
from indicators.models.catalogue import Indicator

_QUALIFIED: dict[str, str] = {
    rating.YearType.SEPTEMBER: "Sep",
    rating.YearType.JANUARY: "Jan",
}


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
        """The period's name for headings and lists, as the committee says it
        ("July to September 2025 (quarter 2)", "year to 30 September 2025");
        `name_for` says it for an indicator's figure ("at 31 March 2025")."""
        return formatting.period_name(self.as_rule())

    def name_for(self, indicator: Indicator) -> str:
        """The period of one of `indicator`'s figures: "at 31 March 2025"
        for a snapshot, "two years to 31 March 2025" for a two-year measure."""
        return formatting.period_name(
            self.as_rule(), indicator.measured, indicator.span_years
        )

    @property
    def query_label(self) -> str:
        """The label a dashboard address names it by (`?period=`): the
        contract's label, with the reference month after a year counted to
        30 September or to January (`2025 Sep`), whose bare label `2025` is
        the reporting year's."""
        if self.kind == self.Kind.YEAR and self.year_type in _QUALIFIED:
            return f"{self.label} {_QUALIFIED[self.year_type]}"
        return self.label

    def as_rule(self) -> rating.Period:
        return rating.Period(
            self.end,
            self.start,
            rating.PeriodKind(self.kind),
            rating.YearType(self.year_type),
            self.label,
        )
