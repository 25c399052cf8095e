"""A clerk minutes a meeting in Debian's Chromium: resolution (b) then (c)
in one step each, an action from a request, an update that answers it; a
councillor reads the tracker, overdue first. axe-core checks each page."""

from __future__ import annotations

import datetime

import pytest

from committees.models import Action, Resolution
from tests.browser_support import assert_accessible, sign_in
from tests.committees.factories import ResolutionFactory, make_action
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def minutes(home_area):  # type: ignore[no-untyped-def]
    clerk = UserFactory(username="clerk", roles=["Clerks"])
    UserFactory(username="councillor", roles=["Councillors"])
    first = ResolutionFactory(letter="a")  # resolution (a) of a new item
    make_action(clerk, resolution=first, due_date=datetime.date(2020, 1, 1))
    return first


def test_clerk_adds_resolutions_and_an_action_and_councillors_track_it(
    page, console, minutes
):
    item = minutes.item
    sign_in(page, "clerk")
    page.goto(f"/meetings/{item.meeting_id}/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Add a resolution to item {item.number}").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Add resolution (b)"
    assert_accessible(page)

    page.get_by_label("Noted").check()
    page.get_by_label("Resolution", exact=True).fill("That the report be noted.")
    page.get_by_role("button", name="Save and add the next resolution").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Add resolution (c)"

    page.get_by_label("Request for information").check()
    page.get_by_label("Resolution", exact=True).fill(
        "That the Director be requested to provide further information on"
        " adoption cases to a future meeting."
    )
    page.get_by_role("button", name="Save and add an action").click()
    page.get_by_label("What is to be done").fill(
        "Information on adoption cases for the next meeting"
    )
    page.get_by_label("Or the lead officer's name and title").fill(
        "Director of Children's Services"
    )
    page.get_by_label("Their email address").fill("director@example.org")
    due = page.get_by_label("Due date")
    if due.count():
        due.first.fill("2099-03-01")
    page.get_by_role("button", name="Save action").click()
    page.wait_for_load_state("networkidle")
    assert [r.letter for r in Resolution.objects.filter(item=item).order_by("letter")] == [
        "a", "b", "c",
    ]  # fmt: skip
    action = Action.objects.get(resolution__letter="c")
    assert action.reference.startswith(item.meeting.committee.code)
    assert console.csp_violations() == []

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "councillor")
    page.get_by_role("link", name="Actions").click()
    assert_accessible(page)
    rows = page.locator("table").first.locator("tbody tr")
    assert "Overdue" in rows.first.inner_text()  # overdue first
    assert page.get_by_text(action.reference).count() >= 1
    assert console.csp_violations() == []
