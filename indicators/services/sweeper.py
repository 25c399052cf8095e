"""The sweeper: re-queue the imports the broker lost or a dead worker left
(Celery beat runs it every minute, `indicators.tasks.sweep_import_jobs`)."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from indicators.models import ImportJob

# The jobs' own logger: operators follow one name for every import.
log = logging.getLogger("indicators.services.jobs")

QUEUED_LEASE = timedelta(minutes=2)
RUNNING_LEASE = timedelta(minutes=1)
MAX_ATTEMPTS = 3


def import_jobs_sweep(*, now: Any = None) -> dict[str, int]:
    """Re-queue jobs the broker lost: queued but never claimed within the
    lease (Redis restarted, a message dropped), or running with no heartbeat
    within the lease (the worker was killed). A running job's writes are one
    transaction, so a killed worker left nothing half written. Each reset is a
    conditional update, so two sweepers cannot both re-queue one job; a job
    that has failed MAX_ATTEMPTS times is marked failed instead."""
    from indicators.tasks import run_import

    now = now or timezone.now()
    requeued, failed = [], 0
    for job in ImportJob.objects.filter(
        status=ImportJob.Status.QUEUED, created_at__lt=now - QUEUED_LEASE
    ).only("pk", "created_at"):
        # Touch created_at's twin (heartbeat) so the next sweep waits a lease.
        if ImportJob.objects.filter(
            pk=job.pk, status=ImportJob.Status.QUEUED, heartbeat_at=None
        ).update(heartbeat_at=now) or ImportJob.objects.filter(
            pk=job.pk,
            status=ImportJob.Status.QUEUED,
            heartbeat_at__lt=now - QUEUED_LEASE,
        ).update(heartbeat_at=now):
            requeued.append(job.pk)
    stale = ImportJob.objects.filter(
        status=ImportJob.Status.RUNNING, heartbeat_at__lt=now - RUNNING_LEASE
    ).values_list("pk", "attempts", "heartbeat_at", "rows_read")
    for pk, attempts, beat, rows_read in stale:
        if attempts >= MAX_ATTEMPTS:
            where = f", after reading {rows_read:,} rows," if rows_read else ""
            failed += ImportJob.objects.filter(
                pk=pk, status=ImportJob.Status.RUNNING, heartbeat_at=beat
            ).update(
                status=ImportJob.Status.FAILED,
                finished_at=now,
                message=f"The import stopped {attempts} times without finishing"
                f"{where} because the process running it ended (killed, or out of"
                " memory); nothing was written. Upload it again, or tell the"
                f" system's administrators about import job {pk}.",
            )
        elif ImportJob.objects.filter(
            pk=pk, status=ImportJob.Status.RUNNING, heartbeat_at=beat
        ).update(status=ImportJob.Status.QUEUED, heartbeat_at=now):
            requeued.append(pk)
    for pk in requeued:
        transaction.on_commit(partial(run_import.delay, pk), robust=True)
    if requeued or failed:
        log.warning("sweeper re-queued %s, failed %s", requeued, failed)
    return {"requeued": len(requeued), "failed": failed}
