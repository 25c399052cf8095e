"""The dashboard's reads: the periods with published home figures, each
indicator's latest figure for a period, and the rows' meaning orders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    F,
    JSONField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, JSONObject, RowNumber

from indicators.models import (
    Area,
    Observation,
    Period,
)
from indicators.rating import (
    DIRECTION_ORDER,
    NO_QUARTILE_ORDER,
    RAG_ORDER,
    Direction,
    Rag,
)
from indicators.selectors.kept import data_version, kept, kept_in_process
from indicators.summary import RatedRow, rated_row, sentences, summarise


class Keep(Protocol):
    """A keeper: `build()`'s result kept under the rest of the key, `parts`."""

    def __call__[T](self, parts: Any, build: Callable[[], T]) -> T: ...


def home_area() -> Area:
    """The authority this deployment serves (SCRUTINEER_HOME_AREA); raises
    Area.DoesNotExist until it is loaded."""
    return Area.objects.get(code=settings.SCRUTINEER_HOME_AREA)


def home_area_or_none() -> Area | None:
    """The authority this deployment serves, or None before it is loaded;
    with its region, which the comparator groups name."""
    return (
        Area.objects.filter(code=settings.SCRUTINEER_HOME_AREA)
        .select_related("region")
        .first()
    )


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
    """The period among `periods` named by this label: its `query_label`
    (`2025 Sep` for the year to 30 September 2025), or else the contract's
    bare label (`2025`), the reporting or calendar year before another."""
    label = " ".join(label.split())
    for period in periods:
        if period.query_label.casefold() == label.casefold():
            return period
    for period in periods:
        if period.label == label:
            return period
    return None


def dashboard_rows(home: Area | None, period: Period | None) -> QuerySet[Observation]:
    """Each indicator's latest published home figure for a period ending on or
    before `period` ends, with everything the dashboard row shows.

    Official position (DESIGN.md): where DfE's published figure and a local
    one (a quarter) end on the same day, the row is the official figure, and
    `beside` carries the local one (`local_beside`) so the row shows both.

    Queries: one, whatever the number of indicators. A window function ranks
    each indicator's home figures newest first and keeps the first: one pass
    over the home figures (a correlated subquery per figure took 0.9 s at
    national scale, bench/README.md)."""
    if home is None or period is None:
        return Observation.objects.none()
    latest = latest_of_each_indicator(
        Observation.objects.filter(area=home, period__end__lte=period.end)
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
        .annotate(
            **meaning_orders(),
            beside=local_beside(),
            previous_symbol=previous_symbol(),
        )
        .order_by("indicator__theme__name", "indicator__name")
    )


def latest_of_each_indicator(figures: QuerySet[Observation]) -> QuerySet[Any]:
    """The pks of each indicator's newest figure among `figures` (the
    official one where a local one ends the same day), as a subquery: a
    window ranks each indicator's figures newest first and keeps the first."""
    official_first = Case(
        When(Observation.official_condition(), then=Value(0)), default=Value(1)
    )
    return (
        figures.annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("indicator_id")],
                order_by=[
                    F("period__end").desc(),
                    official_first.asc(),
                    F("period__start").desc(),
                ],
            )
        )
        .filter(position=1)
        .values("pk")
    )


def local_beside() -> Case:
    """For an official figure, the local one for the same indicator ending
    the same day (the shortest: a quarter before a half-year), as a dict of
    `period`, `value` (text, exact), `suppression`, `illustrative` and
    `provisional`; None beside any other figure. A correlated subquery in
    the rows' own query: no query of its own."""
    local = (
        Observation.objects.filter(
            indicator=OuterRef("indicator"),
            area=OuterRef("area"),
            period__end=OuterRef("period__end"),
        )
        .exclude(Observation.official_condition())
        .order_by("-period__start")
        .values(
            json=JSONObject(
                period=F("period__label"),
                value=Cast("value", CharField()),
                suppression=F("suppression"),
                illustrative=F("illustrative"),
                provisional=F("provisional"),
            )
        )[:1]
    )
    return Case(
        When(Observation.official_condition(), then=Subquery(local)),
        default=Value(None),
        output_field=JSONField(),
    )


def previous_symbol() -> Subquery:
    """The suppression symbol of the figure the row's rating compares with
    ('' when it has a value): the symbol is the figure, shown and exported
    in place of a previous value DfE suppressed. In the rows' own query."""
    return Subquery(
        Observation.objects.filter(
            indicator=OuterRef("indicator"),
            area=OuterRef("area"),
            period=OuterRef("rating__previous_period"),
        ).values("suppression")[:1],
        output_field=CharField(),
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


def dashboard_periods_kept(
    home: Area | None, version: tuple[Any, ...] | None
) -> list[Period]:
    """`dashboard_periods`, kept in the shared cache until the data version
    moves."""
    return kept(
        "periods", (home.pk if home else None,), version,
        lambda: dashboard_periods(home),
    )  # fmt: skip


def dashboard_rows_kept(
    home: Area | None, period: Period | None, version: tuple[Any, ...] | None
) -> list[Observation]:
    """`dashboard_rows` as a list, kept in this process until the shared data
    version moves (`selectors.kept` says why not in the shared cache)."""
    if home is None or period is None:
        return []
    build = partial(_dashboard_rows_sharing_periods, home, period)
    return kept_in_process("rows", (home.pk, period.pk), version, build)


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


def rated_rows(rows: list[Observation]) -> list[RatedRow]:
    """The summary's view of dashboard rows (each with its rating): for the
    dashboard's summary and the drafted report's overview alike."""
    return [rated_row(row) for row in rows]


@dataclass
class DashboardScope:
    """What the dashboard shows a figure for: the home authority, the data
    version what it keeps is held under, the periods on offer and the one
    asked for (the latest, unless another is asked for; None, with
    `period_not_found`, when the one asked for is not on offer)."""

    home: Area | None
    version: tuple[Any, ...] | None
    periods: list[Period]
    period: Period | None
    period_not_found: bool

    def keeper(self, name: str) -> Keep:
        """`kept` (the shared cache) under `name`, for this home authority,
        period and data version: call it with the rest of the key and the
        builder."""
        home, period = self.home, self.period

        def keep[T](parts: Any, build: Callable[[], T]) -> T:
            key = (home and home.pk, period and period.pk, parts)
            return kept(name, key, self.version, build)

        return keep


def dashboard_scope(wanted: str) -> DashboardScope:
    """The dashboard's scope for the period label asked for ('' for the
    latest). Queries: the data version, and (unless kept) the periods."""
    home = home_area_or_none()
    version = data_version()
    periods = dashboard_periods_kept(home, version)
    period = period_from_label(wanted, periods) if wanted else None
    not_found = bool(wanted) and period is None
    if period is None and not not_found and periods:
        period = periods[0]
    return DashboardScope(home, version, periods, period, not_found)


def dashboard_summary(
    scope: DashboardScope, rows: list[Observation], filters: tuple[str, ...] | None
) -> list[str]:
    """The summary's sentences for the rows the table shows (with `filters`,
    those matching them), kept per period and filters like the rows."""

    def build() -> list[str]:
        if filters is not None and not rows:
            return ["No published measures match these filters."]
        return sentences(summarise(rated_rows(rows)))

    return scope.keeper("summary")(filters or (), build)
