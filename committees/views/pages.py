"""Committees' reading pages: the committee list and pages, meetings,
actions, and the action tracker with its exports and printable view. Every
role reads."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from committees import selectors, services
from committees.filters import ANY, ActionFilter
from committees.models import Action
from committees.tables import ActionExportTable, ActionTable
from indicators import selectors as indicator_selectors
from indicators.exports import SafeTableExport
from indicators.permissions import READ, RoleRequiredMixin, role_required


@role_required(READ)
@require_safe
def committee_list(request: HttpRequest) -> HttpResponse:
    """Every committee, its next meeting and its outstanding actions."""
    return render(
        request,
        "committees/committee_list.html",
        {"committees": selectors.committee_list()},
    )


@role_required(READ)
@require_safe
def committee_detail(request: HttpRequest, committee_slug: str) -> HttpResponse:
    """A committee's meetings and its outstanding actions."""
    page = selectors.committee_page(committee_slug)
    if page is None:
        raise Http404("No such committee")
    return render(
        request,
        "committees/committee_detail.html",
        {
            "page": page,
            "committee": page.committee,
            "can_minute": services.can_minute(request.user),
            "group_name": _group_name(page.committee.comparator_group),
        },
    )


def _group_name(slug: str) -> str:
    """The committee's own comparator group by name ("" for none, or one the
    pages no longer offer). One query, only when it has one."""
    if not slug:
        return ""
    home = indicator_selectors.home_area_or_none()
    return dict(indicator_selectors.comparator_choices(home)).get(slug, "")


@role_required(READ)
@require_safe
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting's items, resolutions and the actions they created, with
    their status now."""
    page = selectors.meeting_page(meeting_id)
    if page is None:
        raise Http404("No such meeting")
    selectors.item_links(page, request.user)
    return render(
        request,
        "committees/meeting_detail.html",
        {
            "page": page,
            "meeting": page.meeting,
            "can_minute": services.can_minute(request.user),
        },
    )


@role_required(READ)
@require_safe
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    """One action: what was asked, who owes it, when, its log and its audit
    trail."""
    page = selectors.action_page(action_id)
    if page is None:
        raise Http404("No such action")
    return render(
        request,
        "committees/action_detail.html",
        {
            "page": page,
            "action": page.action,
            "can_minute": services.can_minute(request.user),
            "can_update": services.can_update_action(request.user, page.action),
        },
    )


class ActionTrackerView(RoleRequiredMixin, ExportMixin, SingleTableMixin, FilterView):
    """Every action, overdue first then by due date, with filters, counts by
    status, and CSV and XLSX exports."""

    allowed_roles = READ
    template_name = "committees/action_tracker.html"
    filterset_class = ActionFilter
    table_pagination = {"per_page": 50}
    export_formats = ("csv", "xlsx")
    export_trigger_param = "_export"
    export_class = SafeTableExport  # cleans and neutralises every text cell

    def get_queryset(self) -> Any:
        return selectors.tracker_actions()

    def get_table_class(self) -> type:
        if self.request.GET.get(self.export_trigger_param):
            return ActionExportTable
        return ActionTable

    def get_export_filename(self, export_format: str) -> str:
        return f"scrutineer-actions-{timezone.localdate():%Y-%m-%d}.{export_format}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The counts break down what the other filters chose, whatever the
        # status or overdue filters (one query).
        data = self.request.GET.copy()
        for name in ("status", "overdue", "page", "sort", self.export_trigger_param):
            data.pop(name, None)
        count_query = data.urlencode()
        data["status"] = ANY  # closed ones are counted too
        counted = ActionFilter(data, queryset=Action.objects.all())
        base = counted.qs if counted.is_valid() else Action.objects.none()
        context.update(
            counts=selectors.status_counts(base),
            count_query=count_query,
            hiding_closed=not self.request.GET.get("status"),
            undelivered=selectors.undelivered_count(self.request.user),
        )
        return context


@role_required(READ)
@require_safe
def action_print(request: HttpRequest) -> HttpResponse:
    """The tracker as a printable list for an agenda pack, with the same
    filters; outstanding actions when none is chosen."""
    data = request.GET.copy()
    if not data:
        data["status"] = "outstanding"
    filterset = ActionFilter(data, queryset=selectors.tracker_actions())
    actions = list(filterset.qs) if filterset.is_valid() else []
    committee = (
        filterset.form.cleaned_data.get("committee") if filterset.is_valid() else None
    )
    return render(
        request,
        "committees/action_print.html",
        {
            "actions": actions,
            "filterset": filterset,
            "committee": committee,
            "today": timezone.localdate(),
        },
    )
