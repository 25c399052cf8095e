"""Celery tasks: an id in (or nothing), a service call, nothing else."""

from __future__ import annotations

from celery import shared_task

from returns import services


@shared_task
def send_figure_reminders() -> int:
    """Remind officers of missing figures before the deadline (beat, hourly)."""
    return services.figure_reminders_send()
