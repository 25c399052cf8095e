"""Uploads at /imports/ and their bad files."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from indicators.models import ImportJob, Observation
from indicators.services import recompute
from tests.factories import ObservationFactory
from tests.returns.officer_pages.support import GOOD, xlsx

pytestmark = pytest.mark.django_db


# --- Uploads -------------------------------------------------------------------------


def test_a_good_upload_imports_and_a_second_identical_one_changes_nothing(
    upload, client, officer, home_area, mine
):
    client.force_login(officer)
    response = upload(client, GOOD)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.created_by == officer
    page = client.get(response["Location"]).content.decode()
    assert "Imported" in page
    assert 'hx-trigger="every 1s"' not in page  # finished: polling stops
    figure = Observation.all_objects.get()
    assert figure.value == Decimal("82.5")
    assert figure.status == Observation.Status.SUBMITTED
    assert figure.history.first().history_change_reason.startswith("import job")

    response = upload(client, GOOD)
    page = client.get(response["Location"]).content.decode()
    assert "This file is identical to" in page
    assert "nothing changed" in page
    assert Observation.all_objects.count() == 1
    assert figure.history.count() == 1


def test_a_bad_upload_lists_every_row_error_and_writes_nothing(
    upload, client, officer, home_area, mine
):
    client.force_login(officer)
    bad = (
        b"indicator_code,period,value\n"
        b"assess,2025/26 Q2,82.5\n"
        b"assess,2025/26 Q9,50\n"
        b"nope,2025/26 Q2,50\n"
        b"assess,2025/26 Q1,lots\n"
    )
    response = upload(client, bad)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED
    page = client.get(response["Location"]).content.decode()
    assert "Nothing from this file was written" in page
    assert "Q9" in page and "nope" in page and "lots" in page
    assert not Observation.all_objects.exists()
    errors = client.get(f"/imports/{job.pk}/errors.csv")
    rows = list(csv.DictReader(io.StringIO(errors.content.decode("utf-8-sig"))))
    assert [r["row"] for r in rows] == ["3", "4", "5"]
    assert {r["column"] for r in rows} >= {"period", "indicator_code", "value"}


def test_an_officer_cannot_upload_another_teams_figures(
    upload, client, officer, home_area, mine, theirs
):
    client.force_login(officer)
    upload(client, b"indicator_code,period,value\nvisits,2025/26 Q2,50\n")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED
    assert "you do not enter figures for visits" in job.errors[0]["reason"]
    assert not Observation.all_objects.exists()


def test_councillors_cannot_upload(upload, client, councillor, home_area):
    client.force_login(councillor)
    assert upload(client, GOOD).status_code == 403
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("return.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "is not a text file"),
        ("return.xlsx", b"indicator_code,period,value\n", "is not an Excel workbook"),
        ("return.exe", b"MZ\x90\x00", "Upload a CSV or XLSX file"),
        ("return.csv", b"", "is empty"),
    ],
    ids=["png-named-csv", "csv-named-xlsx", "exe", "empty"],
)
def test_wrong_type_by_content_is_refused_before_any_job(
    upload, client, officer, home_area, name, content, message
):
    client.force_login(officer)
    response = upload(client, content, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_oversized_uploads_are_refused(upload, client, officer, home_area, settings):
    settings.SCRUTINEER_MAX_UPLOAD_BYTES = 1024
    client.force_login(officer)
    response = upload(client, GOOD + b"x" * 2048)
    assert "the limit is" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_xlsx_formulas_are_never_evaluated(upload, client, officer, home_area, mine):
    client.force_login(officer)
    content = xlsx(
        [
            ["indicator_code", "period", "value", "commentary"],
            ["assess", "2025/26 Q2", 82, '=HYPERLINK("http://evil","x")'],
        ]
    )
    upload(client, content, name="return.xlsx")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    figure = Observation.all_objects.get()
    assert figure.value == Decimal("82")
    # The reader takes the value a workbook stored, never the formula run
    # again: openpyxl writes no stored result, so the cell reads as empty.
    assert figure.commentary == ""


def test_cp1252_csv_keeps_its_pound_sign(upload, client, officer, home_area, mine):
    client.force_login(officer)
    content = "indicator_code,period,value,commentary\nassess,2025/26 Q2,82,Cost £1,200 a week\n"
    upload(client, content.replace(",200", "200").encode("cp1252"))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert Observation.all_objects.get().commentary == "Cost £1200 a week"


def test_formula_text_is_exported_safely(
    client, officer, councillor, home_area, mine, q2
):
    """Text that officers type and the export really writes (the indicator's
    name and theme: the export has no commentary column) reaches CSV and
    XLSX cells as text, never as a formula."""
    from openpyxl import load_workbook

    mine.name = "=cmd|' /C calc'!A0"
    mine.save()
    mine.theme.name = "@SUM(1+1)*cmd|' /C calc'!A0"
    mine.theme.save()
    ObservationFactory(
        indicator=mine, area=home_area, period=q2, value=Decimal("70"),
        commentary="=cmd|' /C calc'!A0",
    )  # fmt: skip
    recompute()
    client.force_login(officer)
    text = client.get("/", {"_export": "csv"}).content.decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["indicator_name"] == "'=cmd|' /C calc'!A0"
    assert row["theme"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    sheet = load_workbook(
        io.BytesIO(client.get("/", {"_export": "xlsx"}).content)
    ).active
    cells = [c.value for c in sheet[2]]
    assert "'=cmd|' /C calc'!A0" in cells
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert not [c for c in cells if isinstance(c, str) and c.startswith(("=", "@"))]
