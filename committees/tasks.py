"""Celery tasks for committees: each calls a service and nothing else. Both
are safe to run twice, or in two beat processes at once: a reminder or a
digest is claimed by inserting a uniquely-constrained row before it is sent."""

from __future__ import annotations

from celery import shared_task

from committees import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_action_reminders() -> dict[str, int]:
    """Remind lead officers a week before due and once overdue."""
    return services.action_reminders_send()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_meeting_digests() -> int:
    """Send clerks the digest of actions due to each meeting in the next week."""
    return services.meeting_digests_send()
