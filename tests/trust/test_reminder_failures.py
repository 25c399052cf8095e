"""One refused mail address must not stop the reminders. Against a real SMTP
conversation (a fake server on loopback that answers 550 for one mailbox):
every other reminder and digest is sent, the refusal is recorded on its
row, retried a bounded number of times an hour apart, and shown to the
clerk (and, for figure reminders, to the performance team)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from committees import services, tasks
from committees.models import ActionReminder, MeetingDigest
from indicators import mail
from indicators.models import FigureReminder, Team
from returns.services import figure_reminders_send
from tests.committees.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    ResolutionFactory,
    make_action,
)
from tests.factories import IndicatorFactory, UserFactory, period
from tests.trust.fake_smtp import FakeSMTPServer

pytestmark = pytest.mark.django_db

D = datetime.date
BAD = "left.the.council@example.org"


def at(day: datetime.date, hour: int = 7):  # type: ignore[no-untyped-def]
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC),
        tick=False,
    )


@pytest.fixture
def smtp(settings) -> Iterator[FakeSMTPServer]:  # type: ignore[no-untyped-def]
    with FakeSMTPServer(refuse={BAD}) as server:
        settings.MAILERS = {"default": server.mailer()}
        settings.SCRUTINEER_SITE_URL = "https://scrutiny.example.gov.uk"
        yield server


@pytest.fixture
def business(clerk):  # type: ignore[no-untyped-def]
    """A committee whose clerk has an address, a meeting next week, and three
    actions due: the first (in the order the job sends them) to a lead whose
    mailbox no longer exists."""
    clerk.email = "clerk@example.org"
    clerk.save()
    committee = CommitteeFactory(code="CFS", slug="cfs", name="Children", clerk=clerk)
    meeting = MeetingFactory(
        committee=committee, date=D(2026, 3, 16), status="scheduled"
    )
    resolution = ResolutionFactory(item=AgendaItemFactory(meeting=meeting))
    with at(D(2026, 3, 1)):
        actions = [
            make_action(
                clerk,
                resolution=resolution,
                due_date=D(2026, 3, 9 + n),
                lead_name=f"Officer {n}",
                lead_email=email,
            )  # fmt: skip
            for n, email in enumerate([BAD, "second@example.org", "third@example.org"])
        ]
    return {"meeting": meeting, "actions": actions}


def test_one_refused_address_does_not_stop_the_other_reminders_or_the_digest(  # type: ignore[no-untyped-def]
    client, smtp, business, clerk, councillor
):
    bad, second, third = business["actions"]
    with at(D(2026, 3, 10)):
        # The first, overdue, is refused; the two due soon are sent.
        assert tasks.send_action_reminders.apply().get() == {
            "due_soon": 2,
            "overdue": 0,
        }
        assert tasks.send_meeting_digests.apply().get() == 1
    assert sorted(smtp.to()) == [
        "clerk@example.org",
        "second@example.org",
        "third@example.org",
    ]
    assert smtp.refused == [BAD]
    # The links in the emails are absolute (SITE_URL).
    digest = next(m for m in smtp.received if m.recipients == ["clerk@example.org"])
    assert "https://scrutiny.example.gov.uk/meetings/" in digest.body
    failed = ActionReminder.objects.get(action=bad)
    assert (failed.status, failed.attempts, failed.recipient) == ("failed", 1, BAD)
    assert "550 5.1.1" in failed.error and BAD in failed.error
    assert set(
        ActionReminder.objects.filter(status="sent").values_list("action", flat=True)
    ) == {second.pk, third.pk}

    # The clerk is told, on the tracker and on the page it links to.
    client.force_login(clerk)
    tracker = client.get(reverse("action_tracker")).content.decode()
    assert "1 reminder email could not be delivered" in tracker
    page = client.get(reverse("reminders_undelivered")).content.decode()
    assert bad.reference in page and BAD in page and "550 5.1.1" in page
    assert "Will try again" in page
    assert "Every digest to a clerk has been delivered" in page
    client.force_login(councillor)
    assert (
        "could not be delivered"
        not in client.get(reverse("action_tracker")).content.decode()
    )
    assert client.get(reverse("reminders_undelivered")).status_code == 403


def test_a_refused_reminder_is_retried_hourly_a_bounded_number_of_times(  # type: ignore[no-untyped-def]
    client, smtp, business, clerk
):
    bad = business["actions"][0]
    start = datetime.datetime(2026, 3, 10, 7, tzinfo=datetime.UTC)
    tries = []
    for hour in range(mail.MAX_ATTEMPTS + 2):
        with time_machine.travel(start + datetime.timedelta(hours=hour), tick=False):
            services.action_reminders_send()
            services.action_reminders_send()  # a second run in the same hour
        tries.append(len(smtp.refused))
    # Tried once an hour, MAX_ATTEMPTS (3) times, then no more; the others once.
    assert mail.MAX_ATTEMPTS == 3
    assert tries == [1, 2, 3, 3, 3]
    assert sorted(smtp.to()) == ["second@example.org", "third@example.org"]
    failed = ActionReminder.objects.get(action=bad)
    assert (failed.status, failed.attempts, failed.gave_up) == (
        "failed",
        mail.MAX_ATTEMPTS,
        True,
    )
    client.force_login(clerk)
    page = client.get(reverse("reminders_undelivered")).content.decode()
    assert f"after {mail.MAX_ATTEMPTS} attempts" in page

    # The clerk corrects the address: it is sent at the next run.
    with time_machine.travel(start + datetime.timedelta(hours=9), tick=False):
        services.action_update(
            user=clerk, action=bad, description=bad.description,
            lead_name="Officer 0", lead_email="new.address@example.org",
            due_date=bad.due_date,
        )  # fmt: skip
        services.action_reminders_send()
    assert smtp.to()[-1] == "new.address@example.org"
    fixed = ActionReminder.objects.get(action=bad)
    assert (fixed.status, fixed.recipient, fixed.error) == (
        "sent",
        "new.address@example.org",
        "",
    )
    assert (
        "could not be delivered"
        not in client.get(reverse("action_tracker")).content.decode()
    )


def test_a_refused_digest_is_recorded_and_shown(client, smtp, business, clerk):  # type: ignore[no-untyped-def]
    clerk.email = BAD
    clerk.save()
    with at(D(2026, 3, 10)):
        assert services.meeting_digests_send() == 0
        assert services.action_reminders_send() == {"due_soon": 2, "overdue": 0}
    digest = MeetingDigest.objects.get()
    assert (digest.status, digest.attempts) == ("failed", 1)
    client.force_login(clerk)
    page = client.get(reverse("reminders_undelivered")).content.decode()
    assert "Children, 16 March 2026" in page and "550 5.1.1" in page


# --- Figure reminders -----------------------------------------------------------------


@pytest.fixture
def missing_figures(home_area):  # type: ignore[no-untyped-def]
    """Three indicators with no figure for Q2: one owned by an officer whose
    mailbox is gone, one by another officer, one by a team of both."""
    q2 = period("2025/26 Q2")
    q2.collection_deadline = date(2025, 10, 20)
    q2.reminder_days = 7
    q2.save()
    gone = UserFactory(username="gone", email=BAD, roles=["Officers"])
    here = UserFactory(username="here", email="here@example.org", roles=["Officers"])
    team = Team.objects.create(name="Performance")
    team.members.set([gone, here])
    return {
        "gone": IndicatorFactory(code="a-gone", name="Adoptions", owner=gone),
        "here": IndicatorFactory(code="b-here", name="Visits", owner=here),
        "team": IndicatorFactory(code="c-team", name="Caseloads", team=team),
    }


def test_one_refused_officer_does_not_stop_the_figure_reminders(  # type: ignore[no-untyped-def]
    client, smtp, missing_figures, performance_lead, clerk
):
    with at(D(2025, 10, 13)):
        assert figure_reminders_send() == 1  # "Visits" went to everyone it names
        assert figure_reminders_send() == 0  # a second run in the same hour
    assert smtp.refused == [BAD]
    [email] = smtp.received
    assert email.recipients == ["here@example.org"]
    assert "Visits" in email.body and "Caseloads" in email.body
    assert "https://scrutiny.example.gov.uk/entry/" in email.body
    rows = {r.indicator.code: r for r in FigureReminder.objects.all()}
    assert rows["b-here"].status == "sent"
    for code in ("a-gone", "c-team"):
        assert (rows[code].status, rows[code].attempts) == ("failed", 1)
        assert rows[code].failed_recipients == BAD
        assert "550 5.1.1" in rows[code].error

    # The next hour only the refused address is tried again.
    with at(D(2025, 10, 13), hour=8):
        assert figure_reminders_send() == 0
    assert smtp.refused == [BAD, BAD]
    assert len(smtp.received) == 1

    client.force_login(performance_lead)
    page = client.get(reverse("reminders_undelivered")).content.decode()
    assert "Adoptions" in page and "Caseloads" in page and BAD in page
    assert "Reminders to lead officers" not in page  # the clerks' business
    client.force_login(clerk)
    page = client.get(reverse("reminders_undelivered")).content.decode()
    assert "Reminders of missing figures" not in page


def test_an_unreachable_mail_server_loses_no_figure_reminder(  # type: ignore[no-untyped-def]
    settings, missing_figures
):
    """Connection refused: the run fails loudly, nothing counts as an
    attempt, and the next run (the server back) sends everything."""
    with FakeSMTPServer() as server:
        port = server.port
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    with at(D(2025, 10, 13)), pytest.raises(ConnectionRefusedError):
        figure_reminders_send()
    assert set(FigureReminder.objects.values_list("status", "attempts")) == {
        ("failed", 0)
    }
    with FakeSMTPServer() as server:
        settings.MAILERS = {"default": server.mailer()}
        with at(D(2025, 10, 13), hour=8):
            assert figure_reminders_send() == 3
        assert sorted(server.to()) == sorted([BAD, "here@example.org"])
    assert set(FigureReminder.objects.values_list("status", flat=True)) == {"sent"}


def test_a_run_killed_while_sending_is_picked_up_later(smtp, missing_figures):  # type: ignore[no-untyped-def]
    """A claim left "sending" (its worker was killed mid-run) is not taken
    while that run might still be sending; an hour on, it is sent."""

    def visits_sent() -> int:
        return sum("Visits (b-here)" in m.body for m in smtp.received)

    with at(D(2025, 10, 13)):
        FigureReminder.objects.create(
            indicator=missing_figures["here"], period=period("2025/26 Q2"),
            deadline=D(2025, 10, 20), recipients="here@example.org",
            status="sending", attempts=0,
        )  # fmt: skip
        figure_reminders_send()
    assert visits_sent() == 0
    with at(D(2025, 10, 13), hour=9):
        figure_reminders_send()
    assert visits_sent() == 1
    row = FigureReminder.objects.get(indicator=missing_figures["here"])
    assert (row.status, row.attempts) == ("sent", 1)


def test_the_mail_servers_answers_are_told_apart():
    import smtplib

    refused = smtplib.SMTPRecipientsRefused({BAD: (550, b"5.1.1 unknown")})
    assert mail.refused(refused)
    assert mail.describe(refused) == f"refused {BAD}: 550 5.1.1 unknown"
    assert mail.refused(smtplib.SMTPDataError(554, b"5.7.1 spam"))
    assert mail.refused(ValueError("Invalid address"))
    for down in (
        ConnectionRefusedError(),
        TimeoutError(),
        smtplib.SMTPServerDisconnected(),
        smtplib.SMTPConnectError(421, b"busy"),
        smtplib.SMTPAuthenticationError(535, b"bad password"),
        smtplib.SMTPSenderRefused(550, b"no", "scrutineer@localhost"),
    ):
        assert not mail.refused(down), down
