"""An import queued by the management command, carried by Redis and run by a
real Celery worker process against the test database."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from pathlib import Path

import pytest
import redis
from django.core.management import call_command

from indicators.models import ImportJob, Observation
from tests.factories import AreaFactory, IndicatorFactory
from tests.integration.conftest import BROKER, Worker

DFE = Path(__file__).resolve().parents[2] / "data" / "dfe"
pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_benchmark_import_runs_on_a_real_worker(celery_worker, settings):
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    AreaFactory(code="E10000018", la_number="855", name="Leicestershire")
    IndicatorFactory(
        code="cpp", unit="percent", polarity="lower", rag_method="quartile",
        frequency="annual", year_type="reporting",
    )  # fmt: skip

    call_command(
        "import_benchmarks",
        str(DFE / "d3_cpps_subsequent_plan_2013_to_2025.csv"),
        indicator="cpp",
        value_column="CPP_subsequent_percent",
    )

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    # The worker, not this process, ran it: its log names the task and job.
    assert "indicators.tasks.run_import" in celery_worker.output()
    home = Observation.objects.get(
        indicator__code="cpp", area__code="E10000018", period__label="2025"
    )
    assert home.value == Decimal("24.8")
    assert home.rating.quartile == 3


def wait_until_consumed(
    worker: Worker, task_ids: list[str], timeout: float = 120
) -> None:
    """Wait until the worker has finished each of these task deliveries (its
    log says so) and the test's queue holds nothing more: only then may a
    test count what they wrote."""
    broker = redis.Redis.from_url(BROKER)
    deadline = time.monotonic() + timeout
    while True:
        output = worker.output()
        pending = [
            task_id
            for task_id in task_ids
            if not re.search(
                rf"run_import\[{task_id}\] (succeeded|raised|failed)", output
            )
        ]
        if not pending and broker.llen(worker.queue) == 0:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"deliveries not consumed: {pending}\n{output}")
        time.sleep(0.2)


def test_a_task_delivered_twice_imports_once(celery_worker, settings, tmp_path):
    """At-least-once delivery: a second delivery of the same job id, while
    the job is queued and again after it has finished, finds it claimed and
    writes nothing more. The counts are taken only after the real worker has
    consumed every delivery."""
    from indicators.services import import_job_create, import_job_wait
    from indicators.tasks import run_import

    settings.SCRUTINEER_HOME_AREA = "E10000018"
    AreaFactory(code="E10000018", la_number="855", name="Leicestershire")
    IndicatorFactory(
        code="cpp", unit="percent", polarity="lower", rag_method="quartile",
        frequency="annual", year_type="reporting",
    )  # fmt: skip
    source = DFE / "d3_cpps_subsequent_plan_2013_to_2025.csv"
    job = import_job_create(
        kind=ImportJob.Kind.BENCHMARKS,
        file=source,
        filename=source.name,
        options={"indicator": "cpp", "value_column": "CPP_subsequent_percent"},
    )
    early = run_import.delay(job.pk)  # a duplicate while the job is queued
    job = import_job_wait(job=job, timeout=120)
    assert job.status == ImportJob.Status.SUCCEEDED
    late = run_import.delay(job.pk)  # and one after it has finished
    wait_until_consumed(celery_worker, [early.id, late.id])
    # The first delivery (queued by import_job_create) and both duplicates ran.
    done = re.findall(r"run_import\[[0-9a-f-]+\] succeeded", celery_worker.output())
    assert len(done) == 3, celery_worker.output()

    after = ImportJob.objects.get(pk=job.pk)
    assert after.attempts == 1, "a duplicate delivery ran the import again"
    assert (after.status, after.started_at, after.finished_at, after.counts) == (
        job.status, job.started_at, job.finished_at, job.counts,
    )  # fmt: skip
    written = Observation.all_objects.filter(indicator__code="cpp").count()
    assert written == job.counts["created"] > 1500


def test_an_upload_runs_on_the_worker_and_twice_leaves_one_set(
    celery_worker, client, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from indicators.services import import_job_wait
    from tests.factories import UserFactory

    settings.SCRUTINEER_HOME_AREA = "E10000018"
    AreaFactory(code="E10000018", la_number="855", name="Leicestershire")
    officer = UserFactory(username="officer", roles=["Officers"])
    IndicatorFactory(code="assess", unit="percent", owner=officer)
    # Two quarters open to an officer today (figure_rules.EntryWindow).
    from returns.services import open_quarters

    latest, earlier = (q.label for q in open_quarters()[:2])
    content = (
        "indicator_code,period,value,numerator,denominator\n"
        f"assess,{earlier},80,40,50\nassess,{latest},82.5,33,40\n"
    ).encode()
    client.force_login(officer)
    for _ in range(2):
        response = client.post(
            "/imports/",
            {"kind": "returns", "file": SimpleUploadedFile("return.csv", content)},
        )
        assert response.status_code == 302
        job = ImportJob.objects.order_by("-pk").first()
        job = import_job_wait(job=job, timeout=120)
        assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert ImportJob.objects.count() == 2
    assert job.counts["unchanged"] == 2 and job.counts["created"] == 0
    assert Observation.all_objects.filter(indicator__code="assess").count() == 2
    assert "indicators.tasks.run_import" in celery_worker.output()
