"""Uploading DfE's LAIT at /imports/lait/: the data file and its dictionary
become one import job, run by the same Celery task as `manage.py import_lait`;
the job's page follows its progress and says what was added, revised and removed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from indicators.models import ImportJob
from indicators.permissions import UPLOAD_BENCHMARKS, role_required
from indicators.services import import_job_create
from indicators.services.lait_import import lait_dictionary_store
from returns.lait_forms import LaitUploadForm


@role_required(UPLOAD_BENCHMARKS)
def import_lait(request: HttpRequest) -> HttpResponse:
    form = LaitUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["data_file"]
        dictionary = form.cleaned_data["dictionary"]
        stored = lait_dictionary_store(dictionary, dictionary.name)
        job = import_job_create(
            kind=ImportJob.Kind.LAIT,
            file=data,
            filename=data.name,
            options={"dictionary": stored},
            user=request.user,
        )
        return redirect("import_job", job_id=job.pk)
    return render(request, "returns/import_lait.html", {"form": form})
