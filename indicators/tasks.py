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
