"""Uploaded files outside an import job's record: a benchmark file waiting
at step two of its upload, and the removal of uploads past their retention.

A benchmark file is read once, at upload, within the bounds of
`imports.benchmark_choices` (a CSV only; at most 200 columns; the first
200,000 rows); what step two offers is kept beside the file as JSON, so the
page never reads the file again, however often it is shown."""

from __future__ import annotations

import json
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from indicators import files, imports
from indicators.models import ImportJob

log = logging.getLogger(__name__)
UPLOADS = "imports"  # under MEDIA_ROOT: imports/<year>/<month>/ and imports/pending/
TOKEN = re.compile(r"[0-9a-f]{32}")


def _pending_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / UPLOADS / "pending"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class PendingUpload:
    """A benchmark file between step one and step two of its upload."""

    token: str
    filename: str
    path: Path
    choices: imports.BenchmarkChoices


def pending_upload_save(*, file: Any, filename: str) -> PendingUpload:
    """Keep an uploaded benchmark file for step two, and read once what step
    two offers. A file that cannot be offered (a workbook, too wide, not an
    EES file, ...) is removed again and `FileRejected` says why."""
    token = secrets.token_hex(16)
    folder = _pending_dir()
    path = folder / f"{token}.csv"
    with open(path, "wb") as out:
        for chunk in file.chunks():
            out.write(chunk)
    try:
        choices = imports.benchmark_choices(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    name = files.safe_filename(filename)
    (folder / f"{token}.json").write_text(
        json.dumps({"filename": name, "choices": choices.as_dict()}),
        encoding="utf-8",
    )
    return PendingUpload(token, name, path, choices)


def pending_upload_get(token: object) -> PendingUpload | None:
    """The pending upload a token names, or None when there is none (never
    uploaded, already imported, or removed after its retention)."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    folder = _pending_dir()
    path, about = folder / f"{token}.csv", folder / f"{token}.json"
    try:
        data = json.loads(about.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not path.exists():
        return None
    return PendingUpload(
        token,
        str(data["filename"]),
        path,
        imports.BenchmarkChoices.from_dict(data["choices"]),
    )


def pending_upload_take(token: str) -> PendingUpload | None:
    """Claim a pending upload for its import: the file is renamed, which
    only one of two requests at once can do, so a double click makes one
    job, and the other request finds nothing to take (None)."""
    pending = pending_upload_get(token)
    if pending is None:
        return None
    taken = pending.path.with_name(f"{token}.{secrets.token_hex(4)}.taken")
    try:
        pending.path.rename(taken)
    except FileNotFoundError:
        return None
    return PendingUpload(pending.token, pending.filename, taken, pending.choices)


def pending_upload_release(pending: PendingUpload) -> None:
    """Give a taken upload back (its import was not created)."""
    pending.path.rename(pending.path.with_name(f"{pending.token}.csv"))


def pending_upload_discard(pending: PendingUpload) -> None:
    """Remove an upload once its import job holds its own copy."""
    pending.path.unlink(missing_ok=True)
    (pending.path.parent / f"{pending.token}.json").unlink(missing_ok=True)


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


def _older_than(path: Path, moment: Any) -> bool:
    try:
        return path.stat().st_mtime < moment.timestamp()
    except FileNotFoundError:
        return False
