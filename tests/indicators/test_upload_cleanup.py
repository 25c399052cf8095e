"""Import jobs: uploaded files are removed after their retention, daily."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from indicators.models import ImportJob
from indicators.services import import_job_create, uploads_clean
from tests.indicators.import_jobs_support import age

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


# --- Old uploads are removed -------------------------------------------------------


def job_finished(now, days_since_finish: float | None, name: str) -> ImportJob:  # type: ignore[no-untyped-def]
    """A returns job whose file is 400 days old, finished (rejected) that many
    days before `now`, or still queued when `days_since_finish` is None."""
    made = import_job_create(
        kind=ImportJob.Kind.RETURNS,
        file=SimpleUploadedFile(name, b"indicator_code,period,value\n"),
        filename=name,
    )
    finished = (
        None if days_since_finish is None else now - timedelta(days=days_since_finish)
    )
    status = ImportJob.Status.QUEUED if finished is None else ImportJob.Status.REJECTED
    ImportJob.objects.filter(pk=made.pk).update(finished_at=finished, status=status)
    age(Path(made.file.path), 400)
    made.refresh_from_db()
    return made


def pending_uploads(root: Path) -> tuple[Path, Path]:
    """Step-two uploads: one abandoned a day and a half ago, one fresh."""
    pending = root / "pending"
    pending.mkdir(parents=True, exist_ok=True)
    abandoned, fresh = pending / ("a" * 32 + ".csv"), pending / ("b" * 32 + ".csv")
    for path in (abandoned, fresh):
        path.write_bytes(b"x")
    age(abandoned, 1.5)
    return abandoned, fresh


def stray_files(root: Path) -> tuple[Path, Path]:
    """Files no import names: one 31 days old, one new."""
    stray, new_stray = root / "2020" / "01" / "lost.csv", root / "2020" / "01" / "n.csv"
    stray.parent.mkdir(parents=True)
    for path in (stray, new_stray):
        path.write_bytes(b"x")
    age(stray, 31)
    return stray, new_stray


def test_uploads_past_their_retention_are_removed_and_records_kept(home_area, settings):
    settings.SCRUTINEER_UPLOAD_RETENTION_DAYS = 30
    settings.SCRUTINEER_PENDING_UPLOAD_HOURS = 24
    now = timezone.now()
    old, recent = job_finished(now, 31, "old.csv"), job_finished(now, 29, "recent.csv")
    waiting = job_finished(now, None, "q.csv")
    root = Path(settings.MEDIA_ROOT) / "imports"
    abandoned, fresh = pending_uploads(root)
    stray, new_stray = stray_files(root)
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
