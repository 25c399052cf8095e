"""Comparator groups: the list everyone may read, and the performance
team's page to name a group and give its authorities (pasted or uploaded).
Every save goes through `services.comparator_group_save`."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from indicators import services
from indicators.files import FileRejected
from indicators.forms import ComparatorGroupForm
from indicators.models import ComparatorGroup
from indicators.models.comparators import TYPES
from indicators.permissions import READ, UPLOAD_BENCHMARKS, has_role, role_required


@role_required(READ)
@require_safe
def comparator_list(request: HttpRequest) -> HttpResponse:
    """The groups an indicator page can compare with, named ones with their
    members."""
    groups = ComparatorGroup.objects.prefetch_related("members")
    return render(
        request,
        "indicators/comparators.html",
        {
            "groups": groups,
            "types": [name for _, name in TYPES.values()],
            "can_edit": has_role(request.user, UPLOAD_BENCHMARKS),
        },
    )


@role_required(UPLOAD_BENCHMARKS)
def comparator_edit(
    request: HttpRequest, group_slug: str | None = None
) -> HttpResponse:
    """Create (no slug) or replace a named group. With any bad line, the
    page says which and nothing is saved."""
    group = None
    if group_slug:
        group = get_object_or_404(ComparatorGroup, slug=group_slug)
    initial = {}
    if group is not None:
        codes = [a.la_number or a.code for a in group.members.all()]
        initial = {"name": group.name, "codes": "\n".join(codes)}
    posted = request.method == "POST"
    form = ComparatorGroupForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial=initial,
    )
    if posted and form.is_valid():
        saved = _save(form, group, request.user)
        if saved is not None:
            messages.success(request, f"Saved the group {saved.name}")
            return redirect("comparators")
    return render(
        request,
        "indicators/comparator_form.html",
        {"form": form, "group": group},
    )


def _save(
    form: ComparatorGroupForm, group: ComparatorGroup | None, user: Any
) -> ComparatorGroup | None:
    upload = form.cleaned_data["file"]
    field = "file" if upload else "codes"
    try:
        lines = _upload_lines(upload) if upload else None
    except FileRejected as exc:
        form.add_error("file", f"The file cannot be read: {exc}")
        return None
    if lines is None:
        lines = services.lines_of_text(form.cleaned_data["codes"])
    saved = services.comparator_group_save(
        name=form.cleaned_data["name"], lines=lines, group=group, user=user
    )
    for error in saved.name_errors:
        form.add_error("name", error)
    for error in saved.line_errors:
        form.add_error(field, error)
    return saved.group


def _upload_lines(upload: Any) -> list[tuple[int, str]]:
    suffix = Path(upload.name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        return services.lines_of_file(Path(handle.name))
