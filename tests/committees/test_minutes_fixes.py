"""What clerks found wrong in the minutes and the tracker, each fixed where
every path goes: an agenda item takes a performance period, a second click
on Save shows the record already saved (never a second copy or an error),
closed actions leave the tracker until asked for and can be reopened, the
lead officer filter offers officers named without an account, and the
tracker's export carries what the committee resolved."""

from __future__ import annotations

import csv
import datetime
import io
import threading

import pytest
from django.db import connection
from django.urls import reverse

from committees import services
from committees.models import Action, ActionUpdate, AgendaItem, Meeting, Resolution
from tests.committees.factories import MeetingFactory, make_action
from tests.factories import UserFactory, period

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, clerk):  # type: ignore[no-untyped-def]
    client.force_login(clerk)
    return client


# --- An agenda item's period --------------------------------------------------------


def test_an_item_is_saved_with_a_period_and_shows_it(signed_in, meeting):  # type: ignore[no-untyped-def]
    q4 = period("2024/25 Q4")
    period("2024/25 Q3")
    page = signed_in.get(reverse("item_create", args=[meeting.pk])).content.decode()
    assert "No period: the item is not a performance report" in page
    assert ">None<" not in page
    response = signed_in.post(
        reverse("item_create", args=[meeting.pk]),
        {"number": "3", "title": "Quarterly performance report", "period": q4.pk},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item = AgendaItem.objects.get(meeting=meeting, number=3)
    assert item.period == q4
    page = signed_in.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Reports on January to March 2025 (quarter 4)." in page


def test_an_items_period_can_be_changed_and_cleared(signed_in, meeting):  # type: ignore[no-untyped-def]
    q3, q4 = period("2024/25 Q3"), period("2024/25 Q4")
    item = AgendaItem.objects.create(
        meeting=meeting, number=2, title="Report", period=q3
    )
    url = reverse("item_edit", args=[item.pk])
    assert signed_in.post(url, {"number": "2", "title": "Report", "period": q4.pk}).status_code == 302  # fmt: skip
    item.refresh_from_db()
    assert item.period == q4
    assert signed_in.post(url, {"number": "2", "title": "Report", "period": ""}).status_code == 302  # fmt: skip
    item.refresh_from_db()
    assert item.period is None


def test_an_item_keeps_an_old_period_and_refuses_a_later_one(signed_in, meeting):  # type: ignore[no-untyped-def]
    """The list offers the 16 latest quarters and years ended by the meeting,
    plus the item's own period however old; a period after the meeting is
    refused with a message."""
    old = period("2019/20 Q1")
    for year in range(2020, 2025):
        for quarter in (1, 2, 3, 4):
            period(f"{year}/{(year + 1) % 100:02d} Q{quarter}")
    later = period("2026/27 Q1")
    item = AgendaItem.objects.create(
        meeting=meeting, number=2, title="Report", period=old
    )
    url = reverse("item_edit", args=[item.pk])
    page = signed_in.get(url).content.decode()
    assert "April to June 2019 (quarter 1)" in page
    assert "January to March 2025 (quarter 4)" in page
    assert "April to June 2026 (quarter 1)" not in page
    assert signed_in.post(url, {"number": "2", "title": "Again", "period": old.pk}).status_code == 302  # fmt: skip
    response = signed_in.post(url, {"number": "2", "title": "x", "period": later.pk})
    assert "Choose a quarter or year that ended before the meeting" in response.content.decode()  # fmt: skip
    item.refresh_from_db()
    assert (item.title, item.period) == ("Again", old)


# --- A second click ------------------------------------------------------------------


def test_a_second_click_on_save_resolution_shows_it_saved(signed_in, item):  # type: ignore[no-untyped-def]
    data = {"letter": "a", "kind": "noted", "text": "That the report be noted."}
    url = reverse("resolution_create", args=[item.pk])
    first = signed_in.post(url, data)
    second = signed_in.post(url, data, follow=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "Resolution (a) was already saved." in second.content.decode()
    assert Resolution.objects.filter(item=item).count() == 1
    # A different resolution under a letter in use is still refused.
    response = signed_in.post(url, {**data, "text": "Something else."})
    assert "This item already has a resolution (a)" in response.content.decode()
    assert Resolution.objects.filter(item=item).count() == 1


def test_a_second_click_on_save_item_and_save_meeting(signed_in, committee, meeting):  # type: ignore[no-untyped-def]
    url = reverse("item_create", args=[meeting.pk])
    data = {"number": "7", "title": "Fostering annual report"}
    signed_in.post(url, data)
    second = signed_in.post(url, data, follow=True)
    assert "Item 7 was already saved." in second.content.decode()
    assert meeting.items.filter(number=7).count() == 1
    url = reverse("meeting_create", args=[committee.slug])
    data = {
        "date": "2026-01-19",
        "time": "14:00",
        "venue": "Hall",
        "status": "scheduled",
    }
    signed_in.post(url, data)
    second = signed_in.post(url, data, follow=True)
    assert (
        "The meeting on 19 January 2026 was already saved." in second.content.decode()
    )
    assert Meeting.objects.filter(date=datetime.date(2026, 1, 19)).count() == 1


def test_a_second_click_on_save_action_and_save_update(signed_in, clerk, resolution):  # type: ignore[no-untyped-def]
    later = MeetingFactory(committee=resolution.item.meeting.committee, date=datetime.date(2025, 9, 8), status="scheduled")  # fmt: skip
    data = {"description": "Report on adoption.", "lead_name": "Amira Hassan, Head of Adoption", "lead_email": "amira.hassan@example.org", "due_meeting": later.pk}  # fmt: skip
    url = reverse("action_create", args=[resolution.pk])
    signed_in.post(url, data)
    second = signed_in.post(url, data, follow=True)
    action = Action.objects.get()
    assert f"Action {action.reference} was already saved." in second.content.decode()
    url = reverse("action_update", args=[action.pk])
    data = {"date": "2025-06-10", "text": "Report drafted.", "status": "in_progress"}
    signed_in.post(url, data)
    second = signed_in.post(url, data, follow=True)
    assert "was already saved" in second.content.decode()
    assert action.updates.count() == 1
    # The same words another day are a new update.
    signed_in.post(url, {**data, "date": "2025-06-11"})
    assert action.updates.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_clerks_saving_the_same_action_at_once_make_one(clerk):  # type: ignore[no-untyped-def]
    """Two requests at once (a double click reaches the server as two): the
    committee's lock queues the second, which then finds the first."""
    from tests.committees.factories import ResolutionFactory

    resolution = ResolutionFactory()
    results: list[object] = []

    def save() -> None:
        try:
            results.append(
                services.action_create(
                    user=clerk,
                    resolution=resolution,
                    description="Report.",
                    lead_name="Sam Okafor, Head of Service",
                    lead_email="sam.okafor@example.org",
                    due_date=datetime.date(2025, 9, 1),
                )  # fmt: skip
            )
        except services.AlreadySaved as saved:
            results.append(("already saved", saved.instance.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Action.objects.count() == 1
    action = Action.objects.get()
    assert sorted(map(str, results)) == sorted([str(action), str(("already saved", action.pk))])  # fmt: skip


# --- Closed actions -------------------------------------------------------------------


def test_a_closed_action_is_reopened_with_a_reason(signed_in, clerk, resolution):  # type: ignore[no-untyped-def]
    action = make_action(clerk, resolution=resolution)
    services.action_close(user=clerk, action=action, reason="Answered.")
    page = signed_in.get(reverse("action_detail", args=[action.pk])).content.decode()
    assert "Reopen the action" in page and "Record an update" not in page
    url = reverse("action_reopen", args=[action.pk])
    response = signed_in.post(url, {"reason": ""})
    assert "Give the reason for reopening the action" in response.content.decode()
    response = signed_in.post(
        url, {"reason": "The committee asked again."}, follow=True
    )
    assert f"Action {action.reference} reopened." in response.content.decode()
    action.refresh_from_db()
    assert (action.status, action.closed_reason) == ("open", "")
    assert action.updates.first().text == "Reopened: The committee asked again."
    # A second click reopens nothing more.
    response = signed_in.post(
        url, {"reason": "The committee asked again."}, follow=True
    )
    assert "is not closed" in response.content.decode()
    assert action.updates.filter(status="open").count() == 1


def test_closing_twice_logs_one_closing(clerk, resolution):  # type: ignore[no-untyped-def]
    action = make_action(clerk, resolution=resolution)
    services.action_close(user=clerk, action=action, reason="Done.")
    services.action_close(user=clerk, action=action, reason="Done.")
    assert ActionUpdate.objects.filter(action=action, status="closed").count() == 1


def test_a_closed_action_takes_no_update_until_reopened(
    client, clerk, officer, resolution
):  # type: ignore[no-untyped-def]
    action = make_action(clerk, resolution=resolution, lead_officer=officer, lead_name="", lead_email="")  # fmt: skip
    services.action_close(user=clerk, action=action, reason="Answered.")
    client.force_login(officer)
    page = client.get(reverse("action_detail", args=[action.pk])).content.decode()
    assert "Record an update" not in page and "ask the clerk to reopen it" in page
    response = client.post(
        reverse("action_update", args=[action.pk]),
        {"date": "2025-06-10", "text": "More."},
        follow=True,
    )
    assert "is closed: ask the clerk to reopen it" in response.content.decode()
    assert action.updates.count() == 1  # the closing entry only


# --- The tracker -----------------------------------------------------------------------


def test_the_lead_filter_offers_named_officers_too(
    client, councillor, clerk, resolution
):  # type: ignore[no-untyped-def]
    priya = UserFactory(username="pshah", first_name="Priya", last_name="Shah", roles=["Officers"])  # fmt: skip
    hers = make_action(clerk, resolution=resolution, lead_officer=priya, lead_name="", lead_email="")  # fmt: skip
    named = make_action(clerk, resolution=resolution, lead_name="Jane Moore, Director of Children's Services")  # fmt: skip
    client.force_login(councillor)
    response = client.get(reverse("action_tracker"))
    choices = dict(response.context["filter"].form.fields["lead"].choices)
    assert choices[str(priya.pk)] == "Priya Shah (pshah)"
    assert choices["name:Jane Moore, Director of Children's Services"] == "Jane Moore, Director of Children's Services"  # fmt: skip
    rows = client.get(reverse("action_tracker"), {"lead": "name:Jane Moore, Director of Children's Services"})  # fmt: skip
    assert [r.record.pk for r in rows.context["table"].paginated_rows] == [named.pk]
    rows = client.get(reverse("action_tracker"), {"lead": str(priya.pk)})
    assert [r.record.pk for r in rows.context["table"].paginated_rows] == [hers.pk]
    rows = client.get(reverse("action_tracker"), {"lead": "name:Nobody"})
    assert "There is a problem" in rows.content.decode()


def test_the_export_carries_the_resolutions_text(client, councillor, clerk, resolution):  # type: ignore[no-untyped-def]
    Resolution.objects.filter(pk=resolution.pk).update(text="=That the Director report on adoption.")  # fmt: skip
    make_action(clerk, resolution=resolution)
    client.force_login(councillor)
    response = client.get(reverse("action_tracker"), {"_export": "csv"})
    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["resolution"] == "'=That the Director report on adoption."
    assert row["minute"] == f"Item {resolution.item.number} (a)"
