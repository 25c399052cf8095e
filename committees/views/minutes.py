"""The clerk's forms for the minutes: meetings, agenda items and
resolutions. Writes are POST-only, call one service, add a message and
redirect."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from committees import forms, services
from committees.models import AgendaItem, Committee, Meeting, Resolution
from committees.views.common import create_once, form_view, posted
from indicators.permissions import MINUTE_MEETINGS, role_required


@role_required(MINUTE_MEETINGS)
def meeting_create(request: HttpRequest, committee_slug: str) -> HttpResponse:
    committee = get_object_or_404(Committee, slug=committee_slug)
    form = forms.MeetingForm(
        posted(request),
        initial={"status": Meeting.Status.SCHEDULED, "venue": _last_venue(committee)},
    )

    def save() -> HttpResponse:
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
        messages.success(request, f"Meeting on {meeting.date:%-d %B %Y} added.")
        return redirect("meeting_detail", meeting_id=meeting.pk)

    return form_view(
        request,
        form,
        {
            "title": "Add a meeting",
            "caption": committee.name,
            "back": reverse("committee_detail", args=[committee.slug]),
            "submit": "Save meeting",
        },
        save,
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
        posted(request),
        initial={
            "date": meeting.date,
            "time": meeting.time,
            "venue": meeting.venue,
            "status": meeting.status,
        },
    )

    def save() -> HttpResponse:
        services.meeting_update(user=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, "Meeting saved.")
        return redirect("meeting_detail", meeting_id=meeting.pk)

    return form_view(
        request,
        form,
        {
            "title": "Change the meeting",
            "caption": str(meeting),
            "back": reverse("meeting_detail", args=[meeting.pk]),
            "submit": "Save meeting",
        },
        save,
    )


@role_required(MINUTE_MEETINGS)
def item_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("committee"), pk=meeting_id
    )
    form = forms.AgendaItemForm(
        posted(request),
        meeting=meeting,
        initial={"number": services.next_item_number(meeting)},
    )

    def save() -> HttpResponse:
        item = create_once(
            request,
            lambda: services.agenda_item_create(
                user=request.user, meeting=meeting, **form.cleaned_data
            ),
            lambda item: f"Item {item.number}",
            "added",
        )
        if "add_resolution" in request.POST:
            return redirect("resolution_create", item_id=item.pk)
        return redirect(
            f"{reverse('meeting_detail', args=[meeting.pk])}#item-{item.number}"
        )

    return form_view(
        request,
        form,
        {
            "title": "Add an agenda item",
            "caption": str(meeting),
            "back": reverse("meeting_detail", args=[meeting.pk]),
            "submit": "Save item",
            "also": [("add_resolution", "Save and add a resolution")],
        },
        save,
    )


@role_required(MINUTE_MEETINGS)
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__committee"), pk=item_id
    )
    form = forms.AgendaItemForm(
        posted(request),
        meeting=item.meeting,
        item=item,
        initial={
            "number": item.number,
            "title": item.title,
            "period": item.period_id,
            "document_url": item.document_url,
        },
    )

    def save() -> HttpResponse:
        services.agenda_item_update(user=request.user, item=item, **form.cleaned_data)
        messages.success(request, f"Item {item.number} saved.")
        return redirect(
            f"{reverse('meeting_detail', args=[item.meeting_id])}#item-{item.number}"
        )

    return form_view(
        request,
        form,
        {
            "title": f"Change item {item.number}",
            "caption": str(item.meeting),
            "back": reverse("meeting_detail", args=[item.meeting_id]),
            "submit": "Save item",
        },
        save,
    )


@role_required(MINUTE_MEETINGS)
def resolution_create(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__committee"), pk=item_id
    )
    letter = services.next_letter(item)
    form = forms.ResolutionForm(posted(request), item=item, initial={"letter": letter})

    def save() -> HttpResponse:
        resolution = create_once(
            request,
            lambda: services.resolution_create(
                user=request.user, item=item, **form.cleaned_data
            ),
            lambda resolution: f"Resolution ({resolution.letter})",
            "saved",
        )
        if "add_another" in request.POST:
            return redirect("resolution_create", item_id=item.pk)
        if "add_action" in request.POST:
            return redirect("action_create", resolution_id=resolution.pk)
        return redirect(
            f"{reverse('meeting_detail', args=[item.meeting_id])}#item-{item.number}"
        )

    return form_view(
        request,
        form,
        {
            "title": f"Add resolution ({letter})",
            "caption": f"{item.meeting}: item {item.number}, {item.title}",
            "back": reverse("meeting_detail", args=[item.meeting_id]),
            "submit": "Save resolution",
            "also": [
                ("add_another", "Save and add the next resolution"),
                ("add_action", "Save and add an action"),
            ],
        },
        save,
    )


@role_required(MINUTE_MEETINGS)
def resolution_edit(request: HttpRequest, resolution_id: int) -> HttpResponse:
    resolution = get_object_or_404(
        Resolution.objects.select_related("item__meeting__committee"), pk=resolution_id
    )
    item = resolution.item
    form = forms.ResolutionForm(
        posted(request),
        item=item,
        resolution=resolution,
        initial={
            "letter": resolution.letter,
            "kind": resolution.kind,
            "text": resolution.text,
            "indicators": list(resolution.indicators.values_list("pk", flat=True)),
        },
    )

    def save() -> HttpResponse:
        services.resolution_update(
            user=request.user, resolution=resolution, **form.cleaned_data
        )
        messages.success(request, f"Resolution ({resolution.letter}) saved.")
        return redirect(
            f"{reverse('meeting_detail', args=[item.meeting_id])}#item-{item.number}"
        )

    return form_view(
        request,
        form,
        {
            "title": f"Change resolution ({resolution.letter})",
            "caption": f"{item.meeting}: item {item.number}, {item.title}",
            "back": reverse("meeting_detail", args=[item.meeting_id]),
            "submit": "Save resolution",
        },
        save,
    )
