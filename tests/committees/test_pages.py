"""The reading pages: the committee list, a committee's page, a meeting's
page and an action's page show what was asked, who owes it and whether it is
late, in a number of queries that does not grow with the minutes."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import selectors, services
from tests.committees.factories import (
    AgendaItemFactory,
    MeetingFactory,
    ResolutionFactory,
    make_action,
)
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2025, 10, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def minute(clerk, meeting, items: int, resolutions: int) -> None:  # type: ignore[no-untyped-def]
    """Minute a meeting: items with resolutions, each with an overdue action
    and one due later, linked to an indicator."""
    indicator = IndicatorFactory()
    for _ in range(items):
        item = AgendaItemFactory(meeting=meeting, number=100 + meeting.items.count())
        for _ in range(resolutions):
            resolution = services.resolution_create(
                user=clerk, item=item, text="That a report be brought.", kind="request",
                indicators=[indicator],
            )  # fmt: skip
            make_action(
                clerk,
                resolution=resolution,
                due_date=D(2025, 9, 1),
                indicators=[indicator],
            )
            make_action(clerk, resolution=resolution, due_date=D(2025, 12, 1))


def queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_committee_list_counts_outstanding_and_overdue(
    client, councillor, clerk, committee, meeting
):  # type: ignore[no-untyped-def]
    minute(clerk, meeting, 1, 2)
    MeetingFactory(committee=committee, date=D(2025, 11, 3), status="scheduled")
    client.force_login(councillor)
    [row] = client.get(reverse("committee_list")).context["committees"]
    assert (row.outstanding_count, row.overdue_count, row.next_meeting_date) == (
        4,
        2,
        D(2025, 11, 3),
    )


def test_the_committee_page_lists_meetings_and_outstanding_actions(
    client, councillor, clerk, committee, meeting
):  # type: ignore[no-untyped-def]
    minute(clerk, meeting, 1, 1)
    done = make_action(clerk, resolution=ResolutionFactory(item=AgendaItemFactory(meeting=meeting)), status="answered")  # fmt: skip
    upcoming = MeetingFactory(committee=committee, date=D(2025, 11, 3), status="scheduled")  # fmt: skip
    client.force_login(councillor)
    response = client.get(reverse("committee_detail", args=[committee.slug]))
    page = response.context["page"]
    assert [a.reference for a in page.outstanding] == [
        "CFS (25/26) 01",
        "CFS (25/26) 02",
    ]
    assert page.outstanding[0].is_overdue
    assert done not in page.outstanding
    assert page.upcoming == [upcoming]
    assert page.past == [meeting]
    html = response.content.decode()
    assert "Overdue" in html
    assert "2 outstanding actions, of which 1 overdue" in html


def test_the_meeting_page_shows_items_resolutions_and_actions_now(
    client, councillor, clerk, meeting
):  # type: ignore[no-untyped-def]
    minute(clerk, meeting, 2, 2)
    client.force_login(councillor)
    html = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'id="item-100"' in html and 'id="item-101"' in html
    assert "<strong>(b)</strong>" in html
    assert "CFS (25/26) 08" in html
    assert "Request for information" in html
    assert "Add a resolution" not in html  # councillors read only


def test_the_clerk_sees_the_minute_taking_links(client, clerk, meeting, item):  # type: ignore[no-untyped-def]
    client.force_login(clerk)
    html = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert reverse("resolution_create", args=[item.pk]) in html
    assert reverse("item_create", args=[meeting.pk]) in html


def test_the_reading_pages_do_not_query_per_row(
    client, councillor, clerk, committee, meeting
):  # type: ignore[no-untyped-def]
    minute(clerk, meeting, 1, 1)
    client.force_login(councillor)
    committee_url = reverse("committee_detail", args=[committee.slug])
    meeting_url = reverse("meeting_detail", args=[meeting.pk])
    small = (queries(client, committee_url), queries(client, meeting_url))
    minute(clerk, meeting, 3, 3)
    MeetingFactory(committee=committee, date=D(2025, 12, 1), status="scheduled")
    assert (queries(client, committee_url), queries(client, meeting_url)) == small


def test_the_action_page_shows_its_log_and_audit_trail(
    client, councillor, clerk, resolution
):  # type: ignore[no-untyped-def]
    action = make_action(clerk, resolution=resolution)
    services.action_update_add(user=clerk, action=action, text="Chased the service.", status="in_progress")  # fmt: skip
    client.force_login(councillor)
    html = client.get(reverse("action_detail", args=[action.pk])).content.decode()
    assert "Chased the service." in html
    assert "action created" in html
    assert "status set to in progress" in html
    assert "Director of Children" in html


def test_actions_for_indicators_summarises_in_two_queries(clerk, meeting):  # type: ignore[no-untyped-def]
    first, second, quiet = IndicatorFactory(), IndicatorFactory(), IndicatorFactory()
    item = AgendaItemFactory(meeting=meeting)
    for n in range(4):
        resolution = services.resolution_create(
            user=clerk, item=item, text=f"Resolution {n}", kind="request", indicators=[first]
        )  # fmt: skip
    make_action(clerk, resolution=resolution, due_date=D(2025, 9, 1), indicators=[first, second])  # fmt: skip
    make_action(clerk, resolution=resolution, due_date=D(2025, 12, 1), indicators=[first])  # fmt: skip
    make_action(clerk, resolution=resolution, due_date=D(2025, 9, 1), indicators=[first], status="closed")  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        summary = selectors.actions_for_indicators([first.pk, second.pk, quiet.pk])
    assert len(captured) == 2
    assert quiet.pk not in summary
    assert (summary[first.pk].open_count, summary[first.pk].overdue_count) == (2, 1)
    assert summary[first.pk].actions[0].overdue  # overdue first
    assert [r.letter for r in summary[first.pk].resolutions] == ["a", "b", "c"]
    assert (summary[second.pk].open_count, summary[second.pk].resolutions) == (1, [])
