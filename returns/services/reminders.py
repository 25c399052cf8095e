"""Reminders to officers whose figures for an open period are missing,
`reminder_days` before the period's collection deadline. One per indicator,
period and deadline: the FigureReminder row is inserted before the email is
sent, and its unique constraint makes a second beat process skip it.

Each officer gets one email listing their indicators. An email the mail
server refuses (one bad address) is recorded on the rows of the indicators
it listed, for that address only, and the run goes on to the next officer;
a later run tries that address again, up to `indicators.mail.MAX_ATTEMPTS`
times (see `indicators.mail`). If the mail server cannot be reached, what
was not sent is recorded as waiting, without using up an attempt, and the
error propagates so that the task fails loudly; the next run sends it."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from indicators import mail
from indicators.models import FigureReminder, Indicator, Observation, Period
from indicators.services.common import home_area

log = logging.getLogger(__name__)
Status = FigureReminder.Status


def _recipients(indicator: Indicator) -> list[Any]:
    people = []
    if indicator.owner is not None and indicator.owner.email:
        people.append(indicator.owner)
    if indicator.team is not None:
        people += [m for m in indicator.team.members.all() if m.email]
    return people


@dataclass
class _Claim:
    """A FigureReminder row this run took ("sending"), and whom to email."""

    row: FigureReminder
    targets: list[Any]
    attempts_before: int


def _claim(
    indicator: Indicator,
    period: Period,
    people: list[Any],
    row: FigureReminder | None,
    now: datetime,
) -> _Claim | None:
    """Insert the indicator's reminder row, or take back a refused one due a
    retry (then only the addresses that refused it are emailed again), or
    one a killed run left "sending" (then everyone, to be sure)."""
    assert period.collection_deadline is not None, "only periods with a deadline"
    if row is None:
        try:
            with transaction.atomic():
                row = FigureReminder.objects.create(
                    indicator=indicator,
                    period=period,
                    deadline=period.collection_deadline,
                    recipients=", ".join(p.email for p in people),
                    status=Status.SENDING,
                    attempts=0,
                    last_attempt_at=now,
                )
        except IntegrityError:
            return None  # already reminded (by this or another beat process)
        return _Claim(row, people, 0)
    if not row.retry_due(now):
        return None
    refused = set(row.failed_recipients.split(", "))
    targets = [p for p in people if p.email in refused] or people
    taken = FigureReminder.objects.filter(
        pk=row.pk,
        status=row.status,
        attempts=row.attempts,
        last_attempt_at=row.last_attempt_at,
    ).update(status=Status.SENDING, last_attempt_at=now)
    return _Claim(row, targets, row.attempts) if taken else None


def _settle(
    claim: _Claim,
    outcome: dict[str, str | None],
    unreachable: BaseException | None,
) -> bool:
    """Record how the claim's emails went: sent to everyone, or which
    addresses refused it (an attempt) or were not reached (not one)."""
    refused = {
        p.email: outcome[p.email]
        for p in claim.targets
        if outcome.get(p.email) is not None
    }
    waiting = sorted({p.email for p in claim.targets if p.email not in outcome})
    done = not refused and not waiting
    errors = [f"{email}: {text}" for email, text in sorted(refused.items())]
    if waiting and unreachable is not None:
        errors.append(
            f"not sent to {', '.join(waiting)}: the mail server could not be"
            f" reached ({mail.describe(unreachable)})"
        )
    FigureReminder.objects.filter(pk=claim.row.pk).update(
        status=Status.SENT if done else Status.FAILED,
        attempts=claim.attempts_before + (1 if done or refused else 0),
        failed_recipients=", ".join(sorted({*refused, *waiting})),
        error="; ".join(errors)[:1000],
        last_attempt_at=timezone.now(),
    )
    return done


def _email(person: Any, period: Period, indicators: list[Indicator]) -> None:
    names = "\n".join(f"- {i.name} ({i.code})" for i in indicators)
    link = settings.SCRUTINEER_SITE_URL + reverse("entry_periods")
    send_mail(
        subject=f"Figures due by {period.collection_deadline:%-d %B %Y}: {period.label}",
        message=(
            f"Dear {person.get_full_name() or person.username},\n\n"
            f"These figures for {period.label} have not been submitted yet;"
            f" the deadline is {period.collection_deadline:%-d %B %Y}:\n\n"
            f"{names}\n\nEnter them in Scrutineer under 'Enter figures': {link}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[person.email],
    )


def figure_reminders_send(*, today: date | None = None) -> int:
    """Email owners of missing figures for every period whose reminder window
    (deadline - reminder_days up to the deadline) includes today. Returns the
    number of reminders (indicators) claimed and sent to everyone by this
    call."""
    today = today or timezone.localdate()
    now = timezone.now()
    area = home_area()
    sent = 0
    periods = [
        p
        for p in Period.objects.filter(
            collection_deadline__gte=today,
            collection_deadline__lte=today + timedelta(days=366),
        )
        if p.collection_deadline is not None
        and p.collection_deadline - timedelta(days=p.reminder_days) <= today
    ]
    for period in periods:
        claims, by_person = _claims(period, _missing(area, period), now)
        outcome, unreachable = _send(period, by_person)
        sent += sum(_settle(claim, outcome, unreachable) for claim in claims)
        if unreachable is not None:
            raise unreachable
    if sent:
        log.info("sent %s figure reminders", sent)
    return sent


def _missing(area: Any, period: Period) -> Any:
    """The indicators of the period's kind whose home figure for it has not
    been submitted (or published), with their owners and teams."""
    entered = set(
        Observation.all_objects.filter(
            area=area,
            period=period,
            status__in=[Observation.Status.SUBMITTED, Observation.Status.PUBLISHED],
        ).values_list("indicator_id", flat=True)
    )
    frequency = (
        Indicator.Frequency.QUARTERLY
        if period.kind == Period.Kind.QUARTER
        else Indicator.Frequency.ANNUAL
    )
    return (
        Indicator.objects.filter(frequency=frequency, year_type=period.year_type)
        .exclude(pk__in=entered)
        .select_related("owner", "team")
        .prefetch_related("team__members")
    )


def _claims(
    period: Period, missing: Any, now: datetime
) -> tuple[list[_Claim], dict[Any, list[Indicator]]]:
    """The reminders this run claims for the missing indicators, and the
    indicators to list in each person's email."""
    assert period.collection_deadline is not None, "only periods with a deadline"
    rows = {
        r.indicator_id: r
        for r in FigureReminder.objects.filter(
            period=period, deadline=period.collection_deadline
        )
    }
    claims: list[_Claim] = []
    by_person: dict[Any, list[Indicator]] = defaultdict(list)
    for indicator in missing:
        people = _recipients(indicator)
        if not people:
            continue
        claim = _claim(indicator, period, people, rows.get(indicator.pk), now)
        if claim is None:
            continue
        claims.append(claim)
        for person in claim.targets:
            by_person[person].append(indicator)
    return claims, by_person


def _send(
    period: Period, by_person: dict[Any, list[Indicator]]
) -> tuple[dict[str, str | None], BaseException | None]:
    """Email each person their list: each address's outcome (None when
    sent, else the server's refusal), and the error if the mail server
    could not be reached (the rest are then not tried)."""
    outcome: dict[str, str | None] = {}
    for person, indicators in by_person.items():
        try:
            _email(person, period, indicators)
        except Exception as error:
            if not mail.refused(error):
                return outcome, error
            outcome[person.email] = mail.describe(error)
            log.warning(
                "figure reminder to %s refused: %s", person.email, outcome[person.email]
            )
        else:
            outcome[person.email] = None
    return outcome, None
