"""Facts from stored ratings: the dashboard's rows for a remit (published
figures only, from the dashboard's own selector), each as wording facts,
and each indicator's chart series."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from committees import selectors as committee_selectors
from indicators import selectors as indicator_selectors
from indicators.models import Area, Indicator, Observation, Period, Rating
from reports import wording

SERIES_LENGTH = 8  # periods shown in each paragraph's chart


def covered_indicators(committee_id: int | None) -> list[int] | None:
    """The indicators a committee's report covers: those the committee
    follows (chosen in its catalogue), grouped by their themes as ever. None
    for a report without a committee, or whose committee follows none: it
    covers its own themes' indicators. Queries: one (none without a
    committee)."""
    if committee_id is None:
        return None
    return sorted(committee_selectors.followed_ids(committee_id)) or None


def report_rows(
    home: Area | None,
    period: Period,
    theme_ids: Iterable[int],
    indicator_ids: Iterable[int] | None = None,
) -> QuerySet[Observation]:
    """The dashboard's rows for `period` (each indicator's latest published
    figure), limited to the indicators given (`covered_indicators`) or
    else to the remit's themes, each with the quartile of the
    figure before it (for "moves into", "remains in") and that figure's base
    (for the count and the base behind a rate's change), the name of the home
    authority's region, and, for a figure from a shorter period than its
    comparison period (a quarter against annual national data), the
    authority's own published figure for the comparison period with its
    quartile and rank: the official position.

    Queries: one (the dashboard's query plus correlated subqueries)."""
    previous = Observation.objects.filter(
        indicator=OuterRef("indicator"),
        area=OuterRef("area"),
        period=OuterRef("rating__previous_period"),
        status=Observation.Status.PUBLISHED,
    )
    official = Observation.objects.filter(
        indicator=OuterRef("indicator"),
        area=OuterRef("area"),
        period=OuterRef("rating__comparison_period"),
        status=Observation.Status.PUBLISHED,
    ).exclude(pk=OuterRef("pk"))
    covered = (
        Q(indicator_id__in=list(indicator_ids))
        if indicator_ids is not None
        else Q(indicator__theme_id__in=list(theme_ids))
    )
    return (
        indicator_selectors.dashboard_rows(home, period)
        .filter(covered)
        .select_related("area")
        .annotate(
            previous_quartile=Subquery(previous.values("rating__quartile")[:1]),
            previous_denominator=Subquery(previous.values("denominator")[:1]),
            official_value=Subquery(official.values("value")[:1]),
            official_quartile=Subquery(official.values("rating__quartile")[:1]),
            official_rank=Subquery(official.values("rating__rank")[:1]),
            official_rank_of=Subquery(official.values("rating__rank_of")[:1]),
        )
        .annotate(region_name=F("area__region__name"))  # the regional figure's
    )


def _indicator_facts(indicator: Indicator) -> dict[str, Any]:
    """What the wording needs from the indicator's definition."""
    return {
        "code": indicator.code,
        "name": indicator.name,
        "theme": indicator.theme.name,
        "unit": indicator.unit,
        "decimals": indicator.decimals,
        "polarity": indicator.polarity,
        "rag_method": indicator.rag_method,
        "banded": indicator.banded,
        "significance_threshold": indicator.significance_threshold,
    }


def facts_for(row: Observation, report_period: Period) -> wording.Facts:
    """One dashboard row as wording facts. Reads row.indicator.theme,
    row.area, row.period and row.rating with its periods (report_rows
    fetches them)."""
    rating: Rating | None = getattr(row, "rating", None)
    singular, plural = wording.count_noun(row.indicator.name)
    common: dict[str, Any] = {
        **_indicator_facts(row.indicator),
        "area": row.area.name,
        "report_period": report_period.name_for(row.indicator),
        "period": row.period.name_for(row.indicator),
        "value": row.value,
        "suppression": row.suppression,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "commentary": row.commentary.strip(),
        "revision_note": row.revision_note.strip() if row.revised else "",
        "provenance": row.provenance,
        "provisional": row.provisional,
        "noun_singular": singular,
        "noun_plural": plural,
        "annual": row.period.kind == Period.Kind.YEAR
        and report_period.kind != Period.Kind.YEAR,
    }
    if rating is None:
        return wording.Facts(**common)
    return wording.Facts(
        **common,
        previous_value=rating.previous_value,
        previous_numerator=rating.previous_numerator,
        previous_period=rating.previous_period.name_for(row.indicator)
        if rating.previous_period
        else "",
        direction=rating.direction,
        target=rating.target,
        rag=rating.rag,
        quartile=rating.quartile,
        previous_quartile=getattr(row, "previous_quartile", None),
        rank=rating.rank,
        rank_of=rating.rank_of,
        comparison_period=rating.comparison_period.name_for(row.indicator)
        if rating.comparison_period
        else "",
        neighbour_mean=rating.neighbour_mean,
        neighbour_count=rating.neighbour_count,
        england_value=rating.england_value,
        small_numbers=rating.small_numbers,
        previous_denominator=getattr(row, "previous_denominator", None),
        official_value=getattr(row, "official_value", None),
        official_quartile=getattr(row, "official_quartile", None),
        official_rank=getattr(row, "official_rank", None),
        official_rank_of=getattr(row, "official_rank_of", None),
    )


def report_series(
    home: Area | None, period: Period, rows: list[Observation]
) -> dict[int, list[list[str | None]]]:
    """Each row's chart: the indicator's published home figures of the same
    kind of period as its latest, up to that figure, the last eight.

    Queries: one, whatever the number of indicators."""
    if home is None or not rows:
        return {}
    latest = {row.indicator_id: row.period for row in rows}
    indicators = {row.indicator_id: row.indicator for row in rows}
    figures = (
        Observation.objects.filter(
            area=home, indicator_id__in=list(latest), period__end__lte=period.end
        )
        .select_related("period")
        .only(
            "indicator_id",
            "value",
            "period__label",
            "period__kind",
            "period__year_type",
            "period__start",
            "period__end",
        )  # fmt: skip
        .order_by("indicator_id", "period__end", "period__start")
    )
    series: dict[int, list[list[str | None]]] = defaultdict(list)
    for figure in figures:
        own = latest[figure.indicator_id]
        same_kind = (figure.period.kind, figure.period.year_type) == (
            own.kind,
            own.year_type,
        )
        if same_kind and figure.period.end <= own.end:
            series[figure.indicator_id].append(
                [
                    figure.period.name_for(indicators[figure.indicator_id]),
                    str(figure.value) if figure.value is not None else None,
                ]
            )
    return {k: v[-SERIES_LENGTH:] for k, v in series.items()}
