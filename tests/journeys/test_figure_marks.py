"""A councillor reads what each figure is: DfE's suppressed figure as its
symbol (on the dashboard, in its CSV and on the indicator page), DfE's
published figure for a year as the official one with the demo's local
quarter beside it, and every made-up figure labelled illustrative, on the
page and in the download."""

from __future__ import annotations

import csv
from typing import Any

import pytest

from tests.journeys.conftest import (
    act_as,
    assert_clean_console,
    unfold_theme_holding,
)
from tests.journeys.test_dashboard import download, row_cells

pytestmark = pytest.mark.django_db(transaction=True)
TWO_YEARS = "Child protection plans lasting two years or more"
SECOND_PLAN = "second or subsequent time"


def choose_period(page: Any, label: str) -> None:
    page.get_by_label("Period").select_option(label=label)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state("networkidle")


def value_cell(page: Any, indicator: str) -> str:
    """The Value cell of the indicator's row, its words on one line."""
    return row_cells(page, indicator)["Value"]


def exported(page: Any, tmp_path: Any) -> dict[str, dict[str, str]]:
    with open(download(page, "CSV", tmp_path), encoding="utf-8-sig") as f:
        return {r["indicator_code"]: r for r in csv.DictReader(f)}


def test_a_councillor_sees_suppressed_official_and_illustrative_figures(
    demo, page, console, tmp_path
):
    from indicators.models import Observation

    act_as(page, "councillor")
    # 2020: DfE suppressed Leicestershire's figure ("c").
    choose_period(page, "year to 31 March 2020")
    assert value_cell(page, TWO_YEARS).startswith("c (suppressed)")
    assert exported(page, tmp_path)["cpp-two-years"]["value"] == "c"

    # 2025: DfE's published 24.8% is the official figure; the demo's own
    # quarter ending that day sits beside it, labelled illustrative.
    quarter = Observation.objects.get(
        indicator__code="cpp-second-plan", area__code="E10000018",
        period__label="2024/25 Q4",
    )  # fmt: skip
    assert quarter.illustrative
    choose_period(page, "year to 31 March 2025")
    cell = value_cell(page, SECOND_PLAN)
    assert cell.startswith("24.8% (153 of 618) Official (DfE)"), cell
    assert f"Local figure, 2024/25 Q4: {quarter.value:.1f}% Illustrative" in cell
    # A figure of the demo's return alone is labelled illustrative too.
    assert "Illustrative" in value_cell(page, "Young people who reoffend")
    rows = exported(page, tmp_path)
    second = rows["cpp-second-plan"]
    assert (second["period"], second["value"], second["source"]) == (
        "2025", "24.8", "official",
    )  # fmt: skip
    assert (second["local_period"], second["local_source"]) == (
        "2024/25 Q4", "illustrative",
    )  # fmt: skip
    assert rows["youth-reoffending"]["source"] == "illustrative"

    # The indicator page's table shows the symbol too. Its theme may be
    # folded (no exception in it): unfold it, as a councillor would.
    unfold_theme_holding(page, TWO_YEARS)
    page.get_by_role("link", name=TWO_YEARS).click()
    page.wait_for_load_state("networkidle")
    table = page.get_by_role("table", name="The figures in the chart")
    # Plans open on 31 March: a snapshot, so "at 31 March 2020".
    row = table.get_by_role("row").filter(has_text="at 31 March 2020")
    assert "c (suppressed)" in row.inner_text()

    assert_clean_console(console)
