"""The overall position page's reads: the home authority's latest figure in
every indicator with its quartile and rank among a comparison group, counted
per theme, and its spend against performance per theme.

The group is a set of area ids (any comparator group), or None for all
authorities, whose quartiles and ranks are the stored national ones
(`Rating`); a group's are computed by `group_places`, as the dashboard's
group column's are. The finance measures are banded here (they have no
polarity, so no stored quartile)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from indicators.lait.finance import finance_themes
from indicators.models import Area, Observation
from indicators.rating.national import ranked_value
from indicators.rating.position import (
    QuartileCounts,
    ThemePosition,
    quartile_counts,
    spend_quartile,
    theme_position,
)
from indicators.selectors.dashboard import latest_of_each_indicator
from indicators.selectors.group_places import (
    GroupFigures,
    banded,
    group_figures,
    place,
    population,
)


@dataclass(frozen=True)
class Placed:
    """An indicator's latest home figure and its place in the group."""

    observation: Observation
    quartile: int | None
    rank: int | None
    rank_of: int | None


@dataclass(frozen=True)
class ThemeBlock:
    name: str
    counts: QuartileCounts
    rows: list[Placed]


@dataclass(frozen=True)
class SpendRow:
    """A finance measure's home figure, its theme and its spend quartile
    (1 = spends least) among the group."""

    theme: str
    observation: Observation
    quartile: int | None
    of: int


@dataclass(frozen=True)
class PositionPage:
    themes: list[ThemeBlock]
    spend: list[SpendRow]
    positions: list[ThemePosition]


def latest_home_figures(
    home: Area,
    indicator_ids: Collection[int] | None = None,
    until: date | None = None,
) -> list[Observation]:
    """Each indicator's latest published home figure (the official one where
    a local one ends the same day), with its indicator, theme, period and
    rating; only figures for periods ending by `until`, if given (a report's
    period, as its dashboard rows). One query (`latest_of_each_indicator`,
    as the dashboard's)."""
    mine = Observation.objects.filter(area=home)
    if until is not None:
        mine = mine.filter(period__end__lte=until)
    if indicator_ids is not None:
        mine = mine.filter(indicator_id__in=list(indicator_ids))
    latest = latest_of_each_indicator(mine)
    return list(
        Observation.objects.filter(pk__in=latest)
        .select_related("indicator__theme", "period", "rating")
        .order_by("indicator__theme__name", "indicator__name")
    )


def _place(figure: Observation, group: GroupFigures | None) -> Placed:
    """Quartile and rank: stored nationally; computed among a group."""
    if group is None:
        rating = getattr(figure, "rating", None)
        if rating is None:
            return Placed(figure, None, None, None)
        return Placed(figure, rating.quartile, rating.rank, rating.rank_of)
    placed = place(figure, group)
    return Placed(figure, placed.quartile, placed.rank, placed.rank_of)


def position_page(
    home: Area,
    *,
    area_ids: Collection[int] | None = None,
    theme: str = "",
    indicator_ids: Collection[int] | None = None,
    finance: Mapping[str, str] | None = None,
    until: date | None = None,
) -> PositionPage:
    """The page's data among the group `area_ids` (home added; None for all
    authorities), for one theme's slug or all, for `indicator_ids` (a
    committee's) or every indicator, from the latest figures (or the latest
    for periods ending by `until`: a report's period). Queries: two,
    whatever the number of indicators (the home figures; the group's
    figures)."""
    finance = finance_themes() if finance is None else finance
    figures = latest_home_figures(home, indicator_ids, until)
    spent = [f for f in figures if f.indicator.code in finance]
    outcomes = [
        f
        for f in figures
        if f.indicator.code not in finance
        and (not theme or f.indicator.theme.slug == theme)
    ]
    group = None if area_ids is None else {*area_ids, home.pk}
    wanted = spent + ([] if group is None else [f for f in outcomes if banded(f)])
    values = group_figures(wanted, group)
    placed = [_place(f, None if group is None else values) for f in outcomes]
    blocks = _blocks(placed)
    names = {block.name for block in blocks}
    spend = [
        SpendRow(finance[f.indicator.code], f, *_spend(f, values))
        for f in spent
        if finance[f.indicator.code] in names
    ]
    return PositionPage(blocks, spend, _positions(blocks, spend))


def _spend(figure: Observation, values: GroupFigures) -> tuple[int | None, int]:
    among = population(figure, values)
    value = ranked_value(figure.value, figure.suppression)
    of = sum(1 for v in among if v is not None)
    return spend_quartile(value, among), of


def _blocks(placed: list[Placed]) -> list[ThemeBlock]:
    by_theme: dict[str, list[Placed]] = defaultdict(list)
    for row in placed:
        by_theme[row.observation.indicator.theme.name].append(row)
    counts = quartile_counts(
        (name, row.quartile) for name, rows in by_theme.items() for row in rows
    )
    return [ThemeBlock(c.theme, c, by_theme[c.theme]) for c in counts]


def _positions(blocks: list[ThemeBlock], spend: list[SpendRow]) -> list[ThemePosition]:
    found = []
    for block in blocks:
        position = theme_position(
            block.name,
            [row.quartile for row in spend if row.theme == block.name],
            [row.quartile for row in block.rows],
        )
        if position is not None:
            found.append(position)
    return found
