"""What every import command shares: queue the same Celery task as the web
upload, follow the job row until it finishes, print the outcome, and exit 1
when the file was rejected (then nothing was written)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from indicators import imports, services
from indicators.models import ImportJob
from indicators.services.jobs import counted


class ImportCommand(BaseCommand):
    kind: str = ""

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user", default="", help="username recorded on the import job"
        )
        parser.add_argument(
            "--timeout", type=int, default=3600, help="seconds to wait for a worker"
        )

    def options_for(self, options: dict[str, Any]) -> dict[str, Any]:
        return {}

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user called '{options['user']}'")
        try:
            job = services.import_job_create(
                kind=self.kind,
                file=path,
                filename=path.name,
                options=self.options_for(options),
                user=user,
            )
        except imports.OptionsError as exc:
            # Checked by the service every path uses; nothing was queued.
            raise CommandError(str(exc), returncode=1) from None
        self.stdout.write(
            f"Import job {job.pk}: {job.get_kind_display()} from {path.name}"
        )
        job = self.wait(job, options["timeout"])
        self.report(job)
        if job.status != ImportJob.Status.SUCCEEDED:
            raise CommandError(
                job.message or f"import job {job.pk} {job.status}", returncode=1
            )

    def wait(self, job: ImportJob, timeout: int) -> ImportJob:
        shown = [-1]

        def progress(job: ImportJob) -> None:
            if job.rows_read != shown[0] and job.status == ImportJob.Status.RUNNING:
                shown[0] = job.rows_read
                self.stdout.write(f"  {job.status}: {job.rows_read} rows read")

        try:
            return services.import_job_wait(
                job=job, timeout=timeout, on_progress=progress
            )
        except TimeoutError as exc:
            raise CommandError(str(exc), returncode=1) from None

    def report(self, job: ImportJob) -> None:
        self.stdout.write(
            f"Status: {job.get_status_display()} ({job.rows_read} rows read, {job.rows_valid} valid)"
        )
        counts = counted(job.kind, job.counts)
        if counts:
            self.stdout.write(
                "Counts: " + ", ".join(f"{words} {v}" for words, v in counts)
            )
        for note in job.counts.get("notes", []):
            self.stdout.write(f"Note: {note}")
        for error in job.errors:
            where = f"row {error['row']}" + (
                f", column {error['column']}" if error["column"] else ""
            )
            value = f" ('{error['value']}')" if error["value"] else ""
            self.stderr.write(f"  {where}{value}: {error['reason']}")
        if job.message:
            (
                self.stdout if job.status == ImportJob.Status.SUCCEEDED else self.stderr
            ).write(job.message)
