"""Redis restarts with an import queued: the job still runs.

Redis here keeps nothing across a restart (no `appendonly`, the worst case:
production's compose file does keep an append-only file), so the queued
message is lost. Redis is only the broker: the job row in PostgreSQL says
the job is queued, and the sweeper re-queues a job left queued past its
lease. The worker, for its part, reconnects to the restarted Redis by
itself, with no restart."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from indicators.models import ImportJob, Observation
from indicators.services import import_job_create, import_job_wait, import_jobs_sweep
from indicators.services.sweeper import QUEUED_LEASE
from tests.factories import IndicatorFactory
from tests.faults.conftest import Broker, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]
DFE = Path(__file__).resolve().parents[2] / "data" / "dfe"
SOURCE = DFE / "d3_cpps_subsequent_plan_2013_to_2025.csv"
OPTIONS = {"indicator": "cpp", "value_column": "CPP_subsequent_percent"}
ROWS = 2132  # the real file's data rows: national, regional and authorities


@pytest.fixture
def cpp(settings):  # type: ignore[no-untyped-def]
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    return IndicatorFactory(
        code="cpp", unit="percent", polarity="lower", rag_method="quartile",
        frequency="annual", year_type="reporting",
    )  # fmt: skip


def queue_import() -> ImportJob:
    return import_job_create(
        kind=ImportJob.Kind.BENCHMARKS,
        file=SOURCE,
        filename=SOURCE.name,
        options=OPTIONS,
    )


def sweep_after_the_lease(job: ImportJob) -> dict[str, int]:
    return import_jobs_sweep(now=job.created_at + QUEUED_LEASE + timedelta(seconds=1))


def test_a_job_queued_when_redis_restarts_still_runs(broker: Broker, cpp):
    job = queue_import()
    assert broker.queued() == 1  # the message is in Redis, no worker yet

    broker.server.restart()  # SIGKILL and start again: the message is gone
    assert broker.queued() == 0
    worker = broker.worker("after-restart")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED  # the row still says so

    assert sweep_after_the_lease(job) == {"requeued": 1, "failed": 0}
    job = import_job_wait(job=job, timeout=120)
    assert job.status == ImportJob.Status.SUCCEEDED, job.message
    assert job.attempts == 1  # it ran once: the lost message never ran
    assert Observation.all_objects.filter(indicator=cpp).count() == ROWS
    assert "run_import[" in worker.output()
    # Sweeping again changes nothing: the job is finished.
    assert sweep_after_the_lease(job) == {"requeued": 0, "failed": 0}


def test_a_running_worker_reconnects_after_redis_restarts(broker: Broker, cpp):
    worker = broker.worker("through-the-restart")
    broker.server.restart()
    job = queue_import()  # the web process reconnects to publish
    try:
        job = import_job_wait(job=job, timeout=60)
    except TimeoutError:
        # The worker may still be reconnecting when the message arrives; it
        # is not lost then, but if it were, the sweeper would re-queue it.
        sweep_after_the_lease(job)
        job = import_job_wait(job=job, timeout=60)
    assert job.status == ImportJob.Status.SUCCEEDED, job.message
    assert Observation.all_objects.filter(indicator=cpp).count() == ROWS
    assert worker.alive  # never restarted
    wait_for(lambda: "run_import[" in worker.output(), 10, "the worker's log")
