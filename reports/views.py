"""The report's pages: list, draft, the report (HTML, PDF, DOCX), editing a
paragraph, finalising, and what changed since the last meeting. Each view
declares its roles; writes are POST-only and call one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from committees.models import Committee
from indicators.models import Period
from indicators.models.comparators import NEIGHBOURS
from indicators.permissions import (
    EDIT_REPORTS,
    FINALISE_REPORTS,
    READ,
    has_role,
    role_required,
)
from reports import exports, selectors, services
from reports.forms import (
    CompareWithForm,
    ParagraphForm,
    ReportDraftForm,
    StandingSectionsForm,
)
from reports.models import Report, period_slug

DOWNLOADS = {
    "pdf": ("application/pdf", exports.render_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        exports.render_docx,
    ),
}


def _period(committee: str, slug: str) -> Period:
    period = selectors.period_for_slug(slug, committee)
    if period is None:
        raise Http404("No such period")
    return period


def _report_for(request: HttpRequest, committee: str, slug: str) -> Report:
    """The report the URL names, if this user may see it: drafts are for
    those who may edit them; anyone else gets 404, as if it did not exist."""
    report = selectors.report_for_page(committee, _period(committee, slug))
    if report is None or (
        not report.is_final and not has_role(request.user, EDIT_REPORTS)
    ):
        raise Http404("No such report")
    return report


def _report_url(report: Report, anchor: str = "") -> str:
    return reverse("report_detail", kwargs=report.url_kwargs()) + anchor


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@role_required(READ)
def report_list(request: HttpRequest) -> HttpResponse:
    """Every report this user may read, by committee."""
    can_edit = has_role(request.user, EDIT_REPORTS)
    reports = list(selectors.report_list(include_drafts=can_edit))
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": [
                (r, reverse("report_detail", kwargs=r.url_kwargs())) for r in reports
            ],
            "can_edit": can_edit,
        },
    )


@role_required(EDIT_REPORTS)
def report_new(request: HttpRequest) -> HttpResponse:
    """Draft a committee's report for a period (or regenerate it).
    `?committee=<slug>` chooses the committee at first, with the comparator
    group its new report would take (`services.new_report_group`)."""
    form = ReportDraftForm(request.POST or None, initial=_draft_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            report, result = services.report_draft(
                user=request.user,
                period=form.cleaned_data["period"],
                committee=form.cleaned_data["committee"],
                committee_name=form.cleaned_data["committee_name"],
                theme_ids=[t.pk for t in form.cleaned_data["themes"]],
                comparator_group=form.cleaned_data["comparator_group"],
            )
        except ValidationError as error:
            _error_messages(request, error)
        else:
            if result.new_report:
                messages.success(request, f"Report drafted. {result.message}")
            else:
                messages.success(
                    request,
                    f"This report was already saved: {report.committee_name}, "
                    f"{report.period.display_label}. It has been brought up to date "
                    f"with published figures. {result.message}",
                )
            return redirect(_report_url(report))
    committees = Committee.objects.order_by("name").values_list("slug", "name")
    return render(
        request,
        "reports/report_new.html",
        {"form": form, "committees": committees},
    )


def _draft_initial(request: HttpRequest) -> dict[str, Any]:
    """The draft form's first choices for `?committee=<slug>` (none for an
    unknown committee)."""
    slug = request.GET.get("committee", "")
    committee = Committee.objects.filter(slug=slug).first() if slug else None
    if committee is None:
        return {}
    previous = selectors.latest_committee_report(committee.slug)
    group = services.new_report_group(committee, previous) or NEIGHBOURS
    return {"committee": committee, "comparator_group": group}


@role_required(READ)
def report_detail(request: HttpRequest, committee: str, period: str) -> HttpResponse:
    """The report as a page, or `?format=pdf` / `?format=docx` as a download."""
    period_obj = _period(committee, period)
    report = selectors.report_for_page(committee, period_obj)
    can_edit = has_role(request.user, EDIT_REPORTS)
    if report is None:
        # An editor may draft a known committee's report for any period.
        known = selectors.latest_committee_report(committee)
        if not can_edit or known is None:
            raise Http404("No such report")
        return render(
            request,
            "reports/report_missing.html",
            {
                "committee": known,
                "period": period_obj,
                "committee_slug": committee,
                "url_period": period,
            },
        )
    if not report.is_final and not can_edit:
        raise Http404("No such report")
    wanted = request.GET.get("format", "")
    if wanted in DOWNLOADS:
        content_type, render_file = DOWNLOADS[wanted]
        response = HttpResponse(render_file(report), content_type=content_type)
        filename = f"{report.committee_slug}-{period_slug(report.period.label)}-performance-report.{wanted}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context = exports.document(report)
    if can_edit and not report.is_final:
        context["compare"] = CompareWithForm(
            initial={"comparator_group": report.comparator_group or NEIGHBOURS}
        )
    context.update(
        can_edit=can_edit and not report.is_final,
        can_finalise=has_role(request.user, FINALISE_REPORTS),
        gaps=services.report_gaps(report),
        needs_review=services.report_needs_review(report),
        url=_report_url(report),
        url_period=period_slug(report.period.label),
    )
    return render(request, "reports/report_detail.html", context)


@role_required(EDIT_REPORTS)
@require_POST
def report_regenerate(
    request: HttpRequest, committee: str, period: str
) -> HttpResponse:
    """Draft this period's report with the committee's remit, or regenerate
    it, with another comparator group if one is chosen."""
    period_obj = _period(committee, period)
    try:
        report, result = services.report_draft(
            user=request.user,
            period=period_obj,
            committee_slug=committee,
            # The report's group unless another is chosen on its page (the
            # service refuses a group the pages do not offer).
            comparator_group=request.POST.get("comparator_group"),
        )
    except ValidationError as error:
        _error_messages(request, error)
        existing = selectors.report_for_page(committee, period_obj)
        if existing is None:
            return redirect("report_list")
        return redirect(_report_url(existing))
    messages.success(
        request, f"Report regenerated from published figures. {result.message}"
    )
    return redirect(_report_url(report))


@role_required(EDIT_REPORTS)
def paragraph_edit(
    request: HttpRequest, committee: str, period: str, paragraph_id: int
) -> HttpResponse:
    """Edit one paragraph, or put the drafted wording back."""
    report = _report_for(request, committee, period)
    paragraph = next((p for p in report.paragraphs.all() if p.pk == paragraph_id), None)
    if paragraph is None:
        raise Http404("No such paragraph")
    if report.is_final:
        messages.error(
            request,
            "This report is final. The performance team can reopen it to change it.",
        )
        return redirect(_report_url(report))
    form = ParagraphForm(request.POST or None, initial={"text": paragraph.text})
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revert":
                services.paragraph_revert(user=request.user, paragraph=paragraph)
                messages.success(
                    request, f"Paragraph {paragraph.position} uses the drafted wording."
                )
                return redirect(_report_url(report, f"#paragraph-{paragraph.position}"))
            if form.is_valid():
                services.paragraph_edit(
                    user=request.user,
                    paragraph=paragraph,
                    text=form.cleaned_data["text"],
                )
                messages.success(request, f"Paragraph {paragraph.position} saved.")
                return redirect(_report_url(report, f"#paragraph-{paragraph.position}"))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                _error_messages(request, error)
                return redirect(_report_url(report))
    history = list(
        paragraph.history.select_related("history_user").order_by("-history_date")[:20]
    )
    return render(
        request,
        "reports/paragraph_edit.html",
        {
            "report": report,
            "paragraph": paragraph,
            "form": form,
            "history": history,
            "url": _report_url(report),
            "url_period": period_slug(report.period.label),
            "title": exports.report_title(report),
        },
    )


@role_required(EDIT_REPORTS)
def standing_sections_edit(
    request: HttpRequest, committee: str, period: str
) -> HttpResponse:
    """Edit the report's standing sections: purpose, background, conclusion,
    equality and human rights implications, background papers, officers."""
    report = _report_for(request, committee, period)
    if report.is_final:
        messages.error(
            request,
            "This report is final. The performance team can reopen it to change it.",
        )
        return redirect(_report_url(report))
    initial = {name: text for name, _, text in report.standing_sections()}
    form = StandingSectionsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_standing_sections_edit(
                user=request.user, report=report, texts=form.cleaned_data
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # the report became final
                _error_messages(request, error)
                return redirect(_report_url(report))
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Standing sections saved.")
            return redirect(_report_url(report))
    return render(
        request,
        "reports/standing_sections_edit.html",
        {
            "report": report,
            "form": form,
            "url": _report_url(report),
            "title": exports.report_title(report),
        },
    )


def _status_change(
    request: HttpRequest, committee: str, period: str, action: Any, done: str
) -> HttpResponse:
    report = _report_for(request, committee, period)
    try:
        action(user=request.user, report=report)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, done)
    return redirect(_report_url(report))


@role_required(FINALISE_REPORTS)
@require_POST
def report_finalise(request: HttpRequest, committee: str, period: str) -> HttpResponse:
    """Make the report final: councillors and clerks can then read it."""
    return _status_change(
        request, committee, period, services.report_finalise,
        "The report is final: councillors and clerks can now read and download it.",
    )  # fmt: skip


@role_required(FINALISE_REPORTS)
@require_POST
def report_reopen(request: HttpRequest, committee: str, period: str) -> HttpResponse:
    """Back to draft for more changes."""
    return _status_change(
        request, committee, period, services.report_reopen,
        "The report is a draft again: councillors and clerks cannot see it until it is final.",
    )  # fmt: skip


@role_required(READ)
def report_changes(request: HttpRequest, committee: str, period: str) -> HttpResponse:
    """What changed since the last meeting: indicators whose RAG, direction
    or quartile differ from those of the period the committee last saw."""
    period_obj = _period(committee, period)
    report = selectors.report_for_page(committee, period_obj)
    if report is None:
        report = selectors.latest_committee_report(committee)
    can_edit = has_role(request.user, EDIT_REPORTS)
    # As for the report itself: a draft (that it exists, its committee's
    # name) is the business of those who may edit it; anyone else is told
    # there is no such page.
    if report is None or not (report.is_final or can_edit):
        raise Http404("No such report")
    changes = selectors.changes_since_last_meeting(
        committee,
        period_obj,
        [t.pk for t in report.themes.all()],
        selectors.covered_indicators(report.committee_id),
    )
    this_report = report if report.period_id == period_obj.pk else None
    return render(
        request,
        "reports/changes.html",
        {
            "committee_name": report.committee_name,
            "period": period_obj,
            "changes": changes,
            "report_url": _report_url(this_report)
            if this_report and (this_report.is_final or can_edit)
            else "",
        },
    )
