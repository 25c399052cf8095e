"""The overall position's reads (indicators.selectors.position) on real LAIT
figures for Leicestershire and seven other counties (the same slice as
test_position_rules: LACFinance 2024-25, LACStable_2016on and
LAC_LongStable% for the year to March 2025), stored as the import stores
them, rated by `recompute`; and its query count, the same for 10 and for
100 indicators."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Area, Indicator, Observation, StatisticalNeighbour
from indicators.rating.position import Quadrant
from indicators.selectors import comparator_group
from indicators.selectors.position import position_page
from indicators.services import recompute
from tests.factories import AreaFactory, IndicatorFactory, ThemeFactory, period
from tests.indicators.test_position_rules import FIGURES

pytestmark = pytest.mark.django_db

NAMES = {
    937: "Warwickshire", 885: "Worcestershire", 916: "Gloucestershire",
    860: "Staffordshire", 873: "Cambridgeshire", 850: "Hampshire",
    891: "Nottinghamshire",
}  # fmt: skip
FINANCE = {"lait-lacfinance": "Children Looked After"}


def counties(home: Area) -> dict[int, Area]:
    areas = {855: home}
    for la, name in NAMES.items():
        areas[la] = AreaFactory(la_number=str(la), name=name)
    return areas


def store(indicator: Indicator, areas: dict[int, Area], values: dict[int, Decimal]):
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator, area=areas[la], period=period("2024/25"),
            value=value, status=Observation.Status.PUBLISHED,
            source=Observation.Source.BENCHMARK, is_percent=indicator.is_percent,
        )
        for la, value in values.items()
    )  # fmt: skip


@pytest.fixture
def children_looked_after(home_area: Area) -> dict[int, Area]:
    areas = counties(home_area)
    cla = ThemeFactory(name="Children Looked After", slug="children-looked-after")
    money = ThemeFactory(name="Children's Service Finance", slug="finance")
    kinds = (
        ("lait-lacfinance", "LACFinance", money, "none", "currency"),
        ("lait-lacstable_2016on", "LACStable_2016on", cla, "lower", "percent"),
        ("lait-lac_longstable-pct", "LAC_LongStable%", cla, "higher", "percent"),
    )
    for code, measure, theme, polarity, unit in kinds:
        indicator = IndicatorFactory(
            code=code, name=measure, theme=theme, polarity=polarity, unit=unit,
            rag_method="quartile", frequency="annual", banded=polarity != "none",
        )  # fmt: skip
        store(indicator, areas, FIGURES[measure])
    recompute()
    return areas


def test_among_all_authorities_the_stored_quartiles_place_leicestershire(
    home_area, children_looked_after
):
    page = position_page(home_area, finance=FINANCE)
    [block] = page.themes
    assert (block.name, block.counts.counts, block.counts.unbanded) == (
        "Children Looked After", (0, 2, 0, 0), 0,
    )  # fmt: skip
    assert [(r.observation.indicator.name, r.quartile, r.rank, r.rank_of)
            for r in block.rows] == [
        ("LACStable_2016on", 2, 3, 8), ("LAC_LongStable%", 2, 3, 8),
    ]  # fmt: skip
    [spend] = page.spend
    assert (spend.theme, spend.quartile, spend.of) == ("Children Looked After", 4, 8)
    [position] = page.positions
    assert (position.spend, position.outcome) == (Decimal("4.00"), Decimal("2.00"))
    assert position.quadrant is Quadrant.HIGH_HIGH


def test_among_the_neighbours_the_quartiles_are_the_groups(
    home_area, children_looked_after
):
    # Neighbours Nottinghamshire, Worcestershire, Hampshire, Warwickshire and
    # Leicestershire itself: five values each, worked by hand:
    # spend 1855 2085 2430 2725 2990: Q75 = 2725, so 2725 is quartile 3;
    # moves 5 9 10 15 16: Q50 = 10, so 10 is quartile 2, rank 3 of 5;
    # lasting 61 64 75 76 86: Q25 64, Q50 75, so 75 is quartile 3, rank 3.
    for rank, la in enumerate((891, 885, 850, 937), start=1):
        StatisticalNeighbour.objects.create(
            area=home_area, neighbour=children_looked_after[la], rank=rank
        )
    ids = comparator_group("neighbours", home_area).area_ids
    page = position_page(home_area, area_ids=ids, finance=FINANCE)
    [block] = page.themes
    assert block.counts.counts == (0, 1, 1, 0)
    assert [(r.observation.indicator.name, r.quartile, r.rank, r.rank_of)
            for r in block.rows] == [
        ("LACStable_2016on", 2, 3, 5), ("LAC_LongStable%", 3, 3, 5),
    ]  # fmt: skip
    assert [(s.quartile, s.of) for s in page.spend] == [(3, 5)]
    [position] = page.positions
    assert (position.spend, position.outcome) == (Decimal("3.00"), Decimal("2.50"))
    assert position.words("Leicestershire") == (
        "Leicestershire spends more than most and performs about as well as most "
        "on Children Looked After."
    )


def test_a_theme_filter_keeps_that_themes_indicators_and_spend(
    home_area, children_looked_after
):
    other = IndicatorFactory(theme=ThemeFactory(name="Adoption", slug="adoption"))
    store(other, children_looked_after, {855: Decimal(3), 850: Decimal(4)})
    assert [b.name for b in position_page(home_area, finance=FINANCE).themes] == [
        "Adoption", "Children Looked After",
    ]  # fmt: skip
    page = position_page(home_area, theme="adoption", finance=FINANCE)
    assert ([b.name for b in page.themes], page.spend, page.positions) == (
        ["Adoption"], [], [],
    )  # fmt: skip


def many_indicators(home: Area, others: list[Area], start: int, count: int) -> None:
    theme = ThemeFactory(name="Children Looked After", slug="children-looked-after")
    for n in range(start, start + count):
        indicator = IndicatorFactory(code=f"many-{n}", theme=theme, frequency="annual")
        store(
            indicator,
            {0: home, **dict(enumerate(others, start=1))},
            {i: Decimal(40 + (n + i) % 9) for i in range(len(others) + 1)},
        )


@pytest.mark.parametrize("group", ["national", "neighbours"])
def test_query_count_is_the_same_for_10_and_100_indicators(home_area, group):
    areas = counties(home_area)
    others = [a for la, a in areas.items() if la != 855]
    for rank, area in enumerate(others[:4], start=1):
        StatisticalNeighbour.objects.create(area=home_area, neighbour=area, rank=rank)
    ids = comparator_group(group, home_area).area_ids if group == "neighbours" else None
    finance = IndicatorFactory(code="lait-lacfinance", polarity="none")
    store(finance, areas, FIGURES["LACFinance"])

    def queries() -> int:
        # 1. the home authority's latest figure per indicator, with its
        #    indicator, theme, period and rating (one window query);
        # 2. the group's figures for those indicators and periods.
        with CaptureQueriesContext(connection) as captured:
            page = position_page(home_area, area_ids=ids, finance=FINANCE)
        assert page.positions  # the finance and the outcomes both placed
        return len(captured)

    many_indicators(home_area, others, 0, 10)
    recompute()
    with_10 = queries()
    many_indicators(home_area, others, 10, 90)
    recompute()
    assert (with_10, queries()) == (2, 2)
