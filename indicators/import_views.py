"""Uploads at /imports/: a return or a benchmark file becomes an import job,
run by the same Celery task as the management commands. The job row is the
record; its page polls it (htmx) for progress and then shows the outcome."""

from __future__ import annotations

import csv
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from indicators import imports
from indicators.exports import neutralise
from indicators.forms import BenchmarkOptionsForm, UploadForm
from indicators.models import ImportJob, Indicator
from indicators.permissions import (
    PUBLISH,
    UPLOAD_BENCHMARKS,
    UPLOAD_RETURNS,
    has_role,
    role_required,
)
from indicators.services import import_job_create

PENDING = "pending_benchmark"


def _pending_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports" / "pending"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _kinds(user: Any) -> list[str]:
    kinds = [ImportJob.Kind.RETURNS]
    if has_role(user, UPLOAD_BENCHMARKS):
        kinds.append(ImportJob.Kind.BENCHMARKS)
    return kinds


def _visible_jobs(user: Any) -> Any:
    """The performance team sees every job; an officer sees their own."""
    jobs = ImportJob.objects.select_related("created_by")
    if user.is_superuser or has_role(user, PUBLISH):
        return jobs
    return jobs.filter(created_by=user)


def expected_rows(path: Path) -> int | None:
    """Rows in the file (less the header), for a percentage: a quick count of
    lines for CSV, the sheet's height for XLSX. None if it cannot be told."""
    try:
        with open(path, "rb") as probe:
            head = probe.read(8)
        if head.startswith(imports.ZIP_MAGIC):
            imports.check_xlsx_container(path)  # never open a zip bomb
            from python_calamine import CalamineWorkbook

            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
            return max(sheet.height - 1, 0)
        with open(path, "rb") as handle:
            lines = sum(
                chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")
            )
        return max(lines - 1, 0)
    except Exception:  # noqa: BLE001 - the import itself reports a bad file
        return None


@role_required(UPLOAD_RETURNS)
def import_list(request: HttpRequest) -> HttpResponse:
    kinds = _kinds(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        if kind == ImportJob.Kind.BENCHMARKS:
            if not has_role(request.user, UPLOAD_BENCHMARKS):
                raise PermissionDenied
            token = secrets.token_hex(16)
            target = _pending_dir() / f"{token}.csv"
            with open(target, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            request.session[PENDING] = {"token": token, "filename": upload.name}
            return redirect("import_benchmark_options")
        publish = bool(request.POST.get("publish")) and has_role(request.user, PUBLISH)
        job = import_job_create(
            kind=kind,
            file=upload,
            filename=upload.name,
            options={"publish": publish},
            user=request.user,
        )
        _note_expected_rows(job)
        return redirect("import_job", job_id=job.pk)
    jobs = _visible_jobs(request.user)[:25]
    return render(
        request,
        "indicators/imports.html",
        {
            "form": form,
            "jobs": jobs,
            "can_publish": has_role(request.user, PUBLISH),
            "max_mb": settings.SCRUTINEER_MAX_UPLOAD_BYTES // 1_048_576,
        },
    )


def _note_expected_rows(job: ImportJob) -> None:
    rows = expected_rows(Path(job.file.path))
    if rows is not None:
        ImportJob.objects.filter(pk=job.pk).update(
            options={**job.options, "rows_expected": rows}
        )


@role_required(UPLOAD_BENCHMARKS)
def import_benchmark_options(request: HttpRequest) -> HttpResponse:
    """Step two of a benchmark upload: choose the indicator, the value column
    and filters from the file's own columns and values."""
    pending = request.session.get(PENDING)
    path = (
        _pending_dir() / f"{pending['token']}.csv"
        if pending and str(pending.get("token", "")).isalnum()
        else None
    )
    if path is None or not path.exists():
        messages.error(request, "Upload the benchmark file first.")
        return redirect("imports")
    try:
        header, _rows = imports.read_table(path)
        columns = imports.column_values(path)
    except imports.FileRejected as error:
        path.unlink(missing_ok=True)
        request.session.pop(PENDING, None)
        messages.error(request, f"The file was rejected: {error}")
        return redirect("imports")
    indicators = [
        (i.code, f"{i.name} ({i.code})")
        for i in Indicator.objects.order_by("name").only("code", "name")
    ]
    form = BenchmarkOptionsForm(
        request.POST or None, indicators=indicators, columns=columns, header=header
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = import_job_create(
            kind=ImportJob.Kind.BENCHMARKS,
            file=path,
            filename=pending["filename"],
            options={
                "indicator": data["indicator"],
                "value_column": data["value_column"],
                "numerator_column": data["numerator_column"],
                "denominator_column": data["denominator_column"],
                "filters": form.filters(),
            },
            user=request.user,
        )
        _note_expected_rows(job)
        path.unlink(missing_ok=True)
        request.session.pop(PENDING, None)
        return redirect("import_job", job_id=job.pk)
    return render(
        request,
        "indicators/import_benchmark.html",
        {"form": form, "filename": pending["filename"], "header": header},
    )


def _job_for(request: HttpRequest, job_id: int) -> ImportJob:
    job = _visible_jobs(request.user).filter(pk=job_id).first()
    if job is None:
        raise Http404("No such import")
    return job


def _progress(job: ImportJob) -> dict[str, Any]:
    expected = job.options.get("rows_expected")
    percent = None
    if job.finished:
        percent = 100
    elif expected:
        percent = min(99, int(100 * job.rows_read / expected))
    identical = None
    if job.finished and job.sha256:
        identical = (
            ImportJob.objects.filter(
                sha256=job.sha256,
                kind=job.kind,
                status=ImportJob.Status.SUCCEEDED,
                created_at__lt=job.created_at,
            )
            .order_by("-created_at")
            .first()
        )
    return {
        "job": job,
        "percent": percent,
        "expected": expected,
        "identical": identical,
        "errors": job.errors[:500],
        "more_errors": max(len(job.errors) - 500, 0),
    }


@role_required(UPLOAD_RETURNS)
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    return render(request, "indicators/import_job.html", _progress(job))


@role_required(UPLOAD_RETURNS)
def import_job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The part of the job page that htmx polls until the job finishes. A
    person who opens it directly gets the whole page instead."""
    job = _job_for(request, job_id)
    if request.headers.get("HX-Request") != "true":
        return redirect("import_job", job_id=job.pk)
    return render(request, "indicators/_import_progress.html", _progress(job))


@role_required(UPLOAD_RETURNS)
def import_job_errors(request: HttpRequest, job_id: int) -> HttpResponse:
    """Every row error as CSV, safe to open in a spreadsheet."""
    job = _job_for(request, job_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="import-{job.pk}-errors.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["row", "column", "value", "reason"])
    for error in job.errors:
        writer.writerow(
            [
                neutralise(str(error.get(key, "")))
                for key in ("row", "column", "value", "reason")
            ]
        )
    return response
