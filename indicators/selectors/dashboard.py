"""The reads behind each page. Each selector decides its query shape, so that
templates, tables and template tags never query."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Case, F, Max, Min, Prefetch, QuerySet, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber

from indicators import formatting, rating
from indicators.models import (
    Area,
    Indicator,
    Observation,
    Period,
    PeriodStatistics,
    StatisticalNeighbour,
    Target,
)
from indicators.rating import (
    DIRECTION_ORDER,
    NO_QUARTILE_ORDER,
    RAG_ORDER,
    Direction,
    Rag,
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
        .annotate(**meaning_orders())
        .order_by("indicator__theme__name", "indicator__name")
    )


def meaning_orders() -> dict[str, Any]:
    """`rag_order`, `direction_order` and `quartile_order`: the positions the
    dashboard sorts those columns by (`rating.RAG_ORDER` and its kin: red
    first, not rated last). A figure not rated yet sorts as not rated. On the
    row itself, so that a sort of kept rows and of a query agree."""

    def positions(field: str, order: tuple[Any, ...], missing: Any) -> Case:
        return Case(
            *(When(**{field: v.value}, then=Value(n)) for n, v in enumerate(order)),
            default=Value(order.index(missing)),
        )

    return {
        "rag_order": positions("rating__rag", RAG_ORDER, Rag.NA),
        "direction_order": positions(
            "rating__direction", DIRECTION_ORDER, Direction.NA
        ),
        "quartile_order": Coalesce("rating__quartile", Value(NO_QUARTILE_ORDER)),
    }


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
    # The target in force for each home figure: its own, its year's, or the
    # latest set before it (a target holds until replaced).
    set_targets = [
        (t.period.as_rule(), t.value)
        for t in Target.objects.filter(indicator=indicator).select_related("period")
    ]
    targets = {
        o.period_id: found.value
        for o in home_figures
        if (found := rating.target_in_force(o.period.as_rule(), set_targets))
    }
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


# --- Targets in force ----------------------------------------------------------------


def targets_in_force(
    indicator_ids: Iterable[int], periods: Iterable[Period]
) -> dict[tuple[int, int], rating.TargetInForce]:
    """For each indicator and period, the target that applies to it (its own,
    its year's, or the latest set before it: `rating.target_in_force`).

    Queries: one, whatever the number of indicators and periods."""
    by_indicator: dict[int, list[tuple[rating.Period, Decimal]]] = defaultdict(list)
    for target in Target.objects.filter(
        indicator_id__in=list(indicator_ids)
    ).select_related("period"):
        by_indicator[target.indicator_id].append(
            (target.period.as_rule(), target.value)
        )
    found = {}
    for period in periods:
        spec = period.as_rule()
        for indicator_id, targets in by_indicator.items():
            in_force = rating.target_in_force(spec, targets)
            if in_force is not None:
                found[(indicator_id, period.pk)] = in_force
    return found


def quarter_targets(
    targets: Iterable[Target], quarters: Iterable[rating.Period]
) -> list[tuple[rating.Period, rating.TargetInForce | None]]:
    """The target each of these periods takes from an indicator's targets
    (read with their periods: select_related("period")). No queries."""
    set_targets = [(t.period.as_rule(), t.value) for t in targets]
    return [(q, rating.target_in_force(q, set_targets)) for q in quarters]


# --- Figures sent back ---------------------------------------------------------------


def sent_back(
    indicators: Iterable[Indicator], periods: Iterable[Period]
) -> dict[int, list[Observation]]:
    """Per period id, the home figures of these indicators that the
    performance team sent back and their officer has not yet resubmitted
    (each with its reason and indicator).

    Queries: one."""
    found: dict[int, list[Observation]] = defaultdict(list)
    for row in (
        Observation.all_objects.filter(
            area=home_area_or_none(),
            period__in=list(periods),
            indicator__in=list(indicators),
            status=Observation.Status.DRAFT,
        )
        .exclude(rejection_reason="")
        .select_related("indicator")
        .order_by("indicator__name")
    ):
        found[row.period_id].append(row)
    return found


# --- Publishing queue ----------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One check on a figure before it is published: which rule, in words."""

    rule: str
    text: str


@dataclass
class QueueRow:
    """A submitted figure with what the performance team weighs before
    publishing it."""

    obs: Observation
    rated: dict[str, Any]  # the rating it would get if published now
    target: rating.TargetInForce | None
    change: Decimal | None
    checks: list[Check]

    @property
    def held_back(self) -> bool:
        """Publishing would hold it back: a red without commentary."""
        return any(c.rule == "commentary" for c in self.checks)

    @property
    def target_is_own(self) -> bool:
        return self.target is not None and self.target.is_own(self.obs.period.as_rule())


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def publish_checks(
    obs: Observation,
    rated: dict[str, Any],
    history: list[Decimal | None],
    national: tuple[Decimal | None, Decimal | None],
) -> list[Check]:
    """The checks on one submitted figure, each saying which rule fired: a red
    without commentary; small numbers (a small base, or a count that moved by
    two or fewer); a change over three times the usual; a value outside every
    national figure so far. `history`: earlier published figures of the same
    kind of period, oldest first."""
    indicator = obs.indicator
    checks = []
    if rating.needs_commentary(rag=rated["rag"], commentary=obs.commentary):
        checks.append(
            Check(
                "commentary",
                "Rates red and has no commentary: it will not be published. "
                "Send it back for the officer to explain it.",
            )
        )
    previous_count = rated["previous_numerator"]
    for rule in rating.small_number_rules(
        denominator=obs.denominator,
        numerator=obs.numerator,
        previous_numerator=previous_count,
    ):
        if rule is rating.SmallNumberRule.SMALL_BASE:
            text = (
                f"Small number: based on {_plain(obs.denominator)}"
                f" (fewer than {rating.SMALL_DENOMINATOR})"
            )
        else:
            moved = abs(obs.numerator - previous_count)
            text = (
                f"Small number: the count changed by {_plain(moved)}"
                f" ({_plain(previous_count)} to {_plain(obs.numerator)}),"
                f" {rating.SMALL_NUMERATOR_CHANGE} or fewer"
            )
        checks.append(Check(rule.value, text))
    unusual = rating.unusual_change(obs.value, history)
    if unusual is not None:
        change, usual = unusual
        checks.append(
            Check(
                "unusual change",
                f"Changed by {formatting.format_change(change, indicator.unit, indicator.decimals)},"
                " more than three times the usual change"
                f" ({formatting.format_change(usual, indicator.unit, indicator.decimals)})",
            )
        )
    low, high = national
    if rating.outside_range(obs.value, low, high):
        checks.append(
            Check(
                "outside national range",
                f"Outside every national figure so far ({_plain(low)} to {_plain(high)})",
            )
        )
    return checks


def publish_queue(home: Area | None) -> dict[Period, dict[str, list[QueueRow]]]:
    """Submitted home figures by period (newest first) and theme, each with
    the rating it would get (RAG, target in force), its change from the
    previous period and its checks.

    Queries: a fixed number, whatever the number of figures: the figures;
    the rules' facts for their indicators (`facts_for`); the national range
    of each indicator."""
    from indicators.services.ratings import facts_for

    if home is None:
        return {}
    submitted = list(
        Observation.all_objects.filter(area=home, status=Observation.Status.SUBMITTED)
        .select_related("indicator__theme", "period", "submitted_by")
        .order_by("-period__end", "indicator__theme__name", "indicator__name")
    )
    if not submitted:
        return {}
    indicators = {o.indicator_id: o.indicator for o in submitted}
    facts = {f.indicator.pk: f for f in facts_for(list(indicators.values()))}
    ranges = {
        row["indicator_id"]: (row["low"], row["high"])
        for row in Observation.objects.filter(
            indicator_id__in=list(indicators), source=Observation.Source.BENCHMARK
        )
        .values("indicator_id")
        .annotate(low=Min("value"), high=Max("value"))
        .order_by()
    }
    groups: dict[Period, dict[str, list[QueueRow]]] = {}
    for obs in submitted:
        indicator_facts = facts[obs.indicator_id]
        spec = obs.period.as_rule()
        rated = indicator_facts.rate(
            period=obs.period,
            value=obs.value,
            numerator=obs.numerator,
            denominator=obs.denominator,
        )
        history = [
            h.value
            for h in sorted(indicator_facts.home_obs, key=lambda h: h.period.end)
            if h.period.kind == obs.period.kind and h.period.end < obs.period.end
        ]
        previous = rated["previous_value"]
        groups.setdefault(obs.period, {}).setdefault(
            obs.indicator.theme.name, []
        ).append(
            QueueRow(
                obs=obs,
                rated=rated,
                target=indicator_facts.target_in_force(spec),
                change=obs.value - previous
                if obs.value is not None and previous is not None
                else None,
                checks=publish_checks(
                    obs, rated, history, ranges.get(obs.indicator_id, (None, None))
                ),
            )
        )
    return groups
