"""The clerk's journey through the demo, in Debian's Chromium, by labels and
buttons: minute an agenda item on a performance period and change it, add
resolutions and an action with a named lead officer, record an update,
close the action (the tracker then hides it until asked), reopen it, export
the tracker, and then a councillor finds the action on the indicator's page.
Each step checks what the clerk sees and what the database holds."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from committees.models import Action, AgendaItem, Meeting, Resolution
from indicators.models import Period
from tests.browser_support import assert_accessible
from tests.journeys.conftest import (
    act_as,
    assert_clean_console,
    assert_no_sideways_scroll,
    unfold_theme_holding,
)

pytestmark = pytest.mark.django_db(transaction=True)

LEAD = "Amira Hassan, Head of SEND Assessment"
INDICATOR = "Education health and care plans issued within 20 weeks"
REQUEST = (
    "That the Director be requested to report on how many families waited more"
    " than 20 weeks for a plan, and why, to the next meeting."
)


def _heading(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_by_role("heading", level=1).inner_text()


def _item_section(page, number: int):  # type: ignore[no-untyped-def]
    return page.locator("section", has=page.get_by_role("heading", name=f"{number}. "))


def test_clerk_minutes_an_item_on_a_period_and_follows_its_action_through(  # type: ignore[no-untyped-def]
    demo, page, console
):
    meeting = Meeting.objects.filter(status="held").order_by("-date").first()
    quarters = list(
        Period.objects.filter(
            kind="quarter", year_type="financial", end__lte=meeting.date
        ).order_by("-end")[:2]
    )
    latest, earlier = quarters
    act_as(page, "clerk")

    # The clerk opens the last meeting from the committee's page.
    page.get_by_role("link", name="Committees", exact=True).click()
    page.get_by_role(
        "link", name="Children and Families Overview and Scrutiny Committee"
    ).click()
    page.get_by_role("link", name=f"{meeting.date:%A %-d %B %Y}").click()
    assert _heading(page) == f"Meeting, {meeting.date:%A %-d %B %Y}"
    number = meeting.items.count() + 1

    # An agenda item with a period saves, and the meeting shows the period.
    page.get_by_role("link", name="Add an agenda item").click()
    assert_accessible(page)
    assert page.get_by_label("Item number").input_value() == str(number)
    page.get_by_label("Title").fill("Children waiting for plans: a deep dive")
    period = page.get_by_label("Performance period it reports on")
    assert "None" not in period.locator("option").all_inner_texts()
    period.select_option(label=latest.display_label)
    page.get_by_role("button", name="Save item", exact=True).click()
    assert f"Item {number} added." in page.locator("main").inner_text()
    section = _item_section(page, number)
    assert f"Reports on {latest.display_label}." in section.inner_text()
    item = AgendaItem.objects.get(meeting=meeting, number=number)
    assert (item.title, item.period_id) == (
        "Children waiting for plans: a deep dive",
        latest.pk,
    )

    # Its period can be changed.
    page.get_by_role("link", name=f"Change item {number}").click()
    assert page.get_by_label("Performance period it reports on").input_value() == str(
        latest.pk
    )
    page.get_by_label("Performance period it reports on").select_option(
        label=earlier.display_label
    )
    page.get_by_role("button", name="Save item").click()
    assert (
        f"Reports on {earlier.display_label}."
        in _item_section(page, number).inner_text()
    )
    item.refresh_from_db()
    assert item.period_id == earlier.pk

    # Two resolutions, the second with an action for a named lead officer.
    page.get_by_role("link", name=f"Add a resolution to item {number}").click()
    assert _heading(page) == "Add resolution (a)"
    page.get_by_label("Noted").check()
    page.get_by_label("Resolution", exact=True).fill("That the report be noted.")
    page.get_by_role("button", name="Save and add the next resolution").click()
    assert _heading(page) == "Add resolution (b)"
    page.get_by_label("Request for information").check()
    page.get_by_label("Resolution", exact=True).fill(REQUEST)
    page.get_by_label(f"{INDICATOR} (Special educational needs)").check()
    page.get_by_role("button", name="Save and add an action").click()
    assert _heading(page) == "Add an action for resolution (b)"
    assert_accessible(page)
    page.get_by_label("What is to be done").fill(
        "Report on families waiting more than 20 weeks for a plan."
    )
    page.get_by_label("Or the lead officer's name and title").fill(LEAD)
    page.get_by_label("Their email address").fill("amira.hassan@example.org")
    page.get_by_label("Due to a meeting").select_option(index=1)  # the next one
    # The resolution's indicator is ticked for the action already.
    assert page.get_by_label(f"{INDICATOR} (Special educational needs)").is_checked()
    page.get_by_role("button", name="Save action", exact=True).click()
    resolution = Resolution.objects.get(item=item, letter="b")
    assert (resolution.kind, resolution.text) == ("request", REQUEST)
    action = Action.objects.get(resolution=resolution)
    assert (action.lead_name, action.lead_officer, action.status) == (
        LEAD,
        None,
        "open",
    )
    assert list(action.indicators.values_list("code", flat=True)) == ["ehcp-20-weeks"]
    assert f"Action {action.reference} created." in page.locator("main").inner_text()
    assert [r.letter for r in item.resolutions.all()] == ["a", "b"]

    # An update moves it on.
    page.get_by_role("link", name=action.reference).first.click()
    assert _heading(page) == f"Action {action.reference}"
    assert LEAD in page.locator("main").inner_text()
    page.get_by_role("link", name="Record an update or answer").click()
    page.get_by_label("Update or answer").fill("Case audit of 40 families started.")
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save update").click()
    assert "Case audit of 40 families started." in page.locator("main").inner_text()
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.updates.get().text == "Case audit of 40 families started."

    # Closed, it offers no update but can be reopened.
    page.get_by_role("link", name="Close the action").click()
    page.get_by_label("Why monitoring is no longer required").fill(
        "Taken into the SEND scrutiny review."
    )
    page.get_by_role("button", name="Close action").click()
    assert page.get_by_role("link", name="Record an update or answer").count() == 0
    assert page.get_by_role("link", name="Reopen the action").count() == 1
    action.refresh_from_db()
    assert (action.status, action.closed_reason) == (
        "closed",
        "Taken into the SEND scrutiny review.",
    )

    # The tracker hides it by default and shows it when asked.
    with page.expect_navigation():
        page.get_by_role("link", name="Actions", exact=True).first.click()
    assert "Closed actions are not listed." in page.locator("main").inner_text()
    table = page.locator("table").first
    assert table.get_by_role("link", name=action.reference).count() == 0
    page.get_by_label("Status").select_option(label="Closed")
    # Wait for the filtered page: a count() on the page being left would
    # read the old table (this raced on a loaded machine).
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert table.get_by_role("link", name=action.reference).count() == 1
    # The named lead is offered by the lead officer filter.
    page.get_by_label("Status").select_option(label="Any status, closed included")
    page.get_by_label("Lead officer").select_option(label=LEAD)
    # Wait for the filtered page: a count() on the page being left would
    # read the old table (this raced on a loaded machine).
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    rows = table.locator("tbody tr")
    assert rows.count() == 1 and action.reference in rows.first.inner_text()
    assert_accessible(page)

    # Reopened, with the reason in its log.
    table.get_by_role("link", name=action.reference).click()
    page.get_by_role("link", name="Reopen the action").click()
    assert_accessible(page)
    page.get_by_label("Why the action is reopened").fill(
        "The review asked for the figures after all."
    )
    page.get_by_role("button", name="Reopen action").click()
    text = page.locator("main").inner_text()
    assert f"Action {action.reference} reopened." in text
    assert "Reopened: The review asked for the figures after all." in text
    action.refresh_from_db()
    assert (action.status, action.closed_reason) == ("open", "")

    # The tracker's CSV carries what the committee resolved.
    page.get_by_role("link", name="Actions", exact=True).first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = {r["reference"]: r for r in csv.DictReader(io.StringIO(content))}
    assert rows[action.reference]["resolution"] == REQUEST
    assert rows[action.reference]["lead_officer"] == LEAD
    assert_no_sideways_scroll(page)

    # A councillor finds it on the indicator's page, from the dashboard.
    act_as(page, "councillor")
    unfold_theme_holding(page, INDICATOR)
    page.get_by_role("link", name=INDICATOR).first.click()
    assert _heading(page).startswith(INDICATOR)
    text = page.locator("main").inner_text()
    assert action.reference in text
    assert "Report on families waiting more than 20 weeks for a plan." in text
    assert f"{LEAD}; due {action.due_date:%-d %B %Y}; open" in text
    # Its tolerance is in percentage points, not a percentage of the target.
    assert "amber within 10.0 percentage points of target" in text
    assert_clean_console(console)
