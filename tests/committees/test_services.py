"""The clerk's writes: meetings, items, resolutions, actions, updates and
closing, each audited with who and what."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from committees import services
from committees.models import Action, ActionUpdate, Meeting, Resolution
from tests.committees.factories import MeetingFactory, make_action
from tests.factories import IndicatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_resolutions_are_lettered_in_order(clerk, item):  # type: ignore[no-untyped-def]
    letters = [
        services.resolution_create(
            user=clerk, item=item, text=f"Resolution {n}", kind="noted"
        ).letter
        for n in range(3)
    ]
    assert letters == ["a", "b", "c"]
    assert services.next_letter(item) == "d"


def test_a_letter_cannot_be_used_twice_in_an_item(clerk, item):  # type: ignore[no-untyped-def]
    services.resolution_create(user=clerk, item=item, text="One", kind="noted")
    with pytest.raises(ValidationError):
        services.resolution_create(
            user=clerk, item=item, text="Two", kind="noted", letter="a"
        )
    assert Resolution.objects.count() == 1


def test_items_are_numbered_next(clerk, meeting):  # type: ignore[no-untyped-def]
    first = services.agenda_item_create(user=clerk, meeting=meeting, title="Minutes")
    second = services.agenda_item_create(user=clerk, meeting=meeting, title="Report")
    assert (first.number, second.number) == (1, 2)


def test_an_action_due_to_a_meeting_takes_its_date_and_moves_with_it(  # type: ignore[no-untyped-def]
    clerk, committee, resolution
):
    later = MeetingFactory(
        committee=committee, date=datetime.date(2025, 9, 8), status="scheduled"
    )
    action = make_action(clerk, resolution=resolution, due_date=None, due_meeting=later)
    assert action.due_date == datetime.date(2025, 9, 8)
    services.meeting_update(user=clerk, meeting=later, date=datetime.date(2025, 9, 15))
    action.refresh_from_db()
    assert action.due_date == datetime.date(2025, 9, 15)


def test_an_action_needs_a_due_date_or_a_meeting(clerk, resolution):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        make_action(clerk, resolution=resolution, due_date=None)
    assert not Action.objects.exists()


def test_an_action_needs_a_lead(clerk, resolution):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        make_action(clerk, resolution=resolution, lead_name="", lead_email="")
    assert not Action.objects.exists()


def test_the_lead_officer_records_an_update_and_the_answer(clerk, officer, resolution):  # type: ignore[no-untyped-def]
    action = make_action(
        clerk, resolution=resolution, lead_officer=officer, lead_name="", lead_email=""
    )
    services.action_update_add(
        user=officer, action=action, text="Drafting.", status="in_progress"
    )
    services.action_update_add(
        user=officer, action=action, text="Report sent.", status="answered"
    )
    action.refresh_from_db()
    assert action.status == Action.Status.ANSWERED
    assert [u.text for u in action.updates.all()] == ["Report sent.", "Drafting."]
    assert {u.author for u in action.updates.all()} == {officer}


def test_another_officer_cannot_update_someone_elses_action(  # type: ignore[no-untyped-def]
    clerk, officer, resolution
):
    action = make_action(
        clerk, resolution=resolution, lead_officer=officer, lead_name="", lead_email=""
    )
    stranger = UserFactory(username="stranger", roles=["Officers"])
    with pytest.raises(PermissionDenied):
        services.action_update_add(user=stranger, action=action, text="Not mine.")
    assert not ActionUpdate.objects.exists()


def test_a_lead_officer_cannot_reopen_or_close(clerk, officer, resolution):  # type: ignore[no-untyped-def]
    action = make_action(
        clerk, resolution=resolution, lead_officer=officer, lead_name="", lead_email=""
    )
    with pytest.raises(ValidationError):
        services.action_update_add(
            user=officer, action=action, text="Reopen", status="closed"
        )
    with pytest.raises(PermissionDenied):
        services.action_close(user=officer, action=action, reason="Done")
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
    assert not ActionUpdate.objects.exists()


def test_closing_needs_a_reason_and_is_logged(clerk, resolution):  # type: ignore[no-untyped-def]
    action = make_action(clerk, resolution=resolution)
    with pytest.raises(ValidationError):
        services.action_close(user=clerk, action=action, reason="   ")
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
    services.action_close(
        user=clerk, action=action, reason="Monitoring no longer required."
    )
    action.refresh_from_db()
    assert action.status == Action.Status.CLOSED
    assert action.closed_reason == "Monitoring no longer required."
    assert action.updates.get().status == Action.Status.CLOSED


def test_a_clerk_may_reopen_a_closed_action(clerk, resolution):  # type: ignore[no-untyped-def]
    action = make_action(clerk, resolution=resolution)
    services.action_close(user=clerk, action=action, reason="Answered in the report.")
    services.action_update_add(
        user=clerk, action=action, text="Councillors asked again.", status="open"
    )
    action.refresh_from_db()
    assert (action.status, action.closed_reason) == ("open", "")


def test_an_update_cannot_be_dated_in_the_future(clerk, resolution):  # type: ignore[no-untyped-def]
    action = make_action(clerk, resolution=resolution)
    with pytest.raises(ValidationError):
        services.action_update_add(
            user=clerk,
            action=action,
            text="Tomorrow",
            date=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert not ActionUpdate.objects.exists()


def test_every_change_is_audited_with_who_and_what(clerk, resolution):  # type: ignore[no-untyped-def]
    red = IndicatorFactory(code="adoption")
    action = make_action(clerk, resolution=resolution, indicators=[red])
    services.action_update_add(
        user=clerk, action=action, text="Chased.", status="in_progress"
    )
    history = list(action.history.order_by("history_date"))
    # Created, its indicators linked (a record of its own), then moved on.
    assert (history[0].status, history[-1].status) == ("open", "in_progress")
    assert {h.history_user for h in history} == {clerk}
    assert history[0].history_change_reason == "action created"
    # The link to the indicator is audited too.
    assert history[-1].indicators.filter(indicator=red).exists()


def test_a_meeting_cannot_take_an_unknown_status(clerk, committee):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.meeting_create(
            user=clerk,
            committee=committee,
            date=datetime.date(2025, 9, 1),
            status="postponed",
        )
    assert not Meeting.objects.exists()
