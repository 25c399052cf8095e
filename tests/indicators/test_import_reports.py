"""Import jobs, reported: every row error is counted; a failure shows a plain
reason and the job's id; the job page compares only with jobs its reader may see."""

from __future__ import annotations

import io
import logging
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from indicators import imports
from indicators.models import ImportJob, Observation
from indicators.services import import_job_create
from returns.services import open_quarters
from tests.factories import IndicatorFactory, UserFactory
from tests.indicators.import_jobs_support import HEADER, ROWS, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


# --- Reporting ---------------------------------------------------------------------


def test_every_row_error_is_counted_though_only_the_first_thousand_are_kept(
    cpp, tmp_path
):
    """The finding: "Rows valid 199000" when errors were capped at 1,000."""
    bad = (
        "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,"
    )
    lines = [HEADER, ROWS[0]]
    lines += [f"{bad}E1000{n:04d}X,900,Nowhere,Total,1,1" for n in range(1500)]
    source = tmp_path / "cpp.csv"
    source.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError):
        call_command(
            "import_benchmarks", str(source), indicator="cpp", value_column="rate",
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED
    assert (job.rows_read, job.rows_valid) == (1501, 1)
    assert len(job.errors) == imports.MAX_ERRORS
    assert job.message == (
        "Rejected: 1,500 row errors; nothing was written. The first 1,000 are listed."
    )


def test_a_failed_job_shows_a_plain_reason_and_its_id_and_logs_the_details(
    client, officer, home_area, run_on_commit, caplog
):
    """A file gone from storage under a queued job is a fault of the server,
    not of the file: the person sees the job's id, the log has the rest."""
    from indicators.services import import_job_run

    client.force_login(officer)
    job = import_job_create(
        kind=ImportJob.Kind.RETURNS,
        file=SimpleUploadedFile("r.csv", b"indicator_code,period,value\n"),
        filename="r.csv",
        user=officer,
    )
    Path(job.file.path).unlink()
    with (
        caplog.at_level(logging.ERROR, logger="indicators.services.jobs"),
        pytest.raises(FileNotFoundError),
    ):
        import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.message == (
        "The import failed unexpectedly, and nothing was written. The details are "
        f"in the server's log under import job {job.pk}: tell the system's "
        "administrators, quoting that number."
    )
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert f"import job {job.pk}" in page
    assert "Errno" not in page and "No such file" not in page
    assert settings.MEDIA_ROOT.as_posix() not in page
    logged = [r for r in caplog.records if f"import job {job.pk} failed" in r.message]
    assert logged and "No such file" in str(logged[0].exc_info[1])


def test_the_sweeper_names_what_ended_a_job(home_area):
    from indicators.services import import_jobs_sweep

    long_ago = timezone.now() - timedelta(minutes=30)
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.RETURNS, filename="big.xlsx", status="running",
        heartbeat_at=long_ago, attempts=3, rows_read=12000,
    )  # fmt: skip
    assert import_jobs_sweep() == {"requeued": 0, "failed": 1}
    job.refresh_from_db()
    assert job.message == (
        "The import stopped 3 times without finishing, after reading 12,000 rows, "
        "because the process running it ended (killed, or out of memory); nothing "
        "was written. Upload it again, or tell the system's administrators about "
        f"import job {job.pk}."
    )


# --- "Identical" and "nothing changed" ---------------------------------------------


@pytest.fixture
def return_file(home_area) -> bytes:  # type: ignore[no-untyped-def]
    """A one-row return for the latest quarter open to officers today
    (figure_rules.EntryWindow), so that it imports whatever the day."""
    latest = open_quarters()[0].label
    return f"indicator_code,period,value\nassess,{latest},82.5\n".encode()


@pytest.fixture
def assess(officer):  # type: ignore[no-untyped-def]
    return IndicatorFactory(code="assess", unit="percent", owner=officer)


def test_the_identical_note_compares_only_with_jobs_the_reader_may_see(
    client, officer, home_area, assess, run_on_commit, return_file
):
    client.force_login(officer)
    run_on_commit(lambda: upload(client, return_file, "r.csv", "returns"))
    mine = ImportJob.objects.get()
    assert mine.status == ImportJob.Status.SUCCEEDED
    # The same file, imported earlier by an officer this one may not see.
    other = UserFactory(username="other-officer", roles=["Officers"])
    theirs = ImportJob.objects.create(
        kind=mine.kind, filename="r.csv", sha256=mine.sha256, options=mine.options,
        status=ImportJob.Status.SUCCEEDED, created_by=other,
    )  # fmt: skip
    ImportJob.objects.filter(pk=theirs.pk).update(
        created_at=mine.created_at - timedelta(days=1)
    )
    page = client.get(f"/imports/{mine.pk}/").content.decode()
    assert "This file is identical to" not in page
    assert f"/imports/{theirs.pk}/" not in page
    # The performance team sees every job, so for them it is the same file.
    client.force_login(UserFactory(username="lead", roles=["Performance team"]))
    page = client.get(f"/imports/{mine.pk}/").content.decode()
    assert f"/imports/{theirs.pk}/" in page


def test_nothing_changed_is_said_only_when_nothing_did(
    client, officer, home_area, assess, run_on_commit, return_file
):
    client.force_login(officer)
    run_on_commit(lambda: upload(client, return_file, "r.csv", "returns"))
    response = run_on_commit(lambda: upload(client, return_file, "r.csv", "returns"))
    page = client.get(response["Location"]).content.decode()
    assert "This file is identical to" in page
    assert "Importing it again changed nothing." in page
    # Someone changes the figure; the same file then changes it back.
    Observation.all_objects.filter(indicator=assess).update(value=Decimal("10"))
    response = run_on_commit(lambda: upload(client, return_file, "r.csv", "returns"))
    job = ImportJob.objects.latest("pk")
    assert job.counts["updated"] == 1
    page = client.get(response["Location"]).content.decode()
    assert "This file is identical to" in page
    assert "changed nothing" not in page and "nothing changed" not in page
    assert "Some figures had changed since then" in page
