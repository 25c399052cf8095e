"""Reminders and digests: lead officers are emailed a week before an action
is due and once it is overdue, once each, however often (or however many
beat processes) run the job; clerks get a digest before each meeting."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection

from committees import services, tasks
from committees.models import ActionReminder, MeetingDigest
from committees.services import reminders
from tests.committees.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    ResolutionFactory,
    make_action,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def at(day: datetime.date, hour: int = 7):  # type: ignore[no-untyped-def]
    """Travel to `day` at `hour` UTC (the beat's morning run)."""
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC),
        tick=False,
    )


def run_reminders() -> dict[str, int]:
    return tasks.send_action_reminders.apply().get()


@pytest.fixture
def lead(db):  # type: ignore[no-untyped-def]
    return UserFactory(
        username="lead", email="lead@example.org", roles=["Officers"], first_name="Lee"
    )


def test_reminders_are_sent_once_each(clerk, lead, resolution):  # type: ignore[no-untyped-def]
    with at(D(2026, 3, 1)):
        week = make_action(
            clerk, resolution=resolution, due_date=D(2026, 3, 17),
            lead_officer=lead, lead_name="", lead_email="",
        )  # fmt: skip
        yesterday = make_action(
            clerk, resolution=resolution, due_date=D(2026, 3, 9),
            lead_name="Director", lead_email="director@example.org",
        )  # fmt: skip
        make_action(clerk, resolution=resolution, due_date=D(2026, 4, 20))  # too early
        make_action(
            clerk, resolution=resolution, due_date=D(2026, 3, 12), status="answered"
        )
        make_action(clerk, resolution=resolution, due_date=D(2025, 12, 1))  # long ago
    with at(D(2026, 3, 10)):
        assert run_reminders() == {"due_soon": 1, "overdue": 1}
        assert run_reminders() == {"due_soon": 0, "overdue": 0}
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("director@example.org", f"Overdue: committee action {yesterday.reference}"),
        (
            "lead@example.org",
            f"Due on 17 March 2026: committee action {week.reference}",
        ),
    ]
    # A lead with an account is linked to the update form; a named officer
    # without one is asked to reply to the clerk.
    mails = {m.to[0]: m.body for m in mail.outbox}
    assert f"/actions/{week.pk}/update/" in mails["lead@example.org"]
    assert "now overdue" in mails["director@example.org"]
    assert "to the committee's clerk" in mails["director@example.org"]
    # A day after it was due, the first action is overdue: one more email.
    mail.outbox.clear()
    with at(D(2026, 3, 18)):
        assert run_reminders() == {"due_soon": 0, "overdue": 1}
        assert run_reminders() == {"due_soon": 0, "overdue": 0}
    assert [m.to for m in mail.outbox] == [["lead@example.org"]]
    assert ActionReminder.objects.count() == 3


def test_a_new_due_date_is_reminded_afresh(clerk, lead, resolution):  # type: ignore[no-untyped-def]
    with at(D(2026, 3, 1)):
        action = make_action(
            clerk, resolution=resolution, due_date=D(2026, 3, 5),
            lead_officer=lead, lead_name="", lead_email="",
        )  # fmt: skip
        assert run_reminders()["due_soon"] == 1
        services.action_update(
            user=clerk, action=action, description=action.description,
            lead_officer=lead, due_date=D(2026, 3, 6),
        )  # fmt: skip
        assert run_reminders()["due_soon"] == 1
        assert run_reminders()["due_soon"] == 0
    assert len(mail.outbox) == 2


def test_an_action_without_an_address_is_skipped_not_claimed(clerk, resolution):  # type: ignore[no-untyped-def]
    nobody = UserFactory(username="nomail", email="", roles=["Officers"])
    with at(D(2026, 3, 1)):
        make_action(
            clerk, resolution=resolution, due_date=D(2026, 3, 5),
            lead_officer=nobody, lead_name="", lead_email="",
        )  # fmt: skip
        assert run_reminders() == {"due_soon": 0, "overdue": 0}
    assert not ActionReminder.objects.exists()
    assert mail.outbox == []


def test_a_failed_send_is_not_recorded_and_is_tried_again(  # type: ignore[no-untyped-def]
    clerk, lead, resolution, monkeypatch
):
    with at(D(2026, 3, 1)):
        make_action(
            clerk, resolution=resolution, due_date=D(2026, 3, 5),
            lead_officer=lead, lead_name="", lead_email="",
        )  # fmt: skip

        def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise OSError("mail server down")

        monkeypatch.setattr(reminders, "_send", broken)
        with pytest.raises(OSError):
            run_reminders()
        assert not ActionReminder.objects.exists()
        monkeypatch.undo()
        assert run_reminders()["due_soon"] == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_beat_processes_at_once_send_each_reminder_once():  # type: ignore[no-untyped-def]
    clerk = UserFactory(username="clerk", roles=["Clerks"])
    committee = CommitteeFactory(code="CFS", slug="cfs", name="CFS")
    resolution = ResolutionFactory(
        item=AgendaItemFactory(meeting=MeetingFactory(committee=committee))
    )
    with at(D(2026, 3, 1)):
        for n in range(6):
            make_action(
                clerk, resolution=resolution, due_date=D(2026, 2, 26 + n % 2),
                lead_name=f"Officer {n}", lead_email=f"officer{n}@example.org",
            )  # fmt: skip
    start = threading.Barrier(2)
    results: list[dict[str, int]] = []
    errors: list[BaseException] = []

    def beat() -> None:
        try:
            with at(D(2026, 3, 1)):
                start.wait(timeout=10)
                results.append(services.action_reminders_send())
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sum(r["overdue"] for r in results) == 6
    assert len(mail.outbox) == 6
    assert len({m.to[0] for m in mail.outbox}) == 6
    assert ActionReminder.objects.count() == 6


# --- Digests -----------------------------------------------------------------------------


@pytest.fixture
def next_meeting(committee):  # type: ignore[no-untyped-def]
    return MeetingFactory(
        committee=committee, date=D(2026, 3, 16), status="scheduled", venue="Room 1"
    )


def test_the_clerk_gets_a_digest_of_the_actions_due_to_the_meeting(  # type: ignore[no-untyped-def]
    clerk, committee, resolution, next_meeting
):
    committee.clerk = clerk
    committee.save()
    with at(D(2026, 3, 1)):
        due_here = make_action(
            clerk, resolution=resolution, due_date=None, due_meeting=next_meeting,
            description="Report on adoption timeliness",
        )  # fmt: skip
        late = make_action(
            clerk, resolution=resolution, due_date=D(2026, 2, 1),
            description="Breakdown of re-referrals",
        )  # fmt: skip
        make_action(
            clerk, resolution=resolution, due_date=D(2026, 6, 1),
            description="Not yet due",
        )  # fmt: skip
    with at(D(2026, 3, 8)):  # too early: more than a week before
        assert tasks.send_meeting_digests.apply().get() == 0
    with at(D(2026, 3, 9)):
        assert tasks.send_meeting_digests.apply().get() == 1
        assert tasks.send_meeting_digests.apply().get() == 0
    [digest] = mail.outbox
    assert digest.to == [clerk.email]
    assert "16 March 2026" in digest.subject
    assert due_here.reference in digest.body
    assert f"{late.reference}: Breakdown of re-referrals" in digest.body
    assert "(overdue)" in digest.body
    assert "Not yet due" not in digest.body
    assert MeetingDigest.objects.get().meeting == next_meeting


def test_a_moved_meeting_gets_a_fresh_digest_and_the_clerks_group_is_the_fallback(  # type: ignore[no-untyped-def]
    clerk, next_meeting
):
    with at(D(2026, 3, 10)):
        assert services.meeting_digests_send() == 1
        services.meeting_update(user=clerk, meeting=next_meeting, date=D(2026, 3, 17))
        assert services.meeting_digests_send() == 1
        assert services.meeting_digests_send() == 0
    assert [m.to for m in mail.outbox] == [[clerk.email], [clerk.email]]
    assert "No actions are due to this meeting." in mail.outbox[0].body


def test_a_cancelled_meeting_gets_no_digest(clerk, next_meeting):  # type: ignore[no-untyped-def]
    next_meeting.status = "cancelled"
    next_meeting.save()
    with at(D(2026, 3, 10)):
        assert services.meeting_digests_send() == 0
    assert mail.outbox == []


def test_beat_runs_both_jobs():
    tasks_scheduled = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "committees.tasks.send_action_reminders",
        "committees.tasks.send_meeting_digests",
    } <= tasks_scheduled
    assert tasks.send_action_reminders.name == "committees.tasks.send_action_reminders"
