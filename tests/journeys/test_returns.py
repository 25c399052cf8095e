"""Journeys: an officer uploads a quarterly return at /imports/ on the demo.

A return passes the same rules as the entry page (figure_rules): a value is
worked out from its counts, or checked against them; a period must have
ended and (for an officer) still be open; a red needs commentary. A file with
any bad row is rejected whole, with every error naming its row and column.
The clock is set to 10 February 2026, as in test_entry.py."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from indicators.models import ImportJob, Observation, Period
from tests.browser_support import assert_accessible
from tests.journeys.conftest import act_as, assert_clean_console

pytestmark = pytest.mark.django_db(transaction=True)

FEBRUARY_2026 = datetime.datetime(2026, 2, 10, 10, 0, tzinfo=datetime.UTC)
ADOPTION = "Children adopted within 18 months of entering care"


@pytest.fixture
def february(time_machine: Any, request: pytest.FixtureRequest) -> None:
    """The demo, on 10 February 2026."""
    time_machine.move_to(FEBRUARY_2026, tick=True)
    request.getfixturevalue("demo")


def upload(page: Any, path: Path) -> None:
    page.get_by_role("link", name="Imports").click()
    page.get_by_label("A quarterly return (CSV or XLSX)").check()
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()


def test_a_good_return_is_imported_and_its_figures_submitted(
    page, console, february, tmp_path
):
    good = tmp_path / "return.csv"
    good.write_text(
        "indicator_code,period,value,numerator,denominator,target,commentary\n"
        "cla-number,2025/26 Q3,712,,,,\n"
        "adoption-18-months,2025/26 Q3,,7,9,,Seven of nine children.\n"
        "youth-reoffending,2025/26 Q1,21.2,11,52,,Reported two quarters late.\n"
    )
    act_as(page, "officer")
    upload(page, good)
    page.get_by_text("Imported: 3 created, 0 updated, 0 unchanged.").wait_for(
        timeout=30_000
    )
    assert_accessible(page)

    figures = {
        (o.indicator.code, o.period.label): o
        for o in Observation.all_objects.filter(
            area__code="E10000018", import_job__filename="return.csv"
        ).select_related("indicator", "period", "submitted_by")
    }
    assert len(figures) == 3
    adoption = figures[("adoption-18-months", "2025/26 Q3")]
    assert adoption.value == Decimal("77.777778")
    assert adoption.status == Observation.Status.SUBMITTED
    assert adoption.submitted_by.username == "officer"
    assert adoption.submitted_at is not None
    assert figures[("youth-reoffending", "2025/26 Q1")].value == Decimal("21.2")

    # The entry page shows what the return submitted.
    page.get_by_role("link", name="Enter figures").click()
    page.get_by_role("link", name="2025/26 Q3", exact=True).click()
    shown = " ".join(page.get_by_role("group", name=ADOPTION).inner_text().split())
    assert "Submitted: 77.8% (7 of 9), worked out from the counts" in shown
    assert_clean_console(console)


def xlsx(path: Path, rows: list[list[object]]) -> None:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


def test_a_bad_return_is_rejected_whole_with_row_and_column(
    page, console, february, tmp_path
):
    bad = tmp_path / "return.xlsx"
    xlsx(
        bad,
        [
            ["indicator_code", "period", "value", "numerator", "denominator"],
            # What Excel stores behind a cell showing 58%.
            ["ehcp-20-weeks", "2025/26 Q3", 0.58, 116, 200],
            # A quarter that has not ended (and would become the default).
            ["cla-number", "2099/00 Q4", 700, None, None],
            # A good row: written only if every row is.
            ["adoption-18-months", "2025/26 Q3", 77.8, 7, 9],
        ],
    )
    figures_before = Observation.all_objects.count()
    periods_before = set(Period.objects.values_list("label", flat=True))

    act_as(page, "officer")
    upload(page, bad)
    page.get_by_role("heading", name="Row errors").wait_for(timeout=30_000)
    main = page.get_by_role("main").inner_text()
    assert "Nothing from this file was written" in main
    errors = page.get_by_role("table", name="Every row error")
    rows = [
        " ".join(errors.get_by_role("row").nth(n).inner_text().split())
        for n in range(errors.get_by_role("row").count())
    ]
    assert any(
        r.startswith("2 value 0.58")
        and "does not agree with the numerator and denominator: 116 of 200 is 58.0%"
        in r
        and "a percentage is written as 58, not 0.58" in r
        for r in rows
    ), rows
    assert any(
        r.startswith("3 period 2099/00 Q4") and "2099/00 Q4 has not ended" in r
        for r in rows
    ), rows
    assert not any(r.startswith("4 ") for r in rows), rows
    assert_accessible(page)

    job = ImportJob.objects.get(filename="return.xlsx")
    assert job.status == ImportJob.Status.REJECTED
    assert {(e["row"], e["column"]) for e in job.errors} == {
        (2, "value"),
        (3, "period"),
    }
    assert Observation.all_objects.count() == figures_before
    assert set(Period.objects.values_list("label", flat=True)) == periods_before
    assert_clean_console(console)
