"""The forms for actions: the clerk's (create, change, close, reopen) and
updates (the clerk's, or the action's own lead officer's). Writes are
POST-only, call one service, add a message and redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from committees import forms, services
from committees.models import Action, Resolution
from committees.views.common import create_once, form_view, posted
from indicators.permissions import MINUTE_MEETINGS, READ, role_required


def _action_context(resolution: Resolution) -> dict[str, Any]:
    item = resolution.item
    return {
        "caption": f"{item.meeting}: item {item.number} ({resolution.letter})",
        "quote": resolution.text,
    }


@role_required(MINUTE_MEETINGS)
def action_create(request: HttpRequest, resolution_id: int) -> HttpResponse:
    resolution = get_object_or_404(
        Resolution.objects.select_related("item__meeting__committee").prefetch_related(
            "indicators"
        ),
        pk=resolution_id,
    )
    form = forms.ActionForm(
        posted(request),
        resolution=resolution,
        initial={"indicators": [i.pk for i in resolution.indicators.all()]},
    )

    def save() -> HttpResponse:
        create_once(
            request,
            lambda: services.action_create(
                user=request.user, resolution=resolution, **form.cleaned_data
            ),
            lambda action: f"Action {action.reference}",
            "created",
        )
        if "add_another" in request.POST:
            return redirect("action_create", resolution_id=resolution.pk)
        return redirect(
            f"{reverse('meeting_detail', args=[resolution.item.meeting_id])}"
            f"#item-{resolution.item.number}"
        )

    return form_view(
        request,
        form,
        {
            "title": f"Add an action for resolution ({resolution.letter})",
            "back": reverse("meeting_detail", args=[resolution.item.meeting_id]),
            "submit": "Save action",
            "also": [("add_another", "Save and add another action")],
            **_action_context(resolution),
        },
        save,
    )


def _action_for_form(pk: int) -> Action:
    return get_object_or_404(
        Action.objects.select_related(
            "committee",
            "resolution__item__meeting__committee",
            "lead_officer",
            "due_meeting",
        ),
        pk=pk,
    )


@role_required(MINUTE_MEETINGS)
def action_edit(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action_for_form(action_id)
    form = forms.ActionForm(
        posted(request),
        resolution=action.resolution,
        initial={
            "description": action.description,
            "lead_officer": action.lead_officer_id,
            "lead_name": action.lead_name,
            "lead_email": action.lead_email,
            "due_meeting": action.due_meeting_id,
            "due_date": None if action.due_meeting_id else action.due_date,
            "indicators": list(action.indicators.values_list("pk", flat=True)),
        },
    )

    def save() -> HttpResponse:
        services.action_update(user=request.user, action=action, **form.cleaned_data)
        messages.success(request, f"Action {action.reference} saved.")
        return redirect("action_detail", action_id=action.pk)

    return form_view(
        request,
        form,
        {
            "title": f"Change action {action.reference}",
            "back": reverse("action_detail", args=[action.pk]),
            "submit": "Save action",
            **_action_context(action.resolution),
        },
        save,
    )


@role_required(READ)
def action_update(request: HttpRequest, action_id: int) -> HttpResponse:
    """Record an update or the answer: the clerk, or the action's own lead
    officer."""
    action = _action_for_form(action_id)
    if not services.can_update_action(request.user, action):
        raise PermissionDenied
    clerk = services.can_minute(request.user)
    if action.status == Action.Status.CLOSED:
        # A closed action takes no updates: the clerk reopens it first.
        messages.info(
            request,
            f"Action {action.reference} is closed: reopen it to record an update."
            if clerk
            else f"Action {action.reference} is closed: ask the clerk to reopen it.",
        )
        return redirect("action_detail", action_id=action.pk)
    form = forms.ActionUpdateForm(posted(request), action=action, clerk=clerk)

    def save() -> HttpResponse:
        try:
            services.action_update_add(
                user=request.user, action=action, **form.cleaned_data
            )
        except services.AlreadySaved:
            messages.info(
                request, f"This update to {action.reference} was already saved."
            )
        else:
            messages.success(request, f"Update to {action.reference} recorded.")
        return redirect("action_detail", action_id=action.pk)

    return form_view(
        request,
        form,
        {
            "title": f"Record an update on {action.reference}",
            "back": reverse("action_detail", args=[action.pk]),
            "submit": "Save update",
            "caption": action.committee.name if clerk else "",
            "quote": action.description,
        },
        save,
    )


def _with_reason(
    request: HttpRequest,
    action: Action,
    form: Form,
    change: Callable[..., Any],
    verb: str,
    done: str,
) -> HttpResponse:
    """Close or reopen: one service taking the reason the form asks for."""

    def save() -> HttpResponse:
        change(user=request.user, action=action, reason=form.cleaned_data["reason"])
        messages.success(request, f"Action {action.reference} {done}.")
        return redirect("action_detail", action_id=action.pk)

    return form_view(
        request,
        form,
        {
            "title": f"{verb.capitalize()} action {action.reference}",
            "back": reverse("action_detail", args=[action.pk]),
            "submit": f"{verb.capitalize()} action",
            "quote": action.description,
        },
        save,
    )


@role_required(MINUTE_MEETINGS)
def action_close(request: HttpRequest, action_id: int) -> HttpResponse:
    """Close an action (monitoring no longer required), with the reason."""
    action = _action_for_form(action_id)
    form = forms.ActionCloseForm(posted(request))
    return _with_reason(request, action, form, services.action_close, "close", "closed")


@role_required(MINUTE_MEETINGS)
def action_reopen(request: HttpRequest, action_id: int) -> HttpResponse:
    """Reopen a closed action, with the reason."""
    action = _action_for_form(action_id)
    if action.status != Action.Status.CLOSED:
        # Reopened already (a second click, or another clerk), or never closed.
        messages.info(
            request,
            f"Action {action.reference} is not closed: it is "
            f"{action.get_status_display().lower()}.",
        )
        return redirect("action_detail", action_id=action.pk)
    form = forms.ActionReopenForm(posted(request))
    return _with_reason(
        request, action, form, services.action_reopen, "reopen", "reopened"
    )
