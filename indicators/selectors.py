"""The reads behind each page. Each selector decides its query shape, so that
templates, tables and template tags never query."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber

from indicators.models import (
    Area,
    Indicator,
    Observation,
    Period,
    PeriodStatistics,
    StatisticalNeighbour,
    Target,
)


def home_area_or_none() -> Area | None:
    return Area.objects.filter(code=settings.SCRUTINEER_HOME_AREA).first()


# --- Dashboard -----------------------------------------------------------------


def dashboard_periods(home: Area | None) -> list[Period]:
    """Periods with published home figures, newest first (by end date, then
    the shorter period first: a quarter before the year ending the same day)."""
    if home is None:
        return []
    periods = list(
        Period.objects.filter(
            observations__area=home,
            observations__status=Observation.Status.PUBLISHED,
        ).distinct()
    )
    return sorted(periods, key=lambda p: (p.end, -(p.end - p.start).days), reverse=True)


def period_from_label(label: str, periods: list[Period]) -> Period | None:
    """The period among `periods` with this label (labels are unique enough
    among one authority's periods; a year label prefers the year)."""
    label = " ".join(label.split())
    for period in periods:
        if period.label == label:
            return period
    return None


def dashboard_rows(home: Area | None, period: Period | None) -> QuerySet[Observation]:
    """Each indicator's latest published home figure for a period ending on or
    before `period` ends, with everything the dashboard row shows.

    Queries: one, whatever the number of indicators. A window function ranks
    each indicator's home figures newest first and keeps the first: one pass
    over the home figures (a correlated subquery per figure took 0.9 s at
    national scale, bench/README.md)."""
    if home is None or period is None:
        return Observation.objects.none()
    latest = (
        Observation.objects.filter(area=home, period__end__lte=period.end)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("indicator_id")],
                order_by=[F("period__end").desc(), F("period__start").desc()],
            )
        )
        .filter(position=1)
        .values("pk")
    )
    return (
        Observation.objects.filter(pk__in=latest)
        .select_related(
            "indicator__theme",
            "period",
            "rating",
            "rating__comparison_period",
            "rating__previous_period",
        )
        .order_by("indicator__theme__name", "indicator__name")
    )


# Each web process keeps the dashboard's rows for a few periods. They stay
# until the data version moves: recompute advances it whenever a published
# figure or rating changes, and an edit to an indicator or a theme shows in the
# version too. A lost advance (a process killed between commit and the second
# advance) is bounded by the time limit.
DASHBOARD_CACHE_SIZE = 32
DASHBOARD_CACHE_SECONDS = 300
_dashboard_cache: OrderedDict[tuple[Any, ...], tuple[float, Any]] = OrderedDict()
_dashboard_lock = threading.Lock()


def data_version() -> tuple[Any, ...] | None:
    """What moves whenever the dashboard's rows would change (one query), or
    None where it cannot be known cheaply (SQLite, the demo's database)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT (SELECT last_value FROM indicators_data_version),
                   -- the first nextval leaves last_value as it was
                   (SELECT is_called FROM indicators_data_version),
                   (SELECT max(history_id) FROM indicators_historicalindicator),
                   (SELECT md5(string_agg(id::text || ':' || name || ':' || slug, ','
                                          ORDER BY id))
                    FROM indicators_theme)
            """
        )
        return tuple(cursor.fetchone())


def kept(
    name: str, parts: tuple[Any, ...], version: tuple[Any, ...] | None, build: Any
) -> Any:
    """`build()`'s result, kept in this process under `name`, `parts` and the
    data version until the version moves (or for DASHBOARD_CACHE_SECONDS).
    Without a version (SQLite) nothing is kept. Kept results are shared
    between requests: callers copy lists and never change what they hold."""
    if version is None:
        return build()
    key = (connection.settings_dict["NAME"], name, *parts, version)
    now = time.monotonic()
    with _dashboard_lock:
        hit = _dashboard_cache.get(key)
        if hit is not None and hit[0] > now:
            _dashboard_cache.move_to_end(key)
            return hit[1]
    value = build()
    with _dashboard_lock:
        _dashboard_cache[key] = (now + DASHBOARD_CACHE_SECONDS, value)
        while len(_dashboard_cache) > DASHBOARD_CACHE_SIZE:
            _dashboard_cache.popitem(last=False)
    return value


def dashboard_periods_kept(
    home: Area | None, version: tuple[Any, ...] | None
) -> list[Period]:
    """`dashboard_periods`, kept until the data version moves."""
    return kept(
        "periods", (home.pk if home else None,), version,
        lambda: dashboard_periods(home),
    )  # fmt: skip


def dashboard_rows_kept(
    home: Area | None, period: Period | None, version: tuple[Any, ...] | None
) -> list[Observation]:
    """`dashboard_rows` as a list, kept until the data version moves."""
    if home is None or period is None:
        return []
    return kept(
        "rows", (home.pk, period.pk), version,
        lambda: _dashboard_rows_sharing_periods(home, period),
    )  # fmt: skip


def _dashboard_rows_sharing_periods(home: Area, period: Period) -> list[Observation]:
    """`dashboard_rows` as a list, each period one shared object: a row names
    three (its own, its comparison's and its previous one's), so joining them
    built 6,000 model objects for 2,000 indicators out of a few dozen periods.
    One more query, and about a third less work, at national scale."""
    rows = list(
        dashboard_rows(home, period)
        .select_related(None)
        .select_related("indicator__theme", "rating")
    )
    periods = Period.objects.in_bulk()
    for row in rows:
        row.period = periods[row.period_id]
        rating = getattr(row, "rating", None)  # None when not rated yet
        if rating is not None:
            rating.comparison_period = periods.get(rating.comparison_period_id)
            rating.previous_period = periods.get(rating.previous_period_id)
    return rows


# --- Indicator page ---------------------------------------------------------------


@dataclass
class IndicatorPage:
    """Everything the indicator page shows."""

    indicator: Indicator
    home: Area | None
    home_figures: list[Observation]
    latest: Observation | None
    targets: dict[int, Decimal]
    statistics: dict[int, PeriodStatistics]
    england: dict[int, Observation]
    periods: dict[int, Period]
    comparison_period: Period | None
    authorities: list[Observation]
    neighbour_ids: set[int]
    neighbour_values: dict[int, list[Decimal | None]]
    revisions: list[Any]


def indicator_page(indicator: Indicator) -> IndicatorPage:
    """The indicator page's data in a fixed number of queries: home figures
    with ratings, targets, national statistics, England's figures, and every
    authority's figure in the latest national period. Published only."""
    home = home_area_or_none()
    home_figures: list[Observation] = []
    neighbour_ids: set[int] = set()
    if home is not None:
        home_figures = list(
            Observation.objects.filter(indicator=indicator, area=home)
            .select_related("period", "rating", "rating__comparison_period")
            .order_by("period__end", "period__start")
        )
        neighbour_ids = set(
            StatisticalNeighbour.objects.filter(area=home).values_list(
                "neighbour_id", flat=True
            )
        )
    targets = dict(
        Target.objects.filter(indicator=indicator).values_list("period_id", "value")
    )
    statistics = {
        s.period_id: s
        for s in PeriodStatistics.objects.filter(indicator=indicator).select_related(
            "period"
        )
    }
    periods = {s.period_id: s.period for s in statistics.values()}
    england = {
        o.period_id: o
        for o in Observation.objects.filter(
            indicator=indicator, area__level=Area.Level.NATIONAL
        )
    }
    latest = home_figures[-1] if home_figures else None
    comparison = None
    if statistics:
        comparison = max(periods.values(), key=lambda p: (p.end, p.start))
    authorities: list[Observation] = []
    if comparison is not None:
        authorities = list(
            Observation.objects.filter(
                indicator=indicator,
                period=comparison,
                area__level=Area.Level.LOCAL_AUTHORITY,
            ).select_related("area")
        )
    neighbour_values: dict[int, list[Decimal | None]] = {}
    for period_id, value in Observation.objects.filter(
        indicator=indicator, area_id__in=neighbour_ids
    ).values_list("period_id", "value"):
        neighbour_values.setdefault(period_id, []).append(value)
    revisions = []
    if home is not None:
        revisions = list(
            Observation.history.filter(
                indicator_id=indicator.pk, area_id=home.pk, status="published"
            )
            .select_related("history_user", "period")
            .order_by("-history_date")[:50]
        )
    return IndicatorPage(
        indicator=indicator,
        home=home,
        home_figures=home_figures,
        latest=latest,
        targets=targets,
        statistics=statistics,
        england=england,
        periods=periods,
        comparison_period=comparison,
        authorities=authorities,
        neighbour_ids=neighbour_ids,
        neighbour_values=neighbour_values,
        revisions=revisions,
    )


def indicator_for_page(code: str) -> Indicator | None:
    return (
        Indicator.objects.select_related("theme", "owner", "team")
        .prefetch_related(Prefetch("targets"))
        .filter(code=code)
        .first()
    )
