"""Import jobs: the database row is the record of every import. A job is
created with its file, queued after commit, claimed by a conditional update,
and finished with its counts or every row error."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import DatabaseError, connections, transaction
from django.db.models import F
from django.utils import timezone

from indicators import files, imports
from indicators.models import ImportJob

log = logging.getLogger(__name__)
HEARTBEAT_EVERY = timedelta(seconds=5)
Runner = Callable[
    [ImportJob, Callable[[int], None]], tuple[imports.Validated, dict[str, int]]
]
OptionsCheck = Callable[[Mapping[str, Any] | None], dict[str, Any]]


@dataclass(frozen=True)
class JobKind:
    """How a kind of import job runs: `run` reads and checks the job's file
    and writes it (or returns the errors), reporting rows read to
    `progress`; `check_options`, if any, turns the options every path gives
    into their one shape, raising `imports.OptionsError` when unusable."""

    run: Runner
    check_options: OptionsCheck | None = None


# The extension point: each app registers the kinds it imports, from its
# AppConfig.ready (indicators: definitions, neighbours, benchmarks; returns:
# quarterly returns), so that this machinery never imports the apps above it.
JOB_KINDS: dict[str, JobKind] = {}


def job_kind_register(
    kind: str, run: Runner, *, check_options: OptionsCheck | None = None
) -> None:
    """Say how jobs of `kind` run (called from an AppConfig.ready)."""
    JOB_KINDS[kind] = JobKind(run, check_options)


def job_path(job: ImportJob) -> Path:
    """Where the job's file is stored."""
    return Path(job.file.path)


# --- Import jobs ---------------------------------------------------------------------


def import_job_create(
    *,
    kind: str,
    file: File[Any] | Path,
    filename: str,
    options: dict[str, Any] | None = None,
    user: Any = None,
) -> ImportJob:
    """Store the file with a new queued job and queue the import task once the
    job row is committed (so the worker can always find it). Every path (the
    upload pages, the commands, the demo) comes through here, so the options
    are checked here, in their one shape, before anything is queued: a
    benchmark import's options raise `imports.OptionsError` when unusable.
    The file's name is kept without control or bidi characters."""
    from indicators.tasks import run_import

    options = dict(options or {})
    registered = JOB_KINDS.get(kind)
    if registered is not None and registered.check_options is not None:
        options = registered.check_options(options)
    name = files.safe_filename(filename)
    digest = hashlib.sha256()
    handle = open(file, "rb") if isinstance(file, Path) else file  # noqa: SIM115
    try:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
        handle.seek(0)
        with transaction.atomic():
            job = ImportJob(
                kind=kind,
                filename=name,
                options=options,
                created_by=user if getattr(user, "pk", None) else None,
                sha256=digest.hexdigest(),
            )
            job.file.save(name, File(handle), save=False)
            job.save()
            # robust: if the broker is down the upload still succeeds; the
            # job row is the record and the sweeper queues it later.
            transaction.on_commit(lambda: run_import.delay(job.pk), robust=True)
    finally:
        if isinstance(file, Path):
            handle.close()
    return job


def import_job_wait(
    *,
    job: ImportJob,
    timeout: float = 3600,
    on_progress: Callable[[ImportJob], None] | None = None,
) -> ImportJob:
    """Follow a job's row until it finishes (the row is the record, whether the
    task ran eagerly or on a worker). Raises TimeoutError past `timeout`."""
    import time

    from config.celery import app

    deadline = time.monotonic() + timeout
    while True:
        job.refresh_from_db()
        if job.finished:
            return job
        if job.status == ImportJob.Status.QUEUED and app.conf.task_always_eager:
            # No broker: nothing else will run the job, and inside an outer
            # transaction the on-commit queueing has not fired yet. The claim
            # makes this safe if it fires later.
            from indicators.tasks import run_import

            run_import.apply(args=[job.pk])
            continue
        if on_progress:
            on_progress(job)
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"import job {job.pk} is still {job.status} after {timeout:.0f}s: is a Celery worker running?"
            )
        time.sleep(0.25)


def import_job_claim(*, job_id: int) -> bool:
    """Claim a queued job for this worker with a conditional update: of two
    deliveries of one task, exactly one gets a row count of 1."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(
        pk=job_id, status=ImportJob.Status.QUEUED
    ).update(
        status=ImportJob.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
    )
    return claimed == 1


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a claimed import: validate the whole file, then write every row in
    one transaction and recompute the ratings, or write nothing and record
    every row error. Safe to call twice: a job that is not queued is left.

    The file is first sized here, in the worker, never in a web request: a
    workbook past the bounds of `indicators.files` is rejected with the
    reason before any parser builds its range."""
    if not import_job_claim(job_id=job_id):
        return ImportJob.objects.get(pk=job_id)
    job = ImportJob.objects.get(pk=job_id)
    last_beat = [timezone.now()]

    def progress(rows_read: int) -> None:
        # Progress and heartbeat in one small update, at most every few seconds.
        now = timezone.now()
        if now - last_beat[0] >= HEARTBEAT_EVERY:
            last_beat[0] = now
            ImportJob.objects.filter(pk=job.pk).update(
                rows_read=rows_read, heartbeat_at=now
            )

    stop = _heartbeat(job.pk)
    try:
        _note_expected_rows(job)
        validated, counts = JOB_KINDS[job.kind].run(job, progress)
    except imports.FileRejected as exc:
        _finish(job, ImportJob.Status.REJECTED, errors=[exc.error], message=str(exc))
        return job
    except Exception:
        # The operators get the traceback, under the job's id; the person
        # who uploaded gets a plain reason and that id, never the exception.
        log.exception("import job %s failed", job.pk)
        _finish(job, ImportJob.Status.FAILED, message=failed_message(job.pk))
        raise
    finally:
        stop.set()
    if validated.errors:
        _finish(
            job,
            ImportJob.Status.REJECTED,
            validated=validated,
            errors=validated.errors,
            message=_rejection(validated),
        )
    else:
        _finish(
            job,
            ImportJob.Status.SUCCEEDED,
            validated=validated,
            counts=counts,
            message=_summary(counts, job.kind),
        )
    return job


def failed_message(job_id: int) -> str:
    return (
        "The import failed unexpectedly, and nothing was written. The details "
        f"are in the server's log under import job {job_id}: tell the "
        "system's administrators, quoting that number."
    )


def _note_expected_rows(job: ImportJob) -> None:
    """Count the file's rows for the progress bar (and refuse a workbook past
    the bounds, before anything parses it)."""
    job.options = {**job.options, "rows_expected": files.expected_rows(job_path(job))}
    ImportJob.objects.filter(pk=job.pk).update(options=job.options)


def _rejection(validated: imports.Validated) -> str:
    total = validated.errors_total
    message = f"Rejected: {total:,} row error{'s' if total != 1 else ''}; nothing was written."
    if total > len(validated.errors):
        message += f" The first {len(validated.errors):,} are listed."
    return message


def _heartbeat(job_id: int) -> threading.Event:
    """Beat the job's heartbeat from a thread while it runs (writing and
    recomputing too, not just while reading rows), so the sweeper can tell a
    live job from one whose worker died. Set the returned event to stop."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(HEARTBEAT_EVERY.total_seconds()):
                try:
                    ImportJob.objects.filter(
                        pk=job_id, status=ImportJob.Status.RUNNING
                    ).update(heartbeat_at=timezone.now())
                except DatabaseError:  # SQLite busy with the import: skip a beat
                    log.debug("heartbeat for job %s skipped", job_id)
        finally:
            connections.close_all()  # this thread's connection only

    threading.Thread(target=beat, name=f"heartbeat-{job_id}", daemon=True).start()
    return stop


def _finish(
    job: ImportJob,
    status: str,
    *,
    validated: imports.Validated | None = None,
    errors: Iterable[imports.RowError] = (),
    counts: dict[str, int] | None = None,
    message: str = "",
) -> None:
    job.status = status
    job.finished_at = timezone.now()
    job.errors = [e.as_dict() for e in errors]
    job.counts = counts or {}
    job.message = message
    if validated is not None:
        job.rows_read = validated.rows_read
        job.rows_valid = max(validated.rows_read - validated.rows_with_errors, 0)
        if validated.notes:
            job.counts["notes"] = validated.notes
    job.save(
        update_fields=[
            "status",
            "finished_at",
            "errors",
            "counts",
            "message",
            "rows_read",
            "rows_valid",
        ]
    )


def nothing_changed(counts: dict[str, Any]) -> bool:
    """Whether a finished import created, updated and re-targeted nothing."""
    return all(
        counts.get(name, 0) == 0
        for name in ("created", "updated", "removed", "targets changed")
    )


# A kind's counts in the words its users read, where the stored keys (read by
# `nothing_changed` and the tests) say it less well: LAIT's figures are
# "added, revised and removed", as its issue and DfE's releases say.
COUNT_WORDS: dict[str, dict[str, str]] = {
    ImportJob.Kind.LAIT: {
        "indicators": "indicators defined",
        "created": "figures added",
        "updated": "figures revised",
        "unchanged": "figures unchanged",
        "removed": "figures removed",
        "superseded": "rows superseded by a later release",
        "ratings": "ratings worked out",
    },
}
_SUMMED = ("created", "updated", "unchanged", "removed")


def counted(kind: str, counts: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """A finished job's counts as the job page and the command say them:
    ("figures added", 120) for LAIT, in its words' order (a JSON column
    keeps no order); ("created", 120) for a kind with no words of its own.
    Notes are said apart."""
    words = COUNT_WORDS.get(kind, {})
    keys = [k for k in words if k in counts]
    keys += [k for k in counts if k not in words and k != "notes"]
    return [(words.get(key, key.replace("_", " ")), counts[key]) for key in keys]


def _summary(counts: dict[str, Any], kind: str = "") -> str:
    if kind == ImportJob.Kind.LAIT:
        parts = _lait_parts(counts)
    else:
        parts = [f"{counts[k]} {k.replace('_', ' ')}" for k in _SUMMED if k in counts]
    targets = counts.get("targets changed", 0)
    if targets:  # a return that changes targets says so, whatever its figures did
        parts.append(f"{targets} target{'s' if targets != 1 else ''} changed")
    if nothing_changed(counts):
        return "Imported: nothing changed (" + ", ".join(parts) + ")."
    return "Imported: " + ", ".join(parts) + "."


def _lait_parts(counts: dict[str, Any]) -> list[str]:
    """The summary's words: "3400 figures added, 12 revised, 0 unchanged, 0
    removed, 5 superseded by a later release", figures named once."""
    added = counts.get("created", 0)
    parts = [
        f"{added} figure{'' if added == 1 else 's'} added",
        f"{counts.get('updated', 0)} revised",
        f"{counts.get('unchanged', 0)} unchanged",
        f"{counts.get('removed', 0)} removed",
    ]
    if "superseded" in counts:
        parts.append(f"{counts['superseded']} superseded by a later release")
    return parts
