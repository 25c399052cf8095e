"""Reminders to lead officers and digests to clerks, sent through Django's
email backend. Each email is claimed by inserting a uniquely-constrained row
in the same transaction as the send, so a second run, or a second beat
process, cannot send it again. An email the mail server refuses (one bad
address) is recorded on its row and tried again by later runs, up to
`indicators.mail.MAX_ATTEMPTS` times, while the run goes on to the others;
clerks see what was not delivered at /reminders/."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from committees import rules
from committees.models import (
    Action,
    ActionReminder,
    Committee,
    Meeting,
    MeetingDigest,
)
from indicators import mail
from indicators.permissions import MINUTE_MEETINGS

logger = logging.getLogger(__name__)

# Reminders: a week before the due date, and once overdue. A run missed (the
# beat down for a day) is caught up within this many days; older actions are
# not reminded, so that loading old minutes does not mail everyone at once.
REMINDER_DAYS_BEFORE = 7
CATCH_UP_DAYS = 7
# The clerk's digest goes this many days before a meeting (agenda packs are
# published five clear working days before).
DIGEST_DAYS_BEFORE = 7


def _send(subject: str, template: str, context: dict[str, Any], to: list[str]) -> None:
    body = render_to_string(template, context)
    EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    ).send()


def _claim_and_send(
    model: type[mail.Delivery],
    key: dict[str, Any],
    fields: dict[str, Any],
    subject: str,
    template: str,
    context: dict[str, Any],
    to: list[str],
) -> bool:
    """Claim the email named by `key` (insert its row, or take back a
    refused one that is due a retry), then send, in one transaction. A
    second run (or a second beat process, which waits on the unique index or
    the row lock until the first commits) finds it taken and sends nothing.
    If the mail server refuses the email, the claim rolls back and the
    refusal is recorded instead; if the server cannot be reached, everything
    rolls back and the error propagates, so the next run tries again.
    A refused email whose address has since been corrected is tried afresh.
    Returns whether the email was sent."""
    existing = model._default_manager.filter(**key).first()
    corrected = (
        existing is not None
        and existing.status == mail.Delivery.Status.FAILED
        and any(getattr(existing, name) != value for name, value in fields.items())
    )
    if existing is not None and not (corrected or existing.retry_due()):
        return False  # sent, given up, or tried too recently
    attempts = 1 if existing is None or corrected else existing.attempts + 1
    try:
        with transaction.atomic():
            if existing is None:
                model._default_manager.create(**key, **fields)
            elif not model._default_manager.filter(
                pk=existing.pk,
                status=mail.Delivery.Status.FAILED,
                attempts=existing.attempts,
            ).update(
                status=mail.Delivery.Status.SENT,
                attempts=attempts,
                error="",
                last_attempt_at=timezone.now(),
                **fields,
            ):
                return False  # another run took it
            _send(subject, template, context, to)
    except IntegrityError:
        return False
    except Exception as error:
        if not mail.refused(error):
            raise
        _record_refusal(model, key, fields, existing, attempts, error, to)
        return False
    return True


def _record_refusal(
    model: type[mail.Delivery],
    key: dict[str, Any],
    fields: dict[str, Any],
    existing: Any,
    attempts: int,
    error: Exception,
    to: list[str],
) -> None:
    text = mail.describe(error)
    logger.warning(
        "reminder %s to %s refused (attempt %s of %s): %s",
        key, ", ".join(to), attempts, mail.MAX_ATTEMPTS, text,
    )  # fmt: skip
    failed = {
        "status": mail.Delivery.Status.FAILED,
        "attempts": attempts,
        "error": text,
        "last_attempt_at": timezone.now(),
    }
    if existing is None:
        try:
            with transaction.atomic():
                model._default_manager.create(**key, **fields, **failed)
        except IntegrityError:
            pass  # another run claimed it meanwhile: its outcome stands
    else:
        model._default_manager.filter(
            pk=existing.pk, attempts=existing.attempts
        ).update(**fields, **failed)


def action_reminders_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """Email each lead officer a week before their action is due and on the
    day it becomes overdue: once each per due date. Returns how many of each
    were sent. Safe to run twice, or in two processes at once."""
    today = today or timezone.localdate()
    sent = {ActionReminder.Kind.DUE_SOON: 0, ActionReminder.Kind.OVERDUE: 0}
    soon = Q(
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=REMINDER_DAYS_BEFORE),
    )
    late = Q(
        due_date__lt=today,
        due_date__gte=today - datetime.timedelta(days=CATCH_UP_DAYS),
    )
    actions = (
        Action.objects.outstanding()
        .filter(soon | late)
        .select_related("committee", "lead_officer", "due_meeting")
        .order_by("due_date", "pk")
    )
    for action in actions:
        kind = (
            ActionReminder.Kind.OVERDUE
            if action.due_date < today
            else ActionReminder.Kind.DUE_SOON
        )
        address = action.lead_address
        if not address:
            logger.warning("action %s has no lead email to remind", action.reference)
            continue
        if kind == ActionReminder.Kind.OVERDUE:
            subject = f"Overdue: committee action {action.reference}"
        else:
            subject = f"Due on {action.due_date:%-d %B %Y}: committee action {action.reference}"
        claimed = _claim_and_send(
            ActionReminder,
            {"action": action, "kind": kind, "due_date": action.due_date},
            {"recipient": address},
            subject,
            "committees/emails/action_reminder.txt",
            {
                "action": action,
                "overdue": kind == ActionReminder.Kind.OVERDUE,
                "site_url": getattr(settings, "SCRUTINEER_SITE_URL", ""),
            },
            [address],
        )
        if claimed:
            sent[kind] += 1
    return {str(k): v for k, v in sent.items()}


def actions_due_to(
    meeting: Meeting, *, today: datetime.date | None = None
) -> list[Action]:
    """What the committee should hear about at a meeting: the actions due to
    it (whatever their state), and any other of the committee's outstanding
    actions due by then; each annotated `is_overdue` as of `today`."""
    return list(
        Action.objects.with_overdue(today)
        .filter(
            Q(due_meeting=meeting)
            | Q(
                committee_id=meeting.committee_id,
                status__in=rules.OUTSTANDING,
                due_date__lte=meeting.date,
            )
        )
        .select_related("lead_officer", "resolution__item__meeting")
        .order_by("due_date", "municipal_year", "sequence")
    )


def _clerk_addresses(committee: Committee) -> list[str]:
    clerk = committee.clerk
    if clerk is not None and clerk.email and clerk.is_active:
        return [clerk.email]
    User = get_user_model()
    return sorted(
        {
            email
            for email in User.objects.filter(
                is_active=True, groups__name__in=sorted(MINUTE_MEETINGS)
            )
            .exclude(email="")
            .values_list("email", flat=True)
        }
    )


def meeting_digests_send(*, today: datetime.date | None = None) -> int:
    """Send the clerk a digest of the actions due to each scheduled meeting
    in the coming week: once per meeting and date. Returns how many were sent."""
    today = today or timezone.localdate()
    meetings = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED,
        date__gte=today,
        date__lte=today + datetime.timedelta(days=DIGEST_DAYS_BEFORE),
    ).select_related("committee", "committee__clerk")
    sent = 0
    for meeting in meetings:
        digest = MeetingDigest.objects.filter(
            meeting=meeting, meeting_date=meeting.date
        ).first()
        if digest is not None and digest.status == MeetingDigest.Status.SENT:
            continue
        to = _clerk_addresses(meeting.committee)
        if not to:
            logger.warning("no clerk to send the digest for meeting %s", meeting.pk)
            continue
        actions = actions_due_to(meeting, today=today)
        claimed = _claim_and_send(
            MeetingDigest,
            {"meeting": meeting, "meeting_date": meeting.date},
            {"recipients": ", ".join(to)},
            f"Actions due to {meeting.committee.name}, {meeting.date:%-d %B %Y}",
            "committees/emails/meeting_digest.txt",
            {
                "meeting": meeting,
                "actions": actions,
                "today": today,
                "site_url": getattr(settings, "SCRUTINEER_SITE_URL", ""),
            },
            to,
        )
        sent += int(claimed)
    return sent
