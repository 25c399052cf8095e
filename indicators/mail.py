"""Reminder emails that may fail one at a time. Each reminder job claims
each email with a uniquely constrained row (see the models that inherit
`Delivery`) and records on that row how the sending went, so that one
refused address neither stops the run nor is lost without trace:

- the mail server refused the message (a 5xx or 4xx answer to it, or an
  address Django cannot write): the failure is recorded on that row, the run
  goes on to the next email, and a later run tries it again, up to
  MAX_ATTEMPTS times in all at least RETRY_AFTER apart; clerks and the
  performance team see what was not delivered (`/reminders/`);
- the mail server cannot be reached (down, timing out, refusing us): no
  email would get through, so the run stops, the error propagates (the task
  fails, loudly) and the next run tries everything again; that does not
  count as an attempt."""

from __future__ import annotations

import datetime
import smtplib
from typing import Any

from django.db import models
from django.utils import timezone

MAX_ATTEMPTS = 3
# The beat runs the reminder jobs hourly; a run started by hand in between
# does not use up a retry.
RETRY_AFTER = datetime.timedelta(minutes=30)
# A claim still "sending" this long after its run started was interrupted
# (the worker was killed): it is shown as not confirmed.
SENDING_STALE_AFTER = datetime.timedelta(hours=1)


class Delivery(models.Model):
    """How a claimed reminder's sending went. Rows written before these
    fields existed were sent (the claim was only kept on success)."""

    class Status(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not delivered"

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.SENT)
    # How many times the mail server answered for this email (accepted or
    # refused); an unreachable server does not count.
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.TextField(blank=True, help_text="the mail server's last refusal")
    last_attempt_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    @property
    def gave_up(self) -> bool:
        return self.status == self.Status.FAILED and self.attempts >= MAX_ATTEMPTS

    @property
    def interrupted(self) -> bool:
        return self.status == self.Status.SENDING

    def retry_due(self, now: datetime.datetime | None = None) -> bool:
        """Failed, with attempts left, and not tried in the last RETRY_AFTER;
        or claimed by a run that never said how it went (killed mid-send:
        better twice than never)."""
        now = now or timezone.now()
        if self.status == self.Status.SENDING:
            return self.last_attempt_at <= now - SENDING_STALE_AFTER
        return (
            self.status == self.Status.FAILED
            and self.attempts < MAX_ATTEMPTS
            and self.last_attempt_at <= now - RETRY_AFTER
        )


def undelivered(rows: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """Claims whose email has not (yet) got through: refused, or interrupted
    while sending."""
    return rows.filter(
        models.Q(status=Delivery.Status.FAILED)
        | models.Q(
            status=Delivery.Status.SENDING,
            last_attempt_at__lt=timezone.now() - SENDING_STALE_AFTER,
        )
    )


def refused(error: BaseException) -> bool:
    """Whether the mail server refused this one message (so the run should go
    on to the next), rather than being unreachable or refusing us (so no
    other message would get through either)."""
    if isinstance(
        error,
        smtplib.SMTPConnectError  # refused the connection: not this message
        | smtplib.SMTPHeloError
        | smtplib.SMTPAuthenticationError
        | smtplib.SMTPSenderRefused,  # our own From address
    ):
        return False
    if isinstance(
        error,
        smtplib.SMTPRecipientsRefused  # every recipient of this message
        | smtplib.SMTPDataError  # the message itself
        | smtplib.SMTPResponseException,
    ):
        return True
    # Django could not write the message (an address with a newline, say):
    # that message's fault, not the server's.
    return isinstance(error, ValueError)


def describe(error: BaseException) -> str:
    """The mail server's answer in a line, for the record and the clerk."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        parts = [
            f"{address}: {_answer(code, message)}"
            for address, (code, message) in error.recipients.items()
        ]
        text = "refused " + "; ".join(parts)
    elif isinstance(error, smtplib.SMTPResponseException):
        text = _answer(error.smtp_code, error.smtp_error)
    else:
        text = f"{type(error).__name__}: {error}"
    return text[:1000]


def _answer(code: int, message: bytes | str) -> str:
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return f"{code} {' '.join(message.split())}"
