"""Who may do what in the committees app, beyond the matrix of every URL
for every persona (tests/test_access.py, which reads each view's declared
rule): a lead officer may update their own action only, what each sees on
an action's page, CSRF, and unknown objects."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from committees.models import Action, ActionUpdate, AgendaItem, Meeting, Resolution
from tests.committees.factories import MeetingFactory, make_action

pytestmark = pytest.mark.django_db


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
    return {
        "committee": committee,
        "meeting": meeting,
        "item": item,
        "resolution": resolution,
        "action": action,
    }


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
