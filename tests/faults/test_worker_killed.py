"""The Celery worker is killed (SIGKILL, no warning) in the middle of a large
benchmark import: 200,000 rows in DfE's EES layout.

With `acks_late` the message would come back only after Redis's visibility
timeout (an hour); the job row is the record instead: its heartbeat stops,
the sweeper re-queues it, and another worker imports the whole file. The
killed worker's transaction is rolled back by PostgreSQL, so in between the
database holds none of the file's figures, and afterwards exactly all of
them, once each. A job that dies on its last attempt is marked failed, with
nothing written, and the same file imports cleanly when uploaded again."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from indicators.models import Area, ImportJob, Observation, PeriodStatistics
from indicators.services import import_job_create, import_job_wait, import_jobs_sweep
from indicators.services.sweeper import MAX_ATTEMPTS, RUNNING_LEASE
from tests.factories import IndicatorFactory
from tests.faults.bigfile import VALUE_COLUMN, make_big_benchmark_file
from tests.faults.conftest import Broker, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]
ROWS = int(os.environ.get("FAULTS_BIG_FILE_ROWS", 200_000))
OPTIONS = {"indicator": "cpp", "value_column": VALUE_COLUMN}


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("big") / "cpp_national_200k.csv"
    return path, make_big_benchmark_file(path, ROWS)


@pytest.fixture(scope="module")
def smaller_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("smaller") / "cpp_national_40k.csv"
    return path, make_big_benchmark_file(path, ROWS // 5)


@pytest.fixture
def cpp(settings):  # type: ignore[no-untyped-def]
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    return IndicatorFactory(
        code="cpp", unit="percent", polarity="lower", rag_method="quartile",
        frequency="annual", year_type="reporting",
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _remove_uploads() -> Iterator[None]:
    """The uploaded copies are 36 MB each: do not leave them in var/."""
    yield
    for job in ImportJob.objects.all():
        job.file.delete(save=False)


def other_backends_in_a_transaction(
    older_than: float = 0, running: str = "%"
) -> list[tuple]:
    """The test database's other connections with a transaction open longer
    than `older_than` seconds (the worker's all-or-nothing write), running a
    statement that starts like `running`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, now() - xact_start, left(query, 60) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND xact_start IS NOT NULL"
            " AND xact_start < now() - make_interval(secs => %s)"
            " AND query LIKE %s",
            [older_than, running],
        )
        return cursor.fetchall()


def figures(indicator) -> int:  # type: ignore[no-untyped-def]
    return Observation.all_objects.filter(indicator=indicator).count()


def kill_when(worker, job: ImportJob, phase: str) -> str:  # type: ignore[no-untyped-def]
    """SIGKILL the worker once the job is running and in `phase`: `reading`
    (just claimed, validating the file) or `writing` (inside its one write
    transaction, in or just after the set-based upsert of the figures: with
    the figures in the table, had it not been one transaction). Returns what the database showed at the
    moment of the kill."""
    wait_for(
        lambda: ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.RUNNING,
        120,
        "the worker to claim the job",
    )
    if phase == "writing":
        wait_for(
            lambda: bool(
                other_backends_in_a_transaction(
                    older_than=1, running='%INSERT INTO "indicators_observation"%'
                )
            ),
            300,
            "the import to insert figures",
            every=0.05,
        )
        time.sleep(0.1)  # in the upsert, or just after it in the same transaction
    seen = repr(other_backends_in_a_transaction())
    worker.kill()
    return seen


def the_killed_transaction_is_gone() -> None:
    # PostgreSQL rolls back a dead client's transaction once it notices the
    # closed socket (at the latest when the statement in flight ends).
    wait_for(lambda: not other_backends_in_a_transaction(), 120, "the rollback")


@pytest.mark.parametrize("phase", ["reading", "writing"])
def test_a_killed_worker_leaves_nothing_and_another_finishes_the_import(
    broker: Broker, cpp, big_file, phase
):
    path, rows = big_file
    areas_before = Area.objects.count()
    first = broker.worker("first")
    job = import_job_create(
        kind=ImportJob.Kind.BENCHMARKS, file=path, filename=path.name, options=OPTIONS
    )
    at_kill = kill_when(first, job, phase)
    if phase == "writing":
        assert "indicators_observation" in at_kill, at_kill  # inside the write

    the_killed_transaction_is_gone()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING  # the row says who to blame
    assert figures(cpp) == 0, "a killed import left figures behind"
    assert Area.objects.count() == areas_before
    assert not PeriodStatistics.objects.filter(indicator=cpp).exists()

    second = broker.worker("second")
    # Nothing re-delivers the message within the hour (acks_late and the
    # visibility timeout): the sweeper, a lease later, re-queues the job.
    time.sleep(2)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING
    swept = import_jobs_sweep(now=timezone.now() + RUNNING_LEASE + timedelta(seconds=1))
    assert swept == {"requeued": 1, "failed": 0}

    job = import_job_wait(job=job, timeout=600)
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.errors[:3])
    assert job.attempts == 2
    assert job.counts["created"] == rows
    assert "run_import[" in second.output()
    assert figures(cpp) == rows
    duplicates = (
        Observation.all_objects.filter(indicator=cpp)
        .values("area", "period")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not duplicates.exists()
    assert Observation.all_objects.filter(indicator=cpp, import_job=job).count() == rows
    # The ratings were recomputed once the figures were in.
    assert PeriodStatistics.objects.filter(indicator=cpp).count() == 13

    # A second sweep finds nothing to do.
    assert import_jobs_sweep(
        now=timezone.now() + RUNNING_LEASE + timedelta(seconds=1)
    ) == {"requeued": 0, "failed": 0}


@pytest.fixture
def slow_figure_write() -> Iterator[None]:
    """The import's one INSERT of the figures holds on for 1.5 seconds once
    its rows are in (a statement trigger that sleeps), so that `kill_when`
    sees the write in flight, with the figures in the table, however fast
    the machine: a 40,000-row upsert can begin and commit inside the one
    second it waits for, and the import then simply succeeds."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE OR REPLACE FUNCTION test_slow_figure_write() RETURNS trigger AS $$
            BEGIN PERFORM pg_sleep(1.5); RETURN NULL; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_slow_figure_write AFTER INSERT
                ON indicators_observation FOR EACH STATEMENT
                EXECUTE FUNCTION test_slow_figure_write();
            """
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER IF EXISTS test_slow_figure_write ON indicators_observation;"
            " DROP FUNCTION IF EXISTS test_slow_figure_write();"
        )


def test_a_job_killed_on_its_last_attempt_fails_cleanly_and_can_be_retried(
    broker: Broker, cpp, smaller_file, slow_figure_write
):
    path, rows = smaller_file
    job = import_job_create(
        kind=ImportJob.Kind.BENCHMARKS, file=path, filename=path.name, options=OPTIONS
    )
    # Two earlier attempts already died: this is the last one.
    ImportJob.objects.filter(pk=job.pk).update(attempts=MAX_ATTEMPTS - 1)
    worker = broker.worker("last-attempt")
    kill_when(worker, job, "writing")
    the_killed_transaction_is_gone()

    swept = import_jobs_sweep(now=timezone.now() + RUNNING_LEASE + timedelta(seconds=1))
    assert swept == {"requeued": 0, "failed": 1}
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "nothing was written" in job.message and "Upload it again" in job.message
    assert figures(cpp) == 0

    broker.worker("retry")
    again = import_job_create(
        kind=ImportJob.Kind.BENCHMARKS, file=path, filename=path.name, options=OPTIONS
    )
    again = import_job_wait(job=again, timeout=600)
    assert again.status == ImportJob.Status.SUCCEEDED, again.message
    assert figures(cpp) == rows
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED  # the failed job stays failed
