"""The clerk's forms: quick to fill in (the next letter and number are
filled in; saving and adding the next resolution is one step), and every
bad input is rejected with a message, changing nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from committees.models import Action, ActionUpdate, AgendaItem, Meeting, Resolution
from tests.committees.factories import MeetingFactory, make_action
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, clerk):  # type: ignore[no-untyped-def]
    client.force_login(clerk)
    return client


def state() -> tuple[Any, ...]:
    return (
        list(Meeting.objects.values_list("pk", "date", "status", "venue")),
        list(AgendaItem.objects.values_list("pk", "number", "title", "document_url")),
        list(Resolution.objects.values_list("pk", "letter", "text", "kind")),
        list(Action.objects.values_list("pk", "status", "description", "due_date")),
        ActionUpdate.objects.count(),
    )


def rejected(client, url: str, data: dict[str, Any], message: str) -> None:  # type: ignore[no-untyped-def]
    before = state()
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page, page[page.find("govuk-error-summary") :][:2000]
    assert state() == before


def test_the_resolution_form_offers_the_next_letter(signed_in, item, resolution):  # type: ignore[no-untyped-def]
    response = signed_in.get(reverse("resolution_create", args=[item.pk]))
    assert response.context["form"].initial["letter"] == "b"
    assert "Add resolution (b)" in response.content.decode()


def test_saving_and_adding_the_next_resolution_is_one_step(signed_in, item, resolution):  # type: ignore[no-untyped-def]
    url = reverse("resolution_create", args=[item.pk])
    response = signed_in.post(
        url,
        {
            "letter": "b",
            "kind": "request",
            "text": "That a report be brought.",
            "add_another": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url
    follow = signed_in.get(url)
    assert follow.context["form"].initial["letter"] == "c"
    assert list(item.resolutions.values_list("letter", flat=True)) == ["a", "b"]


def test_a_resolution_links_to_indicators_and_goes_on_to_its_action(signed_in, item):  # type: ignore[no-untyped-def]
    indicator = IndicatorFactory(code="adoption")
    response = signed_in.post(
        reverse("resolution_create", args=[item.pk]),
        {
            "letter": "a",
            "kind": "request",
            "text": "That the Director provide further information.",
            "indicators": [indicator.pk],
            "add_action": "1",
        },
    )
    resolution = Resolution.objects.get()
    assert response["Location"] == reverse("action_create", args=[resolution.pk])
    assert list(resolution.indicators.all()) == [indicator]
    # The action form starts with the resolution's indicators ticked.
    form = signed_in.get(response["Location"]).context["form"]
    assert form.initial["indicators"] == [indicator.pk]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"letter": "a", "kind": "noted", "text": "Again"}, "This item already has a resolution (a)"),
        ({"letter": "1", "kind": "noted", "text": "x"}, "Enter the letter as one or two letters"),
        ({"letter": "abc", "kind": "noted", "text": "x"}, "Ensure this value has at most 2 characters"),
        ({"letter": "b", "kind": "vote", "text": "x"}, "Select a valid choice"),
        ({"letter": "b", "kind": "noted", "text": ""}, "Enter resolution"),
        ({"letter": "b", "text": "x"}, "Choose kind of resolution"),
    ],
)  # fmt: skip
def test_bad_resolutions_are_rejected(signed_in, item, resolution, data, message):  # type: ignore[no-untyped-def]
    rejected(signed_in, reverse("resolution_create", args=[item.pk]), data, message)


@pytest.fixture
def later(committee):  # type: ignore[no-untyped-def]
    return MeetingFactory(
        committee=committee, date=datetime.date(2025, 9, 8), status="scheduled"
    )


def test_an_action_due_to_the_next_meeting_takes_its_date(
    signed_in, resolution, later, officer
):  # type: ignore[no-untyped-def]
    response = signed_in.post(
        reverse("action_create", args=[resolution.pk]),
        {
            "description": "Report on adoption timeliness.",
            "lead_officer": officer.pk,
            "due_meeting": later.pk,
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.reference, action.due_date, action.lead_officer) == (
        "CFS (25/26) 01",
        later.date,
        officer,
    )
    page = signed_in.get(response["Location"]).content.decode()
    assert "Action CFS (25/26) 01 created." in page


def test_a_named_officer_with_an_email_may_lead(signed_in, resolution):  # type: ignore[no-untyped-def]
    signed_in.post(
        reverse("action_create", args=[resolution.pk]),
        {
            "description": "Report.",
            "lead_name": "Director of Children and Family Services",
            "lead_email": "director@example.org",
            "due_date": "2025-10-01",
        },
    )
    action = Action.objects.get()
    assert action.lead_display == "Director of Children and Family Services"
    assert action.lead_address == "director@example.org"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"due_date": "2025-10-01"}, "Choose the lead officer, or give their name and email address"),
        ({"lead_name": "Director", "due_date": "2025-10-01"}, "Give the lead officer&#x27;s email address"),
        ({"lead_name": "Director", "lead_email": "not-an-email", "due_date": "2025-10-01"}, "Enter an email address like name@example.org"),
        ({"lead_name": "Director", "lead_email": "d@example.org"}, "Choose the meeting it is due to, or give a due date"),
        ({"lead_name": "Director", "lead_email": "d@example.org", "due_date": "2025-02-30"}, "Enter due date as a real date"),
        ({"lead_name": "Director", "lead_email": "d@example.org", "due_date": "2025-01-01"}, "The due date must be on or after the meeting that asked for it"),
        ({"lead_name": "Director", "lead_email": "d@example.org", "due_date": "2025-10-01", "due_meeting": "LATER"}, "Choose a meeting or a due date, not both"),
        ({"lead_officer": "999999", "due_date": "2025-10-01"}, "Select a valid choice"),
    ],
)  # fmt: skip
def test_bad_actions_are_rejected(signed_in, resolution, later, data, message):  # type: ignore[no-untyped-def]
    data = {"description": "Report.", **data}
    if data.get("due_meeting") == "LATER":
        data["due_meeting"] = later.pk
    rejected(signed_in, reverse("action_create", args=[resolution.pk]), data, message)


def test_a_meeting_from_another_committee_cannot_be_chosen(signed_in, resolution):  # type: ignore[no-untyped-def]
    elsewhere = MeetingFactory(date=datetime.date(2025, 9, 8))
    rejected(
        signed_in,
        reverse("action_create", args=[resolution.pk]),
        {"description": "x", "lead_name": "D", "lead_email": "d@example.org", "due_meeting": elsewhere.pk},
        "Select a valid choice",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"number": "5", "title": "Again"}, "This meeting already has an item 5"),
        ({"number": "0", "title": "x"}, "Ensure this value is greater than or equal to 1"),
        ({"number": "6", "title": ""}, "Enter title"),
        ({"number": "6", "title": "x", "document_url": "javascript:alert(1)"}, "Enter the link as a web address"),
        ({"number": "6", "title": "x", "document_url": "ftp://example.org/report"}, "Enter a link that starts with https://"),
    ],
)  # fmt: skip
def test_bad_items_are_rejected(signed_in, meeting, item, data, message):  # type: ignore[no-untyped-def]
    rejected(signed_in, reverse("item_create", args=[meeting.pk]), data, message)


def test_the_item_form_offers_the_next_number(signed_in, meeting, item):  # type: ignore[no-untyped-def]
    response = signed_in.get(reverse("item_create", args=[meeting.pk]))
    assert response.context["form"].initial["number"] == 6


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "", "status": "scheduled"}, "Enter date"),
        ({"date": "2025-13-01", "status": "scheduled"}, "Enter date as a real date"),
        ({"date": "2025-09-01", "status": "postponed"}, "Select a valid choice"),
        ({"date": "2025-09-01", "time": "25:00", "status": "held"}, "Enter the time as, for example, 14:00"),
    ],
)  # fmt: skip
def test_bad_meetings_are_rejected(signed_in, committee, meeting, data, message):  # type: ignore[no-untyped-def]
    rejected(signed_in, reverse("meeting_create", args=[committee.slug]), data, message)
    rejected(signed_in, reverse("meeting_edit", args=[meeting.pk]), data, message)


def test_a_meeting_is_added_and_changed(signed_in, committee):  # type: ignore[no-untyped-def]
    response = signed_in.post(
        reverse("meeting_create", args=[committee.slug]),
        {"date": "2026-01-19", "time": "14:00", "venue": "County Hall", "status": "scheduled"},
    )  # fmt: skip
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("meeting_detail", args=[meeting.pk])
    signed_in.post(
        reverse("meeting_edit", args=[meeting.pk]),
        {"date": "2026-01-19", "time": "14:00", "venue": "County Hall", "status": "held"},
    )  # fmt: skip
    meeting.refresh_from_db()
    assert meeting.status == "held"
    assert meeting.history.first().history_user.username == "clerk"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2025-06-10", "text": ""}, "Enter update or answer"),
        ({"date": "2999-01-01", "text": "x"}, "The date cannot be in the future"),
        ({"date": "2025-06-10", "text": "x", "status": "closed"}, "Select a valid choice"),
    ],
)  # fmt: skip
def test_bad_updates_are_rejected(signed_in, clerk, resolution, data, message):  # type: ignore[no-untyped-def]
    action = make_action(clerk, resolution=resolution)
    rejected(signed_in, reverse("action_update", args=[action.pk]), data, message)


def test_closing_needs_a_reason(signed_in, clerk, resolution):  # type: ignore[no-untyped-def]
    action = make_action(clerk, resolution=resolution)
    url = reverse("action_close", args=[action.pk])
    rejected(signed_in, url, {"reason": ""}, "Give the reason for closing the action")
    response = signed_in.post(url, {"reason": "Answered at the meeting."})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.closed_reason) == (
        "closed",
        "Answered at the meeting.",
    )


def test_editing_an_action_keeps_its_reference(signed_in, clerk, resolution, later):  # type: ignore[no-untyped-def]
    action = make_action(clerk, resolution=resolution)
    response = signed_in.post(
        reverse("action_edit", args=[action.pk]),
        {"description": "Revised wording.", "lead_name": "Head of Service", "lead_email": "h@example.org", "due_meeting": later.pk},
    )  # fmt: skip
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.reference, action.description, action.due_date) == (
        "CFS (25/26) 01",
        "Revised wording.",
        later.date,
    )


def test_forms_are_govuk_forms_without_inline_script(signed_in, resolution):  # type: ignore[no-untyped-def]
    IndicatorFactory(code="adoption")
    page = signed_in.get(
        reverse("action_create", args=[resolution.pk])
    ).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    assert "govuk-form-group" in page
    assert 'class="govuk-checkboxes__input"' in page
    assert "govuk-radios" not in page
    assert "<script>" not in page and "onclick" not in page
    response = signed_in.post(reverse("action_create", args=[resolution.pk]), {})
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert 'id="id_description-error"' in page
    assert "govuk-textarea--error" in page
    title = page[page.index("<title>") : page.index("</title>")]
    assert " ".join(title.split()).startswith("<title> Error: Add an action")
