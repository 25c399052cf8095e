"""An import queued by the management command, carried by Redis and run by a
real Celery worker process against the test database."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from indicators.models import ImportJob, Observation
from tests.factories import AreaFactory, IndicatorFactory

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


def test_a_task_delivered_twice_imports_once(celery_worker, settings, tmp_path):
    """At-least-once delivery: a second delivery of the same job id finds the
    job already claimed and writes nothing more."""
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
    run_import.delay(job.pk)  # the duplicate delivery
    job = import_job_wait(job=job, timeout=120)
    assert job.status == ImportJob.Status.SUCCEEDED
    written = Observation.all_objects.filter(indicator__code="cpp").count()
    run_import.delay(job.pk)
    import_job_wait(job=job, timeout=5)
    assert Observation.all_objects.filter(indicator__code="cpp").count() == written
    assert written > 1500


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
    from indicators.services.figures import open_quarters

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
