"""The clerk's forms: meetings, agenda items, resolutions and actions;
updates (the clerk's, or the action's own lead officer's) and closing.
Writes are POST-only, call one service, add a message and redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from committees import forms, services
from committees.models import Action, AgendaItem, Committee, Meeting, Resolution
from indicators.permissions import MINUTE_MEETINGS, READ, role_required


def _form_errors(form: Form, error: ValidationError) -> None:
    """Show a service's validation error on the form: on its field when the
    form has one, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _posted(request: HttpRequest) -> Any:
    """The form's data on a POST (even an empty one, which must be rejected
    rather than shown as a fresh form), None otherwise."""
    return request.POST if request.method == "POST" else None


def _form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "committees/form.html", context)


@role_required(MINUTE_MEETINGS)
def meeting_create(request: HttpRequest, committee_slug: str) -> HttpResponse:
    committee = get_object_or_404(Committee, slug=committee_slug)
    form = forms.MeetingForm(
        _posted(request),
        initial={"status": Meeting.Status.SCHEDULED, "venue": _last_venue(committee)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                user=request.user, committee=committee, **form.cleaned_data
            )
        except services.AlreadySaved as saved:
            messages.info(
                request,
                f"The meeting on {saved.instance.date:%-d %B %Y} was already saved.",
            )
            return redirect("meeting_detail", meeting_id=saved.instance.pk)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Meeting on {meeting.date:%-d %B %Y} added.")
            return redirect("meeting_detail", meeting_id=meeting.pk)
    return _form_page(
        request,
        {
            "form": form,
            "title": "Add a meeting",
            "caption": committee.name,
            "back": reverse("committee_detail", args=[committee.slug]),
            "submit": "Save meeting",
        },
    )


def _last_venue(committee: Committee) -> str:
    last = committee.meetings.exclude(venue="").order_by("-date").first()
    return last.venue if last else ""


@role_required(MINUTE_MEETINGS)
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("committee"), pk=meeting_id
    )
    form = forms.MeetingForm(
        _posted(request),
        initial={
            "date": meeting.date,
            "time": meeting.time,
            "venue": meeting.venue,
            "status": meeting.status,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                user=request.user, meeting=meeting, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Meeting saved.")
            return redirect("meeting_detail", meeting_id=meeting.pk)
    return _form_page(
        request,
        {
            "form": form,
            "title": "Change the meeting",
            "caption": str(meeting),
            "back": reverse("meeting_detail", args=[meeting.pk]),
            "submit": "Save meeting",
        },
    )


@role_required(MINUTE_MEETINGS)
def item_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("committee"), pk=meeting_id
    )
    form = forms.AgendaItemForm(
        _posted(request),
        meeting=meeting,
        initial={"number": services.next_item_number(meeting)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.agenda_item_create(
                user=request.user, meeting=meeting, **form.cleaned_data
            )
            messages.success(request, f"Item {item.number} added.")
        except services.AlreadySaved as saved:
            item = saved.instance
            messages.info(request, f"Item {item.number} was already saved.")
        except ValidationError as error:
            _form_errors(form, error)
            item = None
        if item is not None:
            if "add_resolution" in request.POST:
                return redirect("resolution_create", item_id=item.pk)
            return redirect(
                f"{reverse('meeting_detail', args=[meeting.pk])}#item-{item.number}"
            )
    return _form_page(
        request,
        {
            "form": form,
            "title": "Add an agenda item",
            "caption": str(meeting),
            "back": reverse("meeting_detail", args=[meeting.pk]),
            "submit": "Save item",
            "also": [("add_resolution", "Save and add a resolution")],
        },
    )


@role_required(MINUTE_MEETINGS)
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__committee"), pk=item_id
    )
    form = forms.AgendaItemForm(
        _posted(request),
        meeting=item.meeting,
        item=item,
        initial={
            "number": item.number,
            "title": item.title,
            "period": item.period_id,
            "document_url": item.document_url,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(
                user=request.user, item=item, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Item {item.number} saved.")
            return redirect(
                f"{reverse('meeting_detail', args=[item.meeting_id])}#item-{item.number}"
            )
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Change item {item.number}",
            "caption": str(item.meeting),
            "back": reverse("meeting_detail", args=[item.meeting_id]),
            "submit": "Save item",
        },
    )


@role_required(MINUTE_MEETINGS)
def resolution_create(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__committee"), pk=item_id
    )
    letter = services.next_letter(item)
    form = forms.ResolutionForm(_posted(request), item=item, initial={"letter": letter})
    if request.method == "POST" and form.is_valid():
        try:
            resolution = services.resolution_create(
                user=request.user, item=item, **form.cleaned_data
            )
            messages.success(request, f"Resolution ({resolution.letter}) saved.")
        except services.AlreadySaved as saved:
            resolution = saved.instance
            messages.info(
                request, f"Resolution ({resolution.letter}) was already saved."
            )
        except ValidationError as error:
            _form_errors(form, error)
            resolution = None
        if resolution is not None:
            if "add_another" in request.POST:
                return redirect("resolution_create", item_id=item.pk)
            if "add_action" in request.POST:
                return redirect("action_create", resolution_id=resolution.pk)
            return redirect(
                f"{reverse('meeting_detail', args=[item.meeting_id])}#item-{item.number}"
            )
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Add resolution ({letter})",
            "caption": f"{item.meeting}: item {item.number}, {item.title}",
            "back": reverse("meeting_detail", args=[item.meeting_id]),
            "submit": "Save resolution",
            "also": [
                ("add_another", "Save and add the next resolution"),
                ("add_action", "Save and add an action"),
            ],
        },
    )


@role_required(MINUTE_MEETINGS)
def resolution_edit(request: HttpRequest, resolution_id: int) -> HttpResponse:
    resolution = get_object_or_404(
        Resolution.objects.select_related("item__meeting__committee"), pk=resolution_id
    )
    item = resolution.item
    form = forms.ResolutionForm(
        _posted(request),
        item=item,
        resolution=resolution,
        initial={
            "letter": resolution.letter,
            "kind": resolution.kind,
            "text": resolution.text,
            "indicators": list(resolution.indicators.values_list("pk", flat=True)),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.resolution_update(
                user=request.user, resolution=resolution, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Resolution ({resolution.letter}) saved.")
            return redirect(
                f"{reverse('meeting_detail', args=[item.meeting_id])}#item-{item.number}"
            )
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Change resolution ({resolution.letter})",
            "caption": f"{item.meeting}: item {item.number}, {item.title}",
            "back": reverse("meeting_detail", args=[item.meeting_id]),
            "submit": "Save resolution",
        },
    )


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
        _posted(request),
        resolution=resolution,
        initial={"indicators": [i.pk for i in resolution.indicators.all()]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                user=request.user, resolution=resolution, **form.cleaned_data
            )
            messages.success(request, f"Action {action.reference} created.")
        except services.AlreadySaved as saved:
            action = saved.instance
            messages.info(request, f"Action {action.reference} was already saved.")
        except ValidationError as error:
            _form_errors(form, error)
            action = None
        if action is not None:
            if "add_another" in request.POST:
                return redirect("action_create", resolution_id=resolution.pk)
            return redirect(
                f"{reverse('meeting_detail', args=[resolution.item.meeting_id])}"
                f"#item-{resolution.item.number}"
            )
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Add an action for resolution ({resolution.letter})",
            "back": reverse("meeting_detail", args=[resolution.item.meeting_id]),
            "submit": "Save action",
            "also": [("add_another", "Save and add another action")],
            **_action_context(resolution),
        },
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
        _posted(request),
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
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                user=request.user, action=action, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Action {action.reference} saved.")
            return redirect("action_detail", action_id=action.pk)
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Change action {action.reference}",
            "back": reverse("action_detail", args=[action.pk]),
            "submit": "Save action",
            **_action_context(action.resolution),
        },
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
    form = forms.ActionUpdateForm(_posted(request), action=action, clerk=clerk)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update_add(
                user=request.user, action=action, **form.cleaned_data
            )
        except services.AlreadySaved:
            messages.info(
                request, f"This update to {action.reference} was already saved."
            )
            return redirect("action_detail", action_id=action.pk)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Update to {action.reference} recorded.")
            return redirect("action_detail", action_id=action.pk)
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Record an update on {action.reference}",
            "back": reverse("action_detail", args=[action.pk]),
            "submit": "Save update",
            "caption": action.committee.name if clerk else "",
            "quote": action.description,
        },
    )


@role_required(MINUTE_MEETINGS)
def action_close(request: HttpRequest, action_id: int) -> HttpResponse:
    """Close an action (monitoring no longer required), with the reason."""
    action = _action_for_form(action_id)
    form = forms.ActionCloseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.action_close(
                user=request.user, action=action, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Action {action.reference} closed.")
            return redirect("action_detail", action_id=action.pk)
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Close action {action.reference}",
            "back": reverse("action_detail", args=[action.pk]),
            "submit": "Close action",
            "quote": action.description,
        },
    )


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
    form = forms.ActionReopenForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.action_reopen(
                user=request.user, action=action, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Action {action.reference} reopened.")
            return redirect("action_detail", action_id=action.pk)
    return _form_page(
        request,
        {
            "form": form,
            "title": f"Reopen action {action.reference}",
            "back": reverse("action_detail", args=[action.pk]),
            "submit": "Reopen action",
            "quote": action.description,
        },
    )
