"""Import jobs through every path: the benchmark upload's two steps and the
command share one shape of options, checked when the job is created; every
row error is counted; a failure shows a plain reason and the job's id; the
job page compares only with jobs its reader may see; uploaded files are
removed after their retention."""

from __future__ import annotations

import io
import logging
import os
import time
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
from indicators.services import import_job_create, uploads_clean
from returns.services import open_quarters
from tests.factories import IndicatorFactory, UserFactory
from tests.hostile import wide_csv

pytestmark = pytest.mark.django_db

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,"
    "region_code,region_name,new_la_code,old_la_code,la_name,breakdown,rate,num"
)
ROWS = [
    "2025,Reporting year,National,E92000001,England,,,,,,Total,24.5,100",
    "2025,Reporting year,National,E92000001,England,,,,,,Girls,22.0,40",
    "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,"
    "E10000018,855,Leicestershire,Total,24.8,153",
    "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,"
    "E10000018,855,Leicestershire,Girls,21.0,60",
]
EES = ("\n".join([HEADER, *ROWS]) + "\n").encode()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cpp(home_area):  # type: ignore[no-untyped-def]
    return IndicatorFactory(
        code="cpp", name="Second child protection plans", unit="percent",
        polarity="lower", rag_method="quartile", frequency="annual",
        year_type="reporting",
    )  # fmt: skip


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Requests queue the job on commit; run it then, eagerly, as the demo
    does (tests/integration runs it on a real worker)."""

    def call(action):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return call


def upload(client, content: bytes, name: str, kind: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/imports/", {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )


def england(label: str = "2025") -> Observation:
    return Observation.all_objects.get(
        indicator__code="cpp", area__code="E92000001", period__label=label
    )


# --- One shape of filters, every path ----------------------------------------------


def test_the_web_benchmark_import_with_a_filter_succeeds(
    client, performance_lead, cpp, run_on_commit
):
    """The finding: the form stored filters as a list of "col=val" strings
    and every web benchmark import failed with "'list' object has no
    attribute 'items'"."""
    client.force_login(performance_lead)
    response = upload(client, EES, "cpp.csv", "benchmarks")
    assert response.status_code == 302
    assert response["Location"] == "/imports/benchmark/"
    page = client.get("/imports/benchmark/").content.decode()
    assert "The file has 13 columns" in page
    assert '<option value="Girls">Girls</option>' in page  # a filter's values
    response = run_on_commit(
        lambda: client.post(
            "/imports/benchmark/",
            {
                "indicator": "cpp",
                "value_column": "rate",
                "numerator_column": "num",
                "denominator_column": "",
                "filter_0": "Girls",  # the one filter offered: breakdown
            },
        )
    )
    job = ImportJob.objects.get()
    assert response["Location"] == f"/imports/{job.pk}/"
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.errors)
    assert job.options["filters"] == {"breakdown": "Girls"}
    assert england().value == Decimal("22.0")
    assert england().numerator == Decimal("40")
    page = client.get(response["Location"]).content.decode()
    assert "Imported" in page and "Failed" not in page
    # The pending file and what was read from it are gone once imported.
    assert not list((Path(settings.MEDIA_ROOT) / "imports" / "pending").iterdir())


def test_the_command_and_the_web_store_the_same_options(
    client, performance_lead, cpp, run_on_commit, tmp_path
):
    client.force_login(performance_lead)
    upload(client, EES, "cpp.csv", "benchmarks")
    run_on_commit(
        lambda: client.post(
            "/imports/benchmark/",
            {"indicator": "cpp", "value_column": "rate", "filter_0": "Total"},
        )
    )
    source = tmp_path / "cpp.csv"
    source.write_bytes(EES)
    call_command(
        "import_benchmarks", str(source), indicator="cpp", value_column="rate",
        filter=["breakdown=Total"], stdout=io.StringIO(),
    )  # fmt: skip
    web, command = ImportJob.objects.order_by("pk")
    assert web.status == command.status == ImportJob.Status.SUCCEEDED
    asked = {k: v for k, v in web.options.items() if k != "rows_expected"}
    assert asked == {k: v for k, v in command.options.items() if k != "rows_expected"}
    assert asked["filters"] == {"breakdown": "Total"}


@pytest.mark.parametrize(
    ("filters", "reason"),
    [
        (["breakdown=Total"], "the filters must map each column to the value"),
        ({"breakdown": 5}, "must be a column name and a value, both text"),
        ({" ": "Total"}, "a filter has no column name"),
        ({"Breakdown": "Total", "breakdown ": "Girls"}, "filtered twice"),
    ],
    ids=["a-list", "a-number", "no-column", "twice"],
)
def test_the_service_refuses_filters_of_another_shape_before_queueing(
    cpp, tmp_path, filters, reason
):
    source = tmp_path / "cpp.csv"
    source.write_bytes(EES)
    with pytest.raises(imports.OptionsError, match=reason):
        import_job_create(
            kind=ImportJob.Kind.BENCHMARKS,
            file=source,
            filename="cpp.csv",
            options={"indicator": "cpp", "value_column": "rate", "filters": filters},
        )
    assert not ImportJob.objects.exists()


def test_the_command_refuses_a_column_filtered_twice(cpp, tmp_path):
    source = tmp_path / "cpp.csv"
    source.write_bytes(EES)
    with pytest.raises(CommandError, match="given twice") as caught:
        call_command(
            "import_benchmarks", str(source), indicator="cpp", value_column="rate",
            filter=["breakdown=Total", "breakdown=Girls"], stdout=io.StringIO(),
        )  # fmt: skip
    assert caught.value.returncode == 1
    assert not ImportJob.objects.exists()


def test_a_job_stored_with_the_old_list_of_filters_is_rejected_with_a_reason(
    cpp, tmp_path
):
    """A job queued before this change holds a list: it is rejected with a
    reason a person can read, not failed with Python's words."""
    from django.core.files.base import ContentFile

    from indicators.services import import_job_run

    job = ImportJob(
        kind=ImportJob.Kind.BENCHMARKS, filename="cpp.csv",
        options={"indicator": "cpp", "value_column": "rate", "filters": ["breakdown=Total"]},
    )  # fmt: skip
    job.file.save("cpp.csv", ContentFile(EES), save=True)
    job = import_job_run(job_id=job.pk)
    assert job.status == ImportJob.Status.REJECTED
    assert "the filters must map each column to the value to keep" in job.message
    assert "object has no attribute" not in job.message
    assert not Observation.all_objects.exists()


# --- Step one reads a benchmark file once, within bounds ---------------------------


def test_a_benchmark_file_too_wide_is_refused_at_upload_with_the_reason(
    client, performance_lead, cpp
):
    client.force_login(performance_lead)
    response = upload(client, wide_csv(250), "wide.csv", "benchmarks")
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "The file cannot be imported: the header has 250 columns: at most 200 can "
        "be read. Remove the columns you do not need and upload the file again"
    ) in page
    assert "There is a problem" in page
    assert not ImportJob.objects.exists()
    assert not list((Path(settings.MEDIA_ROOT) / "imports" / "pending").iterdir())
    # No pending upload was kept for step two.
    assert client.get("/imports/benchmark/")["Location"] == "/imports/"


def test_step_two_offers_what_was_read_at_upload_without_reading_the_file_again(
    client, performance_lead, cpp
):
    client.force_login(performance_lead)
    upload(client, wide_csv(200), "wide.csv", "benchmarks")
    (pending,) = (Path(settings.MEDIA_ROOT) / "imports" / "pending").glob("*.csv")
    # Were the page to read the file, this would refuse it or change it.
    pending.write_bytes(b"\x00" * 64)
    page = client.get("/imports/benchmark/").content.decode()
    assert "The file has 200 columns" in page
    assert page.count('<option value="measure_195">') == 3  # value, count, base
    # Each measure holds 3 distinct values here, so each is offered as a filter.
    assert page.count("Any (do not filter)") == 196


def test_the_filters_offered_are_bounded_and_the_rest_named(
    client, performance_lead, cpp
):
    """60 columns of 50 values each would be 3,000 choices: the first 2,000
    are offered (40 columns) and the other 20 columns are named."""
    header = "time_period,geographic_level," + ",".join(f"f{n}" for n in range(60))
    lines = [header] + [
        "2025,National," + ",".join(f"v{row}" for _ in range(60)) for row in range(50)
    ]
    client.force_login(performance_lead)
    upload(client, ("\n".join(lines) + "\n").encode(), "many.csv", "benchmarks")
    page = client.get("/imports/benchmark/").content.decode()
    assert page.count("Any (do not filter)") == 40
    assert "20 more columns could narrow the rows but are not offered here" in page
    assert ", ".join(f"f{n}" for n in range(40, 60)) in page


def test_two_clicks_on_import_make_one_job(client, performance_lead, cpp):
    from returns.services import pending_upload_get, pending_upload_take

    client.force_login(performance_lead)
    upload(client, EES, "cpp.csv", "benchmarks")
    token = client.session["pending_benchmark"]
    first, second = pending_upload_take(token), pending_upload_take(token)
    assert first is not None and second is None
    assert pending_upload_get(token) is None
    assert first.path.exists()


def test_a_workbook_is_refused_as_benchmark_data(
    client, performance_lead, cpp, tmp_path
):
    from tests.hostile import far_cell_workbook

    client.force_login(performance_lead)
    response = upload(client, far_cell_workbook(), "cpp.xlsx", "benchmarks")
    assert "National benchmark data must be an EES CSV file" in (
        response.content.decode()
    )
    assert not ImportJob.objects.exists()
    # Whatever its name, the reading at upload refuses a workbook unopened.
    path = tmp_path / "cpp.csv"
    path.write_bytes(far_cell_workbook())
    with pytest.raises(imports.FileRejected, match="must be an EES CSV file"):
        imports.benchmark_choices(path)


def test_file_names_are_stored_without_bidi_or_control_characters(
    client, performance_lead, cpp, run_on_commit, tmp_path
):
    client.force_login(performance_lead)
    upload(client, EES, "cpp\u202evsc.csv", "benchmarks")
    page = client.get("/imports/benchmark/").content.decode()
    assert "cppvsc.csv" in page and "\u202e" not in page
    run_on_commit(
        lambda: client.post(
            "/imports/benchmark/", {"indicator": "cpp", "value_column": "rate"}
        )
    )
    job = ImportJob.objects.get()
    assert job.filename == "cppvsc.csv"
    assert "\u202e" not in job.file.name
    # Django's upload parser drops them too; a command takes the name as
    # the file system gives it.
    source = tmp_path / "cpp\u202evsc\u2066.csv"
    source.write_bytes(EES)
    call_command(
        "import_benchmarks", str(source), indicator="cpp", value_column="rate",
        filter=["breakdown=Total"], stdout=io.StringIO(),
    )  # fmt: skip
    job = ImportJob.objects.latest("pk")
    assert job.filename == "cppvsc.csv"
    assert "\u202e" not in job.file.name and "\u2066" not in job.file.name


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


# --- Old uploads are removed -------------------------------------------------------


def age(path: Path, days: float) -> None:
    moment = time.time() - days * 86400
    os.utime(path, (moment, moment))


def test_uploads_past_their_retention_are_removed_and_records_kept(home_area, settings):
    settings.SCRUTINEER_UPLOAD_RETENTION_DAYS = 30
    settings.SCRUTINEER_PENDING_UPLOAD_HOURS = 24
    now = timezone.now()

    def job(days_since_finish: float | None, name: str) -> ImportJob:
        made = import_job_create(
            kind=ImportJob.Kind.RETURNS,
            file=SimpleUploadedFile(name, b"indicator_code,period,value\n"),
            filename=name,
        )
        finished = (
            None
            if days_since_finish is None
            else now - timedelta(days=days_since_finish)
        )
        status = (
            ImportJob.Status.QUEUED if finished is None else ImportJob.Status.REJECTED
        )
        ImportJob.objects.filter(pk=made.pk).update(finished_at=finished, status=status)
        age(Path(made.file.path), 400)
        made.refresh_from_db()
        return made

    old, recent, waiting = job(31, "old.csv"), job(29, "recent.csv"), job(None, "q.csv")
    root = Path(settings.MEDIA_ROOT) / "imports"
    pending = root / "pending"
    pending.mkdir(parents=True, exist_ok=True)
    abandoned, fresh = pending / ("a" * 32 + ".csv"), pending / ("b" * 32 + ".csv")
    for path in (abandoned, fresh):
        path.write_bytes(b"x")
    age(abandoned, 1.5)
    stray, new_stray = root / "2020" / "01" / "lost.csv", root / "2020" / "01" / "n.csv"
    stray.parent.mkdir(parents=True)
    for path in (stray, new_stray):
        path.write_bytes(b"x")
    age(stray, 31)
    old_path, recent_path = Path(old.file.path), Path(recent.file.path)
    waiting_path = Path(waiting.file.path)

    out = io.StringIO()
    call_command("clean_uploads", stdout=out)

    assert out.getvalue().strip() == (
        "Removed 1 file(s) of imports finished over 30 days ago, 1 benchmark "
        "upload(s) left at step two for over 24 hours, and 1 stray file(s) no "
        "import names."
    )
    assert not old_path.exists() and not abandoned.exists() and not stray.exists()
    assert recent_path.exists() and fresh.exists() and new_stray.exists()
    assert waiting_path.exists()  # a queued job still needs its file
    old.refresh_from_db()
    assert old.file.name == "" and old.filename == "old.csv" and old.sha256
    # Run again (the daily task): nothing more to remove.
    from indicators.tasks import clean_uploads

    assert clean_uploads.apply().get() == {"job_files": 0, "pending": 0, "strays": 0}
    assert uploads_clean(now=now + timedelta(days=2)) == {
        "job_files": 1,
        "pending": 1,
        "strays": 0,
    }
    assert not recent_path.exists() and not fresh.exists()


def test_the_cleanup_runs_daily_on_beat():
    from config.celery import app

    entry = next(
        e
        for e in app.conf.beat_schedule.values()
        if e["task"] == "indicators.tasks.clean_uploads"
    )
    assert entry["schedule"] == 86400.0


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_through_the_server_make_one_job_and_no_error(
    live_server, client, performance_lead, cpp
):
    """Two POSTs of step two at the same moment, on the live server's
    threads: one job is made, and both answer with a redirect, never a 500
    (before, the second could open a file the first had just removed)."""
    import re
    import threading

    import requests

    client.force_login(performance_lead)
    upload(client, EES, "cpp.csv", "benchmarks")
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    form = requests.get(
        live_server.url + "/imports/benchmark/", headers={"Cookie": cookie}, timeout=30
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    headers = {
        "Cookie": f"{cookie}; {settings.CSRF_COOKIE_NAME}="
        f"{form.cookies[settings.CSRF_COOKIE_NAME]}"
    }
    data = {
        "csrfmiddlewaretoken": token.group(1),
        "indicator": "cpp",
        "value_column": "rate",
        "filter_0": "Total",
    }
    start, answers = threading.Barrier(2), []

    def click() -> None:
        start.wait()
        answers.append(
            requests.post(
                live_server.url + "/imports/benchmark/", data=data, headers=headers,
                allow_redirects=False, timeout=60,
            ).status_code
        )  # fmt: skip

    clicks = [threading.Thread(target=click) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()
    assert answers == [302, 302]
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.message
