"""Every committees URL, for every role, by GET and by POST: readers read,
clerks write, a lead officer may update their own action only, others get
403 and anonymous visitors are sent to sign in. A refused POST changes
nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from committees import urls
from committees.models import Action, ActionUpdate, AgendaItem, Meeting, Resolution
from tests.committees.factories import MeetingFactory, make_action

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "outsider", "councillor", "officer", "performance_lead", "clerk", "superuser"]  # fmt: skip
READERS = {"councillor", "officer", "performance_lead", "clerk", "superuser"}
WRITERS = {"clerk", "superuser"}
# `officer` is the lead officer of the action in these tests.
UPDATERS = {"clerk", "superuser", "officer"}

# URL name -> (who may use it, the objects its arguments come from)
READ_PAGES = {
    "committee_list": None,
    "committee_detail": "committee",
    "meeting_detail": "meeting",
    "action_tracker": None,
    "action_print": None,
    "action_detail": "action",
}
WRITE_PAGES = {
    "meeting_create": "committee",
    "meeting_edit": "meeting",
    "item_create": "meeting",
    "item_edit": "item",
    "resolution_create": "item",
    "resolution_edit": "resolution",
    "action_create": "resolution",
    "action_edit": "action",
    "action_close": "action",
    "action_reopen": "closed_action",
}
UPDATE_PAGES = {"action_update": "action"}
# Reminders not delivered: clerks, and the performance team (figure reminders).
REMINDER_PAGES = {"reminders_undelivered": None}
REMINDER_READERS = {"clerk", "performance_lead", "superuser"}
ALL_PAGES = {**READ_PAGES, **WRITE_PAGES, **UPDATE_PAGES, **REMINDER_PAGES}


def test_every_committees_url_has_an_expectation():
    names = {p.name for p in urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(ALL_PAGES)


@pytest.fixture
def world(clerk, officer, committee, meeting, item, resolution):  # type: ignore[no-untyped-def]
    later = MeetingFactory(committee=committee, date=meeting.date.replace(month=9))
    action = make_action(
        clerk,
        resolution=resolution,
        lead_officer=officer,
        lead_name="",
        lead_email="",
        due_date=None,
        due_meeting=later,
    )
    closed = make_action(clerk, resolution=resolution, status="closed")
    return {
        "committee": committee,
        "meeting": meeting,
        "item": item,
        "resolution": resolution,
        "action": action,
        "closed_action": closed,
    }


def url_for(name: str, world: dict[str, Any]) -> str:
    source = ALL_PAGES[name]
    if source is None:
        return reverse(name)
    obj = world[source]
    return reverse(name, args=[obj.slug if source == "committee" else obj.pk])


def client_for(persona: str, request: pytest.FixtureRequest) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


def state() -> tuple[Any, ...]:
    """Everything a POST could change."""
    return (
        list(Meeting.objects.values_list("pk", "date", "status", "venue")),
        list(AgendaItem.objects.values_list("pk", "number", "title")),
        list(Resolution.objects.values_list("pk", "letter", "text", "kind")),
        list(Action.objects.values_list("pk", "status", "description", "due_date")),
        ActionUpdate.objects.count(),
    )


def expected_get(name: str, persona: str) -> int:
    if persona == "anonymous":
        return 302
    allowed = (
        READERS
        if name in READ_PAGES
        else REMINDER_READERS
        if name in REMINDER_PAGES
        else WRITERS
        if name in WRITE_PAGES
        else UPDATERS
    )
    return 200 if persona in allowed else 403


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ALL_PAGES))
def test_get(request, world, name, persona):  # type: ignore[no-untyped-def]
    url = url_for(name, world)
    response = client_for(persona, request).get(url)
    assert response.status_code == expected_get(name, persona), url
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ALL_PAGES))
def test_post(request, world, name, persona):  # type: ignore[no-untyped-def]
    """An empty POST: refused (403, or 405 on a page that only reads), or
    re-shown with errors to those allowed; in every case nothing changes."""
    url = url_for(name, world)
    before = state()
    response = client_for(persona, request).post(url, {})
    expected = expected_get(name, persona)
    if expected == 200 and (name in READ_PAGES or name in REMINDER_PAGES):
        expected = 405
    assert response.status_code == expected, url
    if expected == 200:
        assert "There is a problem" in response.content.decode()
    assert state() == before


def test_a_lead_officer_may_update_only_their_own_action(request, world, clerk):  # type: ignore[no-untyped-def]
    mine = world["action"]
    someone_elses = make_action(clerk, resolution=world["resolution"])
    client = client_for("officer", request)
    response = client.post(
        reverse("action_update", args=[mine.pk]),
        {"date": "2025-06-10", "text": "Report drafted.", "status": "in_progress"},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "in_progress"
    response = client.post(
        reverse("action_update", args=[someone_elses.pk]),
        {"date": "2025-06-10", "text": "Not mine.", "status": "answered"},
    )
    assert response.status_code == 403
    someone_elses.refresh_from_db()
    assert someone_elses.status == "open"
    assert someone_elses.updates.count() == 0


def test_the_lead_officer_sees_the_update_button_and_others_do_not(request, world):  # type: ignore[no-untyped-def]
    url = reverse("action_detail", args=[world["action"].pk])
    assert (
        "Record an update" in client_for("officer", request).get(url).content.decode()
    )
    page = client_for("councillor", request).get(url).content.decode()
    assert "Record an update" not in page
    assert "Change the action" not in page


def test_a_post_without_a_csrf_token_is_refused(world, clerk):  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    before = state()
    response = client.post(
        reverse("action_close", args=[world["action"].pk]), {"reason": "Done."}
    )
    assert response.status_code == 403
    assert state() == before


def test_unknown_objects_are_not_found(client, clerk):  # type: ignore[no-untyped-def]
    client.force_login(clerk)
    for url in [
        "/committees/nothing/",
        "/meetings/999999/",
        "/actions/999999/",
        "/actions/999999/edit/",
    ]:
        assert client.get(url).status_code == 404, url
