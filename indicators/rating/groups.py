"""Position within a comparator group: the national rules of
`rating.national` (cut-points, quartile, rank, mean) applied to the group's
figures instead of every authority's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators.rating.enums import Polarity
from indicators.rating.national import (
    CutPoints,
    cut_points,
    neighbour_mean,
    quartile,
    rank,
    ranked_value,
)


@dataclass(frozen=True)
class MemberFigure:
    """One authority's figure in the compared period (value None and symbol
    empty when it has none)."""

    area_id: int
    name: str
    value: Decimal | None
    symbol: str = ""


@dataclass(frozen=True)
class MemberPosition:
    area_id: int
    name: str
    value: Decimal | None
    symbol: str
    rank: int | None
    home: bool


@dataclass(frozen=True)
class GroupStanding:
    """The home authority among the group: the mean of the other members
    (as the neighbour mean: those with a value, and how many), the home's
    rank of n and quartile within the group (n and the cut-points count the
    home and every member with a ranked value), and every member best first."""

    mean: Decimal | None
    mean_count: int
    rank: int | None
    rank_of: int
    quartile: int | None
    cuts: CutPoints | None
    members: list[MemberPosition]


def group_standing(
    home_id: int | None,
    figures: Sequence[MemberFigure],
    polarity: Polarity | str,
    banded: bool = True,
) -> GroupStanding:
    """The home's standing among `figures` (the group's members and the
    home's own figure, if it has one). An indicator not banded, or without
    polarity, gets no rank and no quartile, as nationally."""
    polarity = Polarity(polarity)
    ranked = {f.area_id: ranked_value(f.value, f.symbol) for f in figures}
    others = [f.value for f in figures if f.area_id != home_id]
    mean, count = neighbour_mean(others)
    population = [v for v in ranked.values() if v is not None]
    cuts = cut_points(population)
    orders = banded and polarity is not Polarity.NONE

    def place(area_id: int) -> int | None:
        value = ranked[area_id]
        return rank(value, population, polarity) if orders else None

    members = [
        MemberPosition(
            f.area_id, f.name, f.value, f.symbol, place(f.area_id), f.area_id == home_id
        )  # fmt: skip
        for f in figures
    ]
    members.sort(key=lambda m: (m.rank is None, m.rank or 0, m.name))
    home_value = ranked.get(home_id) if home_id is not None else None
    return GroupStanding(
        mean=mean,
        mean_count=count,
        rank=place(home_id) if home_id in ranked else None,
        rank_of=len(population),
        quartile=quartile(home_value, cuts, polarity) if orders else None,
        cuts=cuts,
        members=members,
    )
