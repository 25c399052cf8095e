"""The catalogue: themes, the teams that own indicators, and the indicators'
definitions."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from indicators import rating
from indicators.models.fields import DECIMAL


class Outcome(models.Model):
    """One of the outcomes of the council's plan ("Children and families are
    safe"): the report's headings group the themes under them. Kept by the
    performance team in the admin; a theme need not belong to one."""

    name = models.CharField(max_length=200, unique=True)
    position = models.PositiveIntegerField(
        default=0, help_text="the order of the outcomes in the report"
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    outcome = models.ForeignKey(
        Outcome,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="themes",
        help_text="the council plan outcome the theme is reported under, if any",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team of officers that owns indicators (e.g. "Children's social care
    performance"). Any member may enter and submit the team's figures."""

    name = models.CharField(max_length=200, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="teams"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PERCENT = "percent", "Percentage"
        NUMBER = "number", "Number"
        RATE = "rate", "Rate"
        SCORE = "score", "Score"
        DAYS = "days", "Days"
        CURRENCY = "currency", "Currency"

    class Polarity(models.TextChoices):
        HIGHER = rating.Polarity.HIGHER, "Higher is better"
        LOWER = rating.Polarity.LOWER, "Lower is better"
        NONE = rating.Polarity.NONE, "No polarity"

    class RagMethod(models.TextChoices):
        TARGET = rating.RagMethod.TARGET, "Against target"
        QUARTILE = rating.RagMethod.QUARTILE, "By national quartile"
        MANUAL = rating.RagMethod.MANUAL, "Set by the performance team"
        NONE = rating.RagMethod.NONE, "Not rated"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"

    class YearType(models.TextChoices):
        FINANCIAL = rating.YearType.FINANCIAL, "Financial year (April to March)"
        ACADEMIC = rating.YearType.ACADEMIC, "Academic year (September to August)"
        CALENDAR = rating.YearType.CALENDAR, "Calendar year"
        REPORTING = rating.YearType.REPORTING, "Reporting year (to 31 March)"
        SEPTEMBER = rating.YearType.SEPTEMBER, "Year to 30 September"
        JANUARY = rating.YearType.JANUARY, "Year to the January school census"

    class Measured(models.TextChoices):
        OVER = rating.Measured.OVER, "Over the period (a count or rate)"
        AT = rating.Measured.AT, "At the end of the period (a snapshot)"

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=300)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="indicators"
    )
    unit = models.CharField(max_length=10, choices=Unit.choices)
    polarity = models.CharField(max_length=6, choices=Polarity.choices)
    rag_method = models.CharField(max_length=8, choices=RagMethod.choices)
    tolerance = models.DecimalField(default=Decimal(0), **DECIMAL)
    significance_threshold = models.DecimalField(default=Decimal(0), **DECIMAL)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    decimals = models.PositiveSmallIntegerField(default=1)
    source = models.TextField(blank=True)
    description = models.TextField(blank=True)
    year_type = models.CharField(
        max_length=10, choices=YearType.choices, default=YearType.FINANCIAL
    )
    banded = models.BooleanField(
        default=True, help_text="Whether national quartiles apply"
    )
    # A cumulative measure is judged over its year: the committee reads its
    # year to date against the target ("year to date 33.3% against 80%").
    cumulative = models.BooleanField(
        default=False, help_text="Whether the year to date is read against the target"
    )
    # How its period is said: "in the year to 31 March 2025" (over, one
    # year), "at 31 March 2025" (at), "in the two years to ..." (span 2).
    measured = models.CharField(
        max_length=4, choices=Measured.choices, default=Measured.OVER
    )
    span_years = models.PositiveSmallIntegerField(
        default=1, help_text="Years a figure covers: 2 for a two-year measure"
    )
    # When its publisher next updates it, in the publisher's words ("1
    # February 2026", "Discontinued"): LAIT's dictionary says so per measure.
    next_update = models.CharField(
        max_length=100, blank=True, help_text="When the source next publishes it"
    )

    # Who enters the figures: a named officer, a team, or both.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_indicators",
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["theme__name", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tolerance__gte=0), name="indicator_tolerance_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(significance_threshold__gte=0),
                name="indicator_threshold_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(decimals__lte=6), name="indicator_decimals_at_most_6"
            ),
            models.CheckConstraint(
                condition=Q(span_years__gte=1, span_years__lte=10),
                name="indicator_span_years_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    @property
    def is_percent(self) -> bool:
        return self.unit == self.Unit.PERCENT
