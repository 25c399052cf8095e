"""Where the home authority's figures stand among a comparison group: the one
computation the overall-position page and the dashboard's group column share.

A figure is placed among the group's figures for the period the national
rating compares it in (`compared_in`): its quartile and rank among the group
(the home authority counted, as nationally), and the mean of the other
members' figures (as the neighbour mean). One query fetches the group's
figures for any number of indicators (`group_figures`); the placing is pure
(`rating.position`, `rating.national`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection

from indicators.models import Area, Observation, Rating
from indicators.rating import Polarity
from indicators.rating.national import neighbour_mean, ranked_value
from indicators.rating.position import group_quartile, group_rank

# (indicator id, period id) -> each member's (area id, value, symbol).
GroupFigures = dict[tuple[int, int], list[tuple[int, Decimal | None, str]]]


@dataclass(frozen=True)
class GroupPlace:
    """A figure's quartile and rank (of how many) within the group, and the
    mean of the other members' figures (and how many it is of)."""

    quartile: int | None
    rank: int | None
    rank_of: int | None
    mean: Decimal | None = None
    mean_count: int = 0


def compared_in(figure: Observation) -> int:
    """The period whose figures the home figure is placed among: the one its
    national rating compared it in, else its own."""
    rating: Rating | None = getattr(figure, "rating", None)
    if rating is not None and rating.comparison_period_id is not None:
        return rating.comparison_period_id
    return figure.period_id


def banded(figure: Observation) -> bool:
    """Whether the figure's indicator has quartiles and ranks at all."""
    indicator = figure.indicator
    return indicator.banded and indicator.polarity != Polarity.NONE


# The group's figures for exactly the (indicator, period) pairs asked for,
# one index walk of (indicator, period, area) per pair. Filtering on
# indicators and periods separately led PostgreSQL to read every figure of
# the group's authorities (79,000 rows for all counties at 250 measures of
# LAIT, 110 ms); a plain join on the pairs let it choose that plan again as
# its estimates moved (65-130 ms for counties at 432 measures). The lateral
# subquery (OFFSET 0 keeps PostgreSQL from flattening it into a join) fixes
# the walk per pair: 26-50 ms for the same rows (`make bench`).
_GROUP_SQL = """
    SELECT wanted.indicator_id, wanted.period_id, o.area_id, o.value, o.suppression
    FROM unnest(%s::bigint[], %s::bigint[]) AS wanted(indicator_id, period_id)
    CROSS JOIN LATERAL (
        SELECT o.area_id, o.value, o.suppression
        FROM indicators_observation o
        WHERE o.indicator_id = wanted.indicator_id
          AND o.period_id = wanted.period_id
          AND o.status = %s AND {areas}
        OFFSET 0
    ) o
"""


def group_figures(
    figures: Collection[Observation], area_ids: Collection[int] | None
) -> GroupFigures:
    """The group's figures for each (indicator, comparison period) of
    `figures`: every local authority's when `area_ids` is None. One query
    (by pairs on PostgreSQL; the SQLite demo filters in Python)."""
    pairs = {(f.indicator_id, compared_in(f)) for f in figures}
    if not pairs:
        return {}
    rows: Iterable[tuple[Any, ...]]
    if connection.vendor == "postgresql":
        rows = _by_pairs(sorted(pairs), area_ids)
    else:
        found = Observation.objects.filter(
            indicator_id__in={i for i, _ in pairs}, period_id__in={p for _, p in pairs}
        )
        if area_ids is None:
            found = found.filter(area__level=Area.Level.LOCAL_AUTHORITY)
        else:
            found = found.filter(area_id__in=list(area_ids))
        rows = found.values_list(
            "indicator_id", "period_id", "area_id", "value", "suppression"
        )
    values: GroupFigures = defaultdict(list)
    for indicator, period, area, value, symbol in rows:
        if (indicator, period) in pairs:
            values[(indicator, period)].append((area, value, symbol))
    return values


def _by_pairs(
    pairs: list[tuple[int, int]], area_ids: Collection[int] | None
) -> list[tuple[Any, ...]]:
    """The published figures of exactly `pairs`, of the group (PostgreSQL)."""
    params: list[Any] = [
        [i for i, _ in pairs],
        [p for _, p in pairs],
        Observation.Status.PUBLISHED.value,
    ]
    if area_ids is None:
        areas = "o.area_id IN (SELECT id FROM indicators_area WHERE level = %s)"
        params.append(Area.Level.LOCAL_AUTHORITY.value)
    else:
        areas = "o.area_id = ANY(%s::bigint[])"
        params.append(sorted(area_ids))
    with connection.cursor() as cursor:
        cursor.execute(_GROUP_SQL.format(areas=areas), params)
        return list(cursor.fetchall())


def population(figure: Observation, values: GroupFigures) -> list[Decimal | None]:
    """The group's values the figure is ranked among (None takes no part)."""
    found = values.get((figure.indicator_id, compared_in(figure)), [])
    return [ranked_value(value, symbol) for _, value, symbol in found]


def place(
    figure: Observation, values: GroupFigures, home_id: int | None = None
) -> GroupPlace:
    """The figure's quartile and rank among the group (none when its indicator
    is not banded), and the mean of the members other than `home_id`."""
    found = values.get((figure.indicator_id, compared_in(figure)), [])
    mean, count = neighbour_mean(v for area, v, _ in found if area != home_id)
    if not banded(figure):
        return GroupPlace(None, None, None, mean, count)
    ranked = population(figure, values)
    value = ranked_value(figure.value, figure.suppression)
    polarity = figure.indicator.polarity
    rank, of = group_rank(value, ranked, polarity)
    quartile = group_quartile(value, ranked, polarity)
    return GroupPlace(quartile, rank, of if rank is not None else None, mean, count)


def group_places(
    figures: Collection[Observation], area_ids: Collection[int], home_id: int
) -> dict[int, GroupPlace]:
    """Indicator id -> the place of its figure in `figures` among the group
    `area_ids` with the home authority. Queries: one, whatever the number of
    figures."""
    values = group_figures(figures, {*area_ids, home_id})
    return {f.indicator_id: place(f, values, home_id) for f in figures}
