"""Areas, themes, indicators, periods, observations, targets and the stored
results of the rating rules. Invariants are database constraints; the rules
themselves live in `indicators/rating.py` and are applied by `services.py`."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from indicators import rating
from indicators.mail import Delivery

DECIMAL = {"max_digits": 20, "decimal_places": 6}


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


class Theme(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)

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
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    @property
    def is_percent(self) -> bool:
        return self.unit == self.Unit.PERCENT


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


class ObservationQuerySet(models.QuerySet["Observation"]):
    def published(self) -> ObservationQuerySet:
        return self.filter(status=Observation.Status.PUBLISHED)

    def for_area(self, area: Area | int) -> ObservationQuerySet:
        return self.filter(area=area)

    def for_period(self, period: Period | int) -> ObservationQuerySet:
        return self.filter(period=period)


class PublishedManager(models.Manager.from_queryset(ObservationQuerySet)):  # type: ignore[misc]
    """The default manager: published figures only, so that a draft cannot reach
    a councillor by accident. Being the default, it is also the class of every
    reverse relation (`indicator.observations`, `area.observations`,
    `period.observations`) and of a `Prefetch` of them. Use
    `Observation.all_objects` deliberately, for the writes and the officers'
    own pages that must see drafts."""

    def get_queryset(self) -> ObservationQuerySet:
        return super().get_queryset().published()


class Observation(models.Model):
    """One figure: an indicator's value for an area and period."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        PUBLISHED = "published", "Published"

    class Source(models.TextChoices):
        RETURN = "return", "Local return"
        BENCHMARK = "benchmark", "National benchmark"
        ENTRY = "entry", "Entered on a form"

    # Indexes are chosen from bench/README.md: every index costs each of the
    # millions of benchmark rows an insert. The unique constraint's index
    # serves lookups by indicator, so the indicator needs none of its own.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations",
        db_index=False,
    )  # fmt: skip
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="observations",
        db_index=False,  # a covering index below: the dashboard's home figures
    )  # fmt: skip
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="observations"
    )
    value = models.DecimalField(null=True, blank=True, **DECIMAL)
    numerator = models.DecimalField(null=True, blank=True, **DECIMAL)
    denominator = models.DecimalField(null=True, blank=True, **DECIMAL)
    suppression = models.CharField(
        max_length=4, blank=True, help_text="symbol when not available"
    )
    # Copied from the indicator so that the database itself can enforce
    # numerator <= denominator for percentages.
    is_percent = models.BooleanField(default=False)
    status = models.CharField(
        max_length=9, choices=Status.choices, default=Status.DRAFT
    )
    commentary = models.TextField(blank=True)
    source = models.CharField(max_length=9, choices=Source.choices)
    import_job = models.ForeignKey(
        "indicators.ImportJob",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # a partial index below: benchmark figures have none
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # a partial index below: benchmark figures have none
    )
    published_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    # A published figure that was later corrected is marked revised, with the
    # reason shown as a revision note (Code of Practice for Statistics).
    revised = models.BooleanField(default=False)
    revision_note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Every change (who, when, old and new values, through which page or import
    # job) is kept; services write through the history-aware bulk helpers.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    # The default manager (the first, and named below) is the published-only
    # one: Django builds reverse relations from the default manager's class.
    # The base manager stays unfiltered, for Django's own internals (saving,
    # refreshing, deleting and the forward side of a relation, which must
    # find a row whatever its status).
    objects = PublishedManager()
    all_objects = ObservationQuerySet.as_manager()

    class Meta:
        base_manager_name = "all_objects"
        default_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period"], name="observation_unique"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0),
                name="observation_numerator_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gte=0),
                name="observation_denominator_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(is_percent=False)
                | Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=F("denominator")),
                name="observation_numerator_within_denominator",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(suppression=""),
                name="observation_value_or_symbol",
            ),
        ]
        indexes = [
            models.Index(
                fields=["indicator", "period", "area"], name="observation_by_period"
            ),
            # The dashboard ranks every home figure to find each indicator's
            # latest: with these columns in the index it never reads the table
            # (an index-only scan; 380 ms to 145 ms at 3.3 million figures,
            # bench/README.md). It also serves the PROTECT check on an area.
            models.Index(
                fields=["area"],
                include=["indicator", "period", "status", "id"],
                name="observation_by_area",
            ),
            models.Index(
                fields=["submitted_by"],
                name="observation_submitted_by",
                condition=Q(submitted_by__isnull=False),
            ),
            models.Index(
                fields=["published_by"],
                name="observation_published_by",
                condition=Q(published_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.area.code} {self.period.label}"


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(**DECIMAL)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"target {self.value} for indicator {self.indicator_id}, period {self.period_id}"


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


class ImportJob(models.Model):
    """The record of one import. The database row, not the broker, is the
    truth: a task claims the job by a conditional update and writes its result
    here; a job that never ran can be re-queued from this row alone."""

    class Kind(models.TextChoices):
        INDICATORS = "indicators", "Indicator definitions"
        NEIGHBOURS = "neighbours", "Statistical neighbours"
        BENCHMARKS = "benchmarks", "National benchmarks"
        RETURNS = "returns", "Quarterly return"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Imported"
        REJECTED = "rejected", "Rejected"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(
        max_length=9, choices=Status.choices, default=Status.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="imports/%Y/%m/")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    options = models.JSONField(default=dict, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_valid = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (
            self.Status.SUCCEEDED,
            self.Status.REJECTED,
            self.Status.FAILED,
        )


class FigureReminder(Delivery):
    """One reminder per indicator, period and deadline: inserting this row is
    how a reminder job claims the right to send it, so two beat processes
    cannot both send one. Its delivery fields (indicators.mail.Delivery) say
    how the sending went; `failed_recipients` are those of `recipients` whose
    mail server refused it, tried again by a later run."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    deadline = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True)
    failed_recipients = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "deadline"], name="figure_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"reminder {self.indicator_id}/{self.period_id} for {self.deadline}"
