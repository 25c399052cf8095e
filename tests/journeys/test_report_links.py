"""The report beside the committee's own record, in Debian's Chromium: a
council that starts with Scrutineer now (its committee's earlier quarterly
reports were written elsewhere; only the minutes record that its meetings
took them). The officer drafts the latest quarter's report, the performance
team finalises it; a clerk reads it, finds the open actions on its
indicators with their references and status, follows one, and opens "what
changed since the last meeting", which compares with the quarter the
committee last took rather than saying it has no earlier report."""

from __future__ import annotations

import pytest

from committees.models import Action, Meeting
from indicators import selectors as indicator_selectors
from indicators.formatting import format_value
from indicators.models import Observation
from reports.models import Report
from tests.browser_support import assert_accessible
from tests.journeys.conftest import act_as, assert_clean_console

pytestmark = pytest.mark.django_db(transaction=True)

COMMITTEE = "Children and Families Overview and Scrutiny Committee"
ADOPTION = "Children adopted within 18 months of entering care"


def _draft_and_finalise(page, latest) -> None:  # type: ignore[no-untyped-def]
    act_as(page, "officer")
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name="Draft a report").click()
    page.get_by_label("Committee", exact=True).select_option(label=COMMITTEE)
    page.get_by_role("button", name="Draft the report").click()
    page.wait_for_load_state("networkidle")
    act_as(page, "performance")
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name=f"{latest.display_label} report for {COMMITTEE}").click()  # fmt: skip
    page.get_by_role("button", name="Finalise the report").click()
    assert "The report is final" in page.locator("main").inner_text()


def test_a_clerk_reads_the_actions_on_the_reports_indicators_and_what_changed(  # type: ignore[no-untyped-def]
    demo, page, console
):
    home = indicator_selectors.home_area_or_none()
    quarters = [
        p for p in indicator_selectors.dashboard_periods(home) if p.kind == "quarter"
    ]
    latest, previous = quarters[0], quarters[1]
    # The earlier reports were not drafted here.
    Report.objects.filter(committee_slug="children-and-families").delete()
    _draft_and_finalise(page, latest)
    assert Report.objects.get(period=latest).is_final

    act_as(page, "clerk")
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name=f"{latest.display_label} report for {COMMITTEE}").click()  # fmt: skip
    section = page.get_by_role("region", name="Open actions and earlier resolutions")
    table = section.get_by_role("table")
    adoption = Action.objects.get(indicators__code="adoption-18-months", status="open")
    row = table.get_by_role("row").filter(has_text=adoption.reference)
    assert row.count() == 1
    cells = row.inner_text()
    assert ADOPTION in cells and "Open" in cells and "Overdue" not in cells
    # Overdue first: the EHC plans' progress report, still in progress.
    first = table.locator("tbody tr").first.inner_text()
    assert "Overdue" in first and "In progress" in first
    assert "Education health and care plans issued within 20 weeks" in first
    resolutions = section.get_by_role("list").inner_text()
    assert "Request for information" in resolutions
    assert f"{adoption.reference} (open)" in resolutions
    assert_accessible(page)

    # The reference leads to the action itself.
    row.get_by_role("link", name=adoption.reference).click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Action {adoption.reference}"  # fmt: skip
    page.go_back()

    page.get_by_role("link", name="What changed since the last meeting").click()
    text = page.locator("main").inner_text()
    taken = Meeting.objects.get(items__period=previous)
    assert (
        f"the committee's previous report ({previous.display_label}), "
        f"taken at its meeting on {taken.date:%-d %B %Y}."
    ) in text
    assert "no earlier report" not in text
    # Compared with the figures of the quarter the committee last took.
    before = Observation.objects.get(
        indicator__code="adoption-18-months", area=home, period=previous
    )
    changed = page.get_by_role("table").get_by_role("row").filter(has_text=ADOPTION)
    assert (
        f"was {format_value(before.value, 'percent', 1)} in {previous.display_label}"
        in changed.inner_text()
    )
    assert_accessible(page)
    assert_clean_console(console)
