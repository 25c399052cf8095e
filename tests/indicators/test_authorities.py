"""Authorities that change code (DESIGN.md): the pure rule that says which
area a figure filed under an ONS code and LA number belongs to, against
DfE's own geography (indicators/data/las.csv); joint returns; and `low` in
ranks and cut-points, as LAIT ranks them (issue 14, items 1 and 4)."""

from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from indicators import rating
from indicators.imports import BenchmarkRow
from indicators.imports.benchmark_areas import assign_areas
from indicators.models import StatisticalNeighbour
from indicators.rating.authorities import (
    Authorities,
    Authority,
    area_for,
    joint_members,
)
from indicators.services import area_resolver, neighbours_write

LAS = Path(__file__).resolve().parents[2] / "indicators" / "data" / "las.csv"


def geography() -> Authorities:
    """DfE's list of authorities, live and terminated, as the areas hold it."""
    with open(LAS, encoding="utf-8-sig", newline="") as handle:
        return Authorities(
            Authority(
                row["new_la_code"],
                row["old_la_code"],
                datetime.strptime(row["date_of_termination"], "%d/%m/%Y").date()
                if row["date_of_termination"]
                else None,
            )
            for row in csv.DictReader(handle)
            if "/" not in row["new_la_code"]
        )


KNOWN = geography()


@pytest.mark.parametrize(
    ("code", "la_number", "area"),
    [
        # Somerset: E10000027 until 2023, E06000066 since, both 933.
        ("E10000027", "933", "E06000066"),
        ("E10000027", "", "E06000066"),
        ("", "933", "E06000066"),
        ("E06000066", "933", "E06000066"),
        ("E10000023", "815", "E06000065"),  # North Yorkshire, 2023
        ("E08000016", "370", "E08000038"),  # Barnsley, re-coded May 2025
        ("E06000048", "929", "E06000057"),  # Northumberland, 2013
        ("E08000020", "390", "E08000037"),  # Gateshead, 2013
        # Split or merged: no live authority has the number, so the old
        # authority keeps its own figures.
        ("E10000006", "909", "E10000006"),  # Cumbria
        ("E10000021", "928", "E10000021"),  # Northamptonshire
        ("E06000028", "837", "E06000028"),  # Bournemouth
        ("", "909", "E10000006"),
        ("E10000018", "855", "E10000018"),
        ("e10000018", "", "E10000018"),
        ("E10000018", "", "E10000018"),
        ("", "0855", None),  # not a three-digit number
        ("", "85", None),  # 085 is nobody's
        ("E99999999", "", None),
        ("E99999999", "855", "E10000018"),  # a new code for a known number
    ],
)
def test_a_figure_belongs_to_the_live_authority_with_its_la_number(
    code, la_number, area
):
    assert area_for(code, la_number, KNOWN) == area


@pytest.mark.parametrize(
    ("code", "la_number", "members"),
    [
        ("E06000061 / E06000062", "940 / 941", [("E06000061", "940"), ("E06000062", "941")]),
        ("E09000021 / E09000027", "314 / 318", [("E09000021", "314"), ("E09000027", "318")]),
        ("E06000061 / E06000062", "940", [("E06000061", ""), ("E06000062", "")]),
        ("E10000018", "855", [("E10000018", "855")]),
        ("E10000018", "", [("E10000018", "")]),
    ],
)  # fmt: skip
def test_a_joint_return_stands_for_each_member(code, la_number, members):
    assert joint_members(code, la_number) == members


def row(number: int, code: str, la: str, value: str, name: str = "") -> BenchmarkRow:
    return BenchmarkRow(
        number, "local_authority", code, la, name, "", "",
        rating.parse_ees_time_period("2025", "reporting"),
        Decimal(value), "", Decimal(10), Decimal(50),
    )  # fmt: skip


def placed(rows: list[BenchmarkRow]) -> tuple[list[tuple], list[str]]:
    notes: list[str] = []
    result = assign_areas(rows, lambda c, n: area_for(c, n, KNOWN), notes)
    return [(r.row, r.code, r.value, r.joint, r.numerator) for r in result], notes


def test_a_figure_under_an_old_code_is_placed_with_the_live_authority():
    assert placed([row(2, "E10000027", "933", "9.1")]) == (
        [(2, "E06000066", Decimal("9.1"), "", Decimal(10))],
        [],
    )


def test_each_member_of_a_joint_return_gets_its_figure_without_its_counts():
    joint = row(2, "E06000061 / E06000062", "940 / 941", "10.4", "North / West")
    assert placed([joint])[0] == [
        (2, "E06000061", Decimal("10.4"), "North / West", None),
        (2, "E06000062", Decimal("10.4"), "North / West", None),
    ]


def test_a_councils_own_figure_beats_a_joint_returns():
    joint = row(2, "E06000061 / E06000062", "940 / 941", "10.4", "North / West")
    own = row(3, "E06000061", "940", "12")
    for rows in ([joint, own], [own, joint]):
        found, notes = placed(rows)
        assert sorted(found) == [
            (2, "E06000062", Decimal("10.4"), "North / West", None),
            (3, "E06000061", Decimal("12"), "", Decimal(10)),
        ]
        assert len(notes) == 1 and "row 2: North / West 2025 left out" in notes[0]


def test_a_figure_under_the_current_code_beats_one_under_the_old_code():
    for rows in (
        [row(2, "E10000027", "933", "8"), row(3, "E06000066", "933", "9")],
        [row(3, "E06000066", "933", "9"), row(2, "E10000027", "933", "8")],
    ):
        found, notes = placed(rows)
        assert found == [(3, "E06000066", Decimal("9"), "", Decimal(10))]
        assert "row 2: E10000027 2025 left out" in notes[0]


@pytest.mark.parametrize(
    ("value", "symbol", "ranked"),
    [
        (Decimal("11.6"), "", Decimal("11.6")),
        (Decimal(0), "", Decimal(0)),
        (None, "low", Decimal(0)),  # Sunderland's agency rate 2025
        (None, "c", None),
        (None, "x", None),
        (None, "u", None),
        (None, "", None),
    ],
)
def test_low_ranks_as_zero_and_a_suppressed_figure_not_at_all(value, symbol, ranked):
    assert rating.ranked_value(value, symbol) == ranked


# Leicestershire's agency rate 2025 (11.6, lower is better) among: Sunderland
# `low`, North and West Northamptonshire's joint 19.5, Somerset 10.2, one `c`.
POPULATION = [(None, "low"), (Decimal("19.5"), ""), (Decimal("19.5"), ""),
              (Decimal("10.2"), ""), (None, "c")]  # fmt: skip


@pytest.mark.parametrize(
    ("population", "rank", "of", "cuts", "band"),
    [
        # low as 0 and both joint members: 0, 10.2, 11.6, 19.5, 19.5
        (POPULATION, 3, 5, ("10.2", "11.6", "19.5"), 2),
        # without the low: 10.2, 11.6, 19.5, 19.5
        (POPULATION[1:], 2, 4, ("11.25", "15.55", "19.5"), 2),
        # the joint return once: 0, 10.2, 11.6, 19.5
        ([POPULATION[0], *POPULATION[2:]], 3, 4, ("7.65", "10.9", "13.575"), 3),
    ],
)
def test_rank_and_cut_points_count_low_and_each_joint_member(
    population, rank, of, cuts, band
):
    home = Decimal("11.6")
    others = [rating.ranked_value(v, s) for v, s in population]
    assert rating.rank(home, others, "lower") == rank
    assert len([v for v in others if v is not None]) + 1 == of
    found = rating.cut_points([*others, home])
    assert found is not None
    assert (found.q25, found.q50, found.q75) == tuple(Decimal(c) for c in cuts)
    assert rating.quartile(home, found, "lower") == band


@pytest.mark.django_db
def test_a_neighbours_file_naming_an_old_code_links_the_live_authority():
    resolve = area_resolver()
    assert resolve("E10000027") == resolve("933") == "E06000066"
    assert resolve("E10000006") == "E10000006"
    assert resolve("E12345678") is None
    neighbours_write(rows=[_link("E10000018", resolve("E10000027") or "")])
    link = StatisticalNeighbour.objects.select_related("neighbour").get()
    assert link.neighbour.code == "E06000066"


def _link(area: str, neighbour: str) -> object:
    from indicators.imports import NeighbourRow

    return NeighbourRow(2, area, neighbour, 1)


@pytest.mark.django_db
def test_the_migration_moves_figures_from_an_old_code_to_the_live_authority():
    from importlib import import_module

    from django.apps import apps

    from indicators.models import Area, Observation
    from tests.factories import IndicatorFactory, ObservationFactory, period

    old, new = Area.objects.get(code="E10000027"), Area.objects.get(code="E06000066")
    cumbria = Area.objects.get(code="E10000006")
    indicator = IndicatorFactory()
    y2022, y2023 = period("2021/22"), period("2022/23")
    ObservationFactory(indicator=indicator, area=old, period=y2022, value=8)
    ObservationFactory(indicator=indicator, area=old, period=y2023, value=9)
    ObservationFactory(indicator=indicator, area=new, period=y2023, value=10)
    ObservationFactory(indicator=indicator, area=cumbria, period=y2022, value=7)
    migration = import_module(
        "indicators.migrations.0012_figures_under_old_codes_to_live_authority"
    )
    migration.move_figures(apps, None)
    held = Observation.all_objects.values_list("area__code", "period__label", "value")
    assert sorted((c, p, int(v)) for c, p, v in held) == [
        ("E06000066", "2021/22", 8),
        ("E06000066", "2022/23", 10),
        ("E10000006", "2021/22", 7),
    ]
