"""Celery tasks: an id in, a service call, nothing else. Safe to run twice:
the service claims the job with a conditional update."""

from __future__ import annotations

from celery import shared_task

from indicators import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_import(job_id: int) -> str:
    job = services.import_job_run(job_id=job_id)
    return job.status


@shared_task
def recompute_all() -> int:
    return services.recompute()


@shared_task
def sweep_import_jobs() -> dict[str, int]:
    """Re-queue imports the broker lost or a dead worker left (beat, every
    minute)."""
    return services.import_jobs_sweep()


@shared_task
def clean_uploads() -> dict[str, int]:
    """Remove uploaded files past their retention (beat, daily)."""
    return services.uploads_clean()
