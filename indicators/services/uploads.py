"""Uploaded files outside an import job's record: where they are kept, and
their removal past their retention (a job's record stays)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from indicators.models import ImportJob

log = logging.getLogger(__name__)
UPLOADS = "imports"  # under MEDIA_ROOT: imports/<year>/<month>/ and imports/pending/


def pending_dir() -> Path:
    """Where a benchmark file waits for step two of its upload (the upload
    pages keep it there; `uploads_clean` removes one left too long)."""
    path = Path(settings.MEDIA_ROOT) / UPLOADS / "pending"
    path.mkdir(parents=True, exist_ok=True)
    return path


def uploads_clean(*, now: Any = None) -> dict[str, int]:
    """Remove uploaded files past their retention, keeping every job's
    record (who, when, the file's name and checksum, counts and errors):

    - a finished job's file, SCRUTINEER_UPLOAD_RETENTION_DAYS after it
      finished (a queued or running job keeps its file: it still needs it);
    - a benchmark file abandoned at step two, SCRUTINEER_PENDING_UPLOAD_HOURS
      after it was uploaded;
    - a file under the uploads folder that no job names (a job whose
      transaction rolled back after its file was stored), after the same
      retention as a finished job's.

    Safe to run twice or in two processes at once: removing a file that is
    already gone is not an error."""
    now = now or timezone.now()
    kept_until = now - timedelta(days=settings.SCRUTINEER_UPLOAD_RETENTION_DAYS)
    pending_until = now - timedelta(hours=settings.SCRUTINEER_PENDING_UPLOAD_HOURS)
    removed = {"job_files": 0, "pending": 0, "strays": 0}

    expired = (
        ImportJob.objects.filter(finished_at__lt=kept_until)
        .exclude(file="")
        .only("pk", "file")
    )
    for job in expired.iterator():
        job.file.delete(save=False)  # the storage ignores a file already gone
        ImportJob.objects.filter(pk=job.pk).update(file="")
        removed["job_files"] += 1

    root = Path(settings.MEDIA_ROOT) / UPLOADS
    pending = root / "pending"
    if pending.is_dir():
        for path in pending.iterdir():
            if _older_than(path, pending_until):
                path.unlink(missing_ok=True)
                removed["pending"] += 1

    if root.is_dir():
        named = set(ImportJob.objects.exclude(file="").values_list("file", flat=True))
        media = Path(settings.MEDIA_ROOT)
        for path in root.rglob("*"):
            if (
                path.is_file()
                and pending not in path.parents
                and path.relative_to(media).as_posix() not in named
                and _older_than(path, kept_until)
            ):
                path.unlink(missing_ok=True)
                removed["strays"] += 1
    if any(removed.values()):
        log.info("removed old uploads: %s", removed)
    return removed


def _older_than(path: Path, moment: datetime) -> bool:
    try:
        return path.stat().st_mtime < moment.timestamp()
    except FileNotFoundError:
        return False
