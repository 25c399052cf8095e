"""Reminders, the sweeper, and the bulk imports that close the quarter."""

from __future__ import annotations

import datetime
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from openpyxl import Workbook

from indicators.models import FigureReminder, ImportJob, Observation, Target
from tests.returns.officer_pages.support import GOOD, submitted

pytestmark = pytest.mark.django_db


# --- Reminders and the sweeper -------------------------------------------------------


def test_reminders_are_sent_once_per_figure_and_deadline(officer, home_area, mine, q2):
    q2.collection_deadline = date(2025, 10, 20)
    q2.reminder_days = 7
    q2.save()
    from returns.services import figure_reminders_send

    assert figure_reminders_send(today=date(2025, 10, 12)) == 0  # too early
    assert figure_reminders_send(today=date(2025, 10, 13)) == 1
    assert figure_reminders_send(today=date(2025, 10, 14)) == 0  # once only
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer.email]
    assert "Assessments on time" in mail.outbox[0].body
    assert FigureReminder.objects.count() == 1


def test_no_reminder_once_the_figure_is_submitted(officer, home_area, mine, q2):
    q2.collection_deadline = date(2025, 10, 20)
    q2.save()
    submitted(mine, q2)
    from returns.services import figure_reminders_send

    assert figure_reminders_send(today=date(2025, 10, 18)) == 0
    assert mail.outbox == []


def test_the_sweeper_requeues_a_job_the_broker_lost(
    officer, home_area, mine, django_capture_on_commit_callbacks, tmp_path
):
    from datetime import timedelta

    from django.utils import timezone

    from indicators.services import import_jobs_sweep

    source = tmp_path / "return.csv"
    source.write_bytes(GOOD)
    job = ImportJob(kind=ImportJob.Kind.RETURNS, filename="return.csv")
    with open(source, "rb") as handle:
        from django.core.files import File

        job.file.save("return.csv", File(handle), save=True)
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert import_jobs_sweep() == {"requeued": 1, "failed": 0}
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    with django_capture_on_commit_callbacks(execute=True):
        assert import_jobs_sweep() == {"requeued": 0, "failed": 0}


def test_the_sweeper_requeues_a_job_whose_worker_died(home_area, mine):
    from datetime import timedelta

    from django.utils import timezone

    from indicators.services import import_jobs_sweep

    long_ago = timezone.now() - timedelta(minutes=30)
    dead = ImportJob.objects.create(
        kind=ImportJob.Kind.RETURNS, filename="a.csv", status="running",
        heartbeat_at=long_ago, attempts=1,
    )  # fmt: skip
    hopeless = ImportJob.objects.create(
        kind=ImportJob.Kind.RETURNS, filename="b.csv", status="running",
        heartbeat_at=long_ago, attempts=3,
    )  # fmt: skip
    assert import_jobs_sweep() == {"requeued": 1, "failed": 1}
    dead.refresh_from_db()
    hopeless.refresh_from_db()
    assert dead.status == ImportJob.Status.QUEUED
    assert hopeless.status == ImportJob.Status.FAILED


def test_xlsx_with_a_million_empty_rows_imports_its_data_rows_only(
    upload, client, officer, home_area, mine
):
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator_code", "period", "value"])
    sheet.append(["assess", "2025/26 Q2", 82])
    sheet.cell(row=1_048_576, column=3, value=" ")  # the sheet's last row
    out = io.BytesIO()
    book.save(out)
    client.force_login(officer)
    upload(client, out.getvalue(), name="return.xlsx")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.rows_read < 1000  # reading stopped at the run of blank rows
    assert Observation.all_objects.get().value == Decimal("82")


def test_a_returns_targets_are_set_in_bulk_and_audited(
    home_area, mine, tmp_path, time_machine
):
    from django.core.management import call_command

    time_machine.move_to(datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC))  # Q4 over

    source = tmp_path / "return.csv"
    for target in ("85", "85", "88"):
        source.write_text(
            "indicator_code,period,value,target\n"
            f"assess,2025/26 Q3,82,{target}\nassess,2025/26 Q4,83,{target}\n"
        )
        call_command("import_returns", str(source))
    q3 = Target.objects.get(indicator=mine, period__label="2025/26 Q3")
    assert q3.value == Decimal("88")
    history = list(q3.history.order_by("history_date"))
    assert [h.value for h in history] == [Decimal("85"), Decimal("88")]  # 2nd: no-op
    assert history[-1].history_change_reason.startswith("import job")
