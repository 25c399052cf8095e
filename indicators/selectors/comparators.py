"""Comparator groups: the one resolution of a group's slug (`?group=` on
any page) to its members, and the home authority's position in a group,
each in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from indicators.models import (
    Area,
    ComparatorGroup,
    Indicator,
    Observation,
    Period,
    StatisticalNeighbour,
)
from indicators.models.comparators import BUILT_IN, NEIGHBOURS, REGION, TYPES
from indicators.rating.groups import GroupStanding, MemberFigure, group_standing

DEFAULT = NEIGHBOURS


@dataclass(frozen=True)
class Comparators:
    """A group resolved: its slug (for `?group=`), the name a page says, its
    kind, and its members other than the home authority."""

    slug: str
    name: str
    kind: str
    area_ids: frozenset[int]


@dataclass(frozen=True)
class GroupPosition:
    group: Comparators
    period: Period | None
    standing: GroupStanding


def comparator_choices(home: Area | None) -> list[tuple[str, str]]:
    """Every group a page may offer, as (slug, name): the built-in ones,
    then the named ones. Queries: one."""
    region = home.region.name if home is not None and home.region else "The region"
    built = [(NEIGHBOURS, "Statistical neighbours"), (REGION, region)]
    built += [(slug, name) for slug, (_, name) in TYPES.items()]
    named = ComparatorGroup.objects.values_list("slug", "name")
    return built + list(named)


def comparator_group(slug: str | None, home: Area) -> Comparators:
    """The group `slug` names, for the home authority: `neighbours` (DfE's
    statistical neighbours), `region` (the other authorities of its region),
    `counties`, `unitaries`, `metropolitan` or `london` (every live
    authority of that type), or a named group's slug. An empty or unknown
    slug gives the statistical neighbours. Queries: one (two for an unknown
    slug; and the home's region, unless it was fetched with it)."""
    slug = (slug or "").strip()
    if slug == REGION and home.region_id is not None:
        ids = _live().filter(region_id=home.region_id)
        name = home.region.name if home.region else "The region"
        return _built(REGION, name, ComparatorGroup.Kind.REGION, ids, home)
    if slug in TYPES:
        prefix, name = TYPES[slug]
        ids = _live().filter(code__startswith=prefix)
        return _built(slug, name, ComparatorGroup.Kind.TYPE, ids, home)
    if slug and slug not in BUILT_IN:
        named = list(
            Area.objects.filter(comparator_groups__slug=slug).values_list(
                "comparator_groups__name", "comparator_groups__kind", "pk"
            )
        )
        if named:
            name, kind = named[0][0], named[0][1]
            return _built(slug, name, kind, (pk for *_, pk in named), home)
    neighbours = StatisticalNeighbour.objects.filter(area=home).values_list(
        "neighbour_id", flat=True
    )
    kind = ComparatorGroup.Kind.NEIGHBOURS
    return _built(NEIGHBOURS, "Statistical neighbours", kind, neighbours, home)


def _live() -> QuerySet[Area, int]:
    return Area.objects.filter(
        level=Area.Level.LOCAL_AUTHORITY, terminated_on__isnull=True
    ).values_list("pk", flat=True)


def _built(
    slug: str, name: str, kind: str, ids: Iterable[int], home: Area
) -> Comparators:
    return Comparators(slug, name, kind, frozenset(ids) - {home.pk})


def group_position(
    indicator: Indicator, period: Period | None, group: Comparators, home: Area
) -> GroupPosition:
    """The home authority's mean, rank and quartile within `group` for
    `indicator` in `period`, with every member's figure named, computed
    from the stored figures by `rating.groups`. Queries: two (one without
    a period).
    Members without a figure are listed without one."""
    everyone = group.area_ids | {home.pk}
    names = dict(Area.objects.filter(pk__in=everyone).values_list("pk", "name"))
    found: dict[int, tuple[Decimal | None, str]] = {}
    if period is not None:
        found = {
            area: (value, symbol)
            for area, value, symbol in Observation.objects.filter(
                indicator=indicator, period=period, area_id__in=everyone
            ).values_list("area_id", "value", "suppression")
        }
    figures = [MemberFigure(a, names[a], *found.get(a, (None, ""))) for a in everyone]
    standing = group_standing(home.pk, figures, indicator.polarity, indicator.banded)
    return GroupPosition(group, period, standing)
