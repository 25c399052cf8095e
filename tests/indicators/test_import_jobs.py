"""Import jobs, the benchmark upload's two steps: the command and the web share
one shape of options, checked when the job is created; step one reads the file
once, within bounds; two clicks make one job."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators import imports
from indicators.models import ImportJob, Observation
from indicators.services import import_job_create
from tests.hostile import wide_csv
from tests.indicators.import_jobs_support import EES, england, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


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
