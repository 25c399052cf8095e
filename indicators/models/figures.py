"""Figures (observations) with their published-only default manager, and the
targets set for them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from indicators.models.areas import Area
from indicators.models.catalogue import Indicator
from indicators.models.fields import DECIMAL
from indicators.models.periods import Period


class ObservationQuerySet(models.QuerySet["Observation"]):
    def published(self) -> ObservationQuerySet:
        return self.filter(status=Observation.Status.PUBLISHED)

    def for_area(self, area: Area | int) -> ObservationQuerySet:
        return self.filter(area=area)

    def for_period(self, period: Period | int) -> ObservationQuerySet:
        return self.filter(period=period)


# Made at module level, where django-stubs' plugin can type it.
ObservationManager = models.Manager.from_queryset(ObservationQuerySet)


class PublishedManager(ObservationManager):
    """The default manager: published figures only, so that a draft cannot reach
    a councillor by accident. Being the default, it is also the class of every
    reverse relation (`indicator.observations`, `area.observations`,
    `period.observations`) and of a `Prefetch` of them. Use
    `Observation.all_objects` deliberately, for the writes and the officers'
    own pages that must see drafts."""

    def get_queryset(self) -> ObservationQuerySet:  # type: ignore[override]
        # The plugin types the base's queryset loosely; it is ours.
        return cast(ObservationQuerySet, super().get_queryset()).published()


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

    class Provenance(models.TextChoices):
        """Whose figure it is, shown and exported with it (`provenance`)."""

        OFFICIAL = "official", "Official (DfE published)"
        LOCAL = "local", "Local (this authority's own)"
        ILLUSTRATIVE = "illustrative", "Illustrative (made up for the demo)"

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
    # A figure made up to show the product (the demo's local return): it is
    # labelled illustrative wherever it is shown or exported.
    illustrative = models.BooleanField(default=False, db_default=False)
    # Not yet validated: the figure may change when it is (shown as
    # "provisional"), as DfE marks its own first releases.
    provisional = models.BooleanField(default=False, db_default=False)
    # The indicator's definition changed at this figure, so it does not
    # compare like for like with earlier ones (shown beside "revised").
    definition_changed = models.BooleanField(default=False, db_default=False)
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
            # The dashboard and the overall position rank every home figure
            # to find each indicator's latest: with these columns in the index
            # (`source` and `illustrative` say which figure is official) it
            # never reads the table (an index-only scan; 380 ms to 145 ms at
            # 3.3 million figures, and 19 ms to 6 ms for the home's 3,754 LAIT
            # figures, each on its own heap page; bench/README.md). It also
            # serves the PROTECT check on an area.
            models.Index(
                fields=["area"],
                include=[
                    "indicator",
                    "period",
                    "status",
                    "id",
                    "source",
                    "illustrative",
                ],
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

    @property
    def provenance(self) -> str:
        """Whose figure this is: illustrative when made up; official when
        it came from DfE's published data (a benchmark import); otherwise
        the authority's own local figure (a return or a form)."""
        if self.illustrative:
            return self.Provenance.ILLUSTRATIVE
        if self.source == self.Source.BENCHMARK:
            return self.Provenance.OFFICIAL
        return self.Provenance.LOCAL

    @property
    def is_official(self) -> bool:
        return self.provenance == self.Provenance.OFFICIAL

    @classmethod
    def official_condition(cls) -> Q:
        """`provenance == OFFICIAL` as a query condition (the property's rule,
        for the database: tests hold the two together)."""
        return Q(source=cls.Source.BENCHMARK, illustrative=False)


@dataclass(frozen=True)
class LocalBeside:
    """The local figure shown beside an official one that ends the same day
    (the dashboard's `beside` annotation, `selectors.dashboard.local_beside`)."""

    period: str
    value: Decimal | None
    suppression: str
    illustrative: bool
    provisional: bool

    @property
    def provenance(self) -> str:
        if self.illustrative:
            return Observation.Provenance.ILLUSTRATIVE
        return Observation.Provenance.LOCAL

    @classmethod
    def of(cls, row: Any) -> LocalBeside | None:
        """The local figure beside `row`, or None (no annotation, or none)."""
        found = getattr(row, "beside", None)
        if not found:
            return None
        value = found.get("value")
        return cls(
            period=found["period"],
            value=Decimal(value) if value is not None else None,
            suppression=found.get("suppression") or "",
            illustrative=bool(found.get("illustrative")),
            provisional=bool(found.get("provisional")),
        )


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
