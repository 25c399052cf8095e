"""Uploads at /imports/: a return or a benchmark file becomes an import job,
run by the same Celery task as the management commands. The job row is the
record; its page polls it (htmx) for progress and then shows the outcome."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from indicators.exports import neutralise
from indicators.files import FileRejected
from indicators.imports import OptionsError
from indicators.models import ImportJob, Indicator
from indicators.permissions import (
    PUBLISH,
    UPLOAD_BENCHMARKS,
    UPLOAD_RETURNS,
    has_role,
    role_required,
)
from indicators.services import import_job_create
from indicators.services.jobs import counted, nothing_changed
from returns import selectors
from returns.forms import BenchmarkOptionsForm, UploadForm
from returns.services import (
    pending_upload_discard,
    pending_upload_get,
    pending_upload_release,
    pending_upload_save,
    pending_upload_take,
)

PENDING = "pending_benchmark"


def _kinds(user: Any) -> list[str]:
    kinds: list[str] = [ImportJob.Kind.RETURNS]
    if has_role(user, UPLOAD_BENCHMARKS):
        kinds.append(ImportJob.Kind.BENCHMARKS)
    return kinds


@role_required(UPLOAD_RETURNS)
def import_list(request: HttpRequest) -> HttpResponse:
    """Step one of every upload. A return becomes a job at once (the worker
    reads it: nothing here parses a workbook). A benchmark file is kept and
    read once, within bounds, for step two; a file step two cannot offer is
    refused here with the reason."""
    kinds = _kinds(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        if kind == ImportJob.Kind.BENCHMARKS:
            if not has_role(request.user, UPLOAD_BENCHMARKS):
                raise PermissionDenied
            try:
                pending = pending_upload_save(file=upload, filename=upload.name)
            except FileRejected as error:
                form.add_error("file", f"The file cannot be imported: {error}")
            else:
                request.session[PENDING] = pending.token
                return redirect("import_benchmark_options")
        else:
            publish = bool(request.POST.get("publish")) and has_role(
                request.user, PUBLISH
            )
            job = import_job_create(
                kind=kind,
                file=upload,
                filename=upload.name,
                options={"publish": publish},
                user=request.user,
            )
            return redirect("import_job", job_id=job.pk)
    jobs = selectors.visible_jobs(request.user)[:25]
    return render(
        request,
        "returns/imports.html",
        {
            "form": form,
            "jobs": jobs,
            "can_publish": has_role(request.user, PUBLISH),
            "can_import_lait": has_role(request.user, UPLOAD_BENCHMARKS),
        },
    )


@role_required(UPLOAD_BENCHMARKS)
def import_benchmark_options(request: HttpRequest) -> HttpResponse:
    """Step two of a benchmark upload: choose the indicator, the value column
    and filters from the file's own columns and values, as read at upload
    (the file itself is not read again here)."""
    pending = pending_upload_get(request.session.get(PENDING))
    if pending is None:
        messages.error(request, "Upload the benchmark file first.")
        return redirect("imports")
    indicators = [
        (i.code, f"{i.name} ({i.code})")
        for i in Indicator.objects.order_by("name").only("code", "name")
    ]
    form = BenchmarkOptionsForm(
        request.POST or None, indicators=indicators, choices=pending.choices
    )
    if request.method == "POST" and form.is_valid():
        taken = pending_upload_take(pending.token)
        if taken is None:  # the other of two clicks at once took it
            messages.info(request, "This file's import has already started.")
            return redirect("imports")
        try:
            job = import_job_create(
                kind=ImportJob.Kind.BENCHMARKS,
                file=taken.path,
                filename=taken.filename,
                options=form.options(),
                user=request.user,
            )
        except OptionsError as error:
            pending_upload_release(taken)
            form.add_error(None, str(error))
        else:
            pending_upload_discard(taken)
            request.session.pop(PENDING, None)
            return redirect("import_job", job_id=job.pk)
    return render(
        request,
        "returns/import_benchmark.html",
        {"form": form, "filename": pending.filename, "choices": pending.choices},
    )


def _job_for(request: HttpRequest, job_id: int) -> ImportJob:
    job = selectors.visible_jobs(request.user).filter(pk=job_id).first()
    if job is None:
        raise Http404("No such import")
    return job


def _progress(job: ImportJob, user: Any) -> dict[str, Any]:
    expected = job.options.get("rows_expected")
    percent = None
    if job.finished:
        percent = 100
    elif expected:
        percent = min(99, int(100 * job.rows_read / expected))
    return {
        "job": job,
        "counted": counted(job.kind, job.counts),
        "percent": percent,
        "expected": expected,
        "identical": selectors.identical_earlier(job, user),
        "nothing_changed": job.status == ImportJob.Status.SUCCEEDED
        and nothing_changed(job.counts),
        "errors": job.errors[:500],
        "more_errors": max(len(job.errors) - 500, 0),
    }


@role_required(UPLOAD_RETURNS)
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    return render(request, "returns/import_job.html", _progress(job, request.user))


@role_required(UPLOAD_RETURNS)
def import_job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The part of the job page that htmx polls until the job finishes. A
    person who opens it directly gets the whole page instead."""
    job = _job_for(request, job_id)
    if request.headers.get("HX-Request") != "true":
        return redirect("import_job", job_id=job.pk)
    return render(
        request, "returns/_import_progress.html", _progress(job, request.user)
    )


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
