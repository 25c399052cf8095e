"""Journeys through the imports page, in Chromium on the demo as `make run`
loads it: the performance team imports national benchmark data from a DfE
file and sees the new England figure on the indicator's page; a hostile
workbook uploaded as a return is rejected with its reason and the server
carries on; a benchmark file too wide to offer is refused at once.

Tasks run eagerly here, in the live server's own thread, as in the demo: a
workbook that reached python-calamine unchecked would abort this very test
process."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from indicators.models import ImportJob, Observation
from tests.browser_support import assert_accessible
from tests.hostile import far_cell_workbook, wide_csv
from tests.journeys.conftest import (
    act_as,
    assert_clean_console,
    assert_no_sideways_scroll,
)

pytestmark = pytest.mark.django_db(transaction=True)

DFE = Path(__file__).resolve().parents[2] / "data" / "dfe"
MID_YEAR = "With one or more mid-year moves during the previous 2 years"


def england_2024() -> Observation:
    return Observation.all_objects.get(
        indicator__code="school-moves", area__code="E92000001", period__label="2024"
    )


def test_performance_imports_benchmark_data_and_the_indicator_shows_it(
    demo, page, console
):
    # The demo has England's share with any school move: 20% in 2024.
    assert england_2024().value == Decimal("20")
    jobs_before = ImportJob.objects.count()
    act_as(page, "performance")
    page.get_by_role("link", name="Imports").click()
    page.get_by_label("National benchmark data (an EES CSV file)").check()
    page.get_by_label("File", exact=True).set_input_files(
        DFE / "la_cla_school_moves.csv"
    )
    page.get_by_role("button", name="Upload").click()

    page.get_by_role("heading", name="Choose what to import").wait_for()
    assert "The file has 15 columns" in page.content()
    assert_accessible(page)
    page.get_by_label("Indicator").select_option(
        label="Children in care with one or more school moves in two years "
        "(school-moves)"
    )
    page.get_by_label("Column holding the figure").select_option("percentage")
    page.get_by_label("Column holding the count (optional)").select_option("number")
    page.get_by_label("school_stability").select_option(MID_YEAR)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("button", name="Import").click()

    # The job page: imported, with its counts.
    page.get_by_role("heading", name="la_cla_school_moves.csv").wait_for()
    progress = page.locator("#import-progress").inner_text()
    assert "Imported" in progress and "Failed" not in progress
    job = ImportJob.objects.latest("pk")
    assert ImportJob.objects.count() == jobs_before + 1
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.errors)
    assert job.options["filters"] == {"school_stability": MID_YEAR}
    assert job.counts["updated"] > 0
    for label, value in (
        ("Rows read", job.rows_read),
        ("Rows valid", job.rows_valid),
        ("Updated", job.counts["updated"]),
    ):
        row = page.locator(".govuk-summary-list__row", has_text=label)
        assert row.locator("dd").inner_text().strip() == str(value)
    assert job.rows_read == 6680
    assert_accessible(page)

    # The indicator's page shows England's new figure, and so does the data.
    assert england_2024().value == Decimal("15")
    assert england_2024().numerator == Decimal("6780")
    page.goto("/indicators/school-moves/")
    table = page.locator("table", has_text="The figures in the chart")
    row = table.locator("tbody tr", has=page.get_by_role("rowheader", name="2024"))
    england = row.locator("td").nth(4)  # the England column
    assert england.inner_text().strip() == "15%"
    assert_clean_console(console)


def test_a_hostile_workbook_return_is_rejected_and_the_server_carries_on(
    demo, page, console, tmp_path
):
    hostile = tmp_path / "return.xlsx"
    hostile.write_bytes(far_cell_workbook())  # 1.6 KB; XFD1048576 holds a value
    figures_before = Observation.all_objects.count()
    act_as(page, "officer")
    page.get_by_role("link", name="Imports").click()
    page.get_by_label("A quarterly return (CSV or XLSX)").check()
    page.get_by_label("File", exact=True).set_input_files(hostile)
    page.get_by_role("button", name="Upload").click()

    page.get_by_role("heading", name="return.xlsx").wait_for()
    progress = page.locator("#import-progress")
    assert "Rejected" in progress.inner_text()
    assert (
        "the sheet 'Sheet1' declares its last cell as XFD1048576: reading from A1 "
        "to there is 17,179,869,184 cells, and at most 4,194,304 are read. Delete "
        "the rows and columns past your data, or save the sheet as CSV, and upload "
        "it again"
    ) in progress.inner_text()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.REJECTED
    assert Observation.all_objects.count() == figures_before

    # The server carries on: the next pages are served as before.
    page.get_by_role("link", name="Back to imports").click()
    assert page.get_by_role("link", name="return.xlsx").first.is_visible()
    page.goto("/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_clean_console(console)


def test_a_benchmark_file_too_wide_to_offer_is_refused_with_a_message(
    demo, page, console, tmp_path
):
    wide = tmp_path / "wide.csv"
    wide.write_bytes(wide_csv(250))
    jobs_before = ImportJob.objects.count()
    act_as(page, "performance")
    page.get_by_role("link", name="Imports").click()
    page.get_by_label("National benchmark data (an EES CSV file)").check()
    page.get_by_label("File", exact=True).set_input_files(wide)
    page.get_by_role("button", name="Upload").click()

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    message = (
        "The file cannot be imported: the header has 250 columns: at most 200 can "
        "be read. Remove the columns you do not need and upload the file again"
    )
    assert message in summary.inner_text()
    assert page.get_by_role("heading", name="Imports").is_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    # The summary's link takes the keyboard user to the file input.
    summary.get_by_role("link", name=message).click()
    assert page.evaluate("document.activeElement.type") == "file"
    assert ImportJob.objects.count() == jobs_before
    assert_clean_console(console)
