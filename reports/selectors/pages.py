"""The reads behind the report pages: a committee's reports, the list, the
period a URL names, the report with its paragraphs, and the links from a
meeting's agenda."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from indicators import selectors as indicator_selectors
from indicators.models import Period
from indicators.permissions import EDIT_REPORTS, has_role
from reports import wording
from reports.models import GlossaryTerm, Paragraph, Report, period_slug


def committee_reports(committee_slug: str) -> QuerySet[Report]:
    """A committee's reports, found by their address (the slug in their URLs,
    which a committee's reports share whether or not they are linked to the
    committees app), newest period first, with their periods."""
    return (
        Report.objects.filter(committee_slug=committee_slug)
        .select_related("period")
        .order_by("-period__end", "-period__start")
    )


def report_list(*, include_drafts: bool) -> QuerySet[Report]:
    """Every report (final ones only for readers who may not see drafts)."""
    reports = Report.objects.select_related("period", "finalised_by").order_by(
        "committee_name", "-period__end"
    )
    if not include_drafts:
        reports = reports.filter(status=Report.Status.FINAL)
    return reports


# Which period a URL means when labels collide ('2011-12' is both a month and
# the financial year 2011/12): the committee's quarter first.
_KIND_PREFERENCE = {"quarter": 0, "year": 1, "month": 2}


def period_for_slug(slug: str, committee_slug: str = "") -> Period | None:
    """The period a report URL names: among the committee's reports' periods,
    then the periods with published home figures."""
    slug = slug.lower()
    candidates = [r.period for r in committee_reports(committee_slug)] + (
        indicator_selectors.dashboard_periods(indicator_selectors.home_area_or_none())
    )
    matches = [p for p in candidates if period_slug(p.label) == slug]
    if not matches:
        return None
    return min(matches, key=lambda p: (_KIND_PREFERENCE.get(p.kind, 3), p.year_type))


def report_for_page(committee_slug: str, period: Period) -> Report | None:
    """The report with its paragraphs (and their editors), remit and the
    committee it is linked to, if any.

    Queries: three (the report with its committee, its paragraphs, its
    themes)."""
    return (
        Report.objects.filter(committee_slug=committee_slug, period=period)
        .select_related("period", "finalised_by", "drafted_by", "committee")
        .prefetch_related(
            Prefetch(
                "paragraphs",
                queryset=Paragraph.objects.select_related("edited_by").order_by(
                    "position"
                ),
            ),
            "themes",
        )
        .first()
    )


def meeting_item_links(
    meeting: Any, items: list[Any], user: Any
) -> dict[int, tuple[str, str]]:
    """For a committee meeting's agenda items with a period: a link to the
    committee's report on that period, when there is one this user may
    read (a final one; a draft too for those who edit reports). Registered
    with the committees app (committees.selectors.ITEM_LINKERS); the
    committee's reports are those linked to it. One query."""
    periods = {item.period_id for item in items if item.period_id is not None}
    if not periods:
        return {}
    reports = Report.objects.filter(
        committee_id=meeting.committee_id, period_id__in=periods
    ).select_related("period")
    if not has_role(user, EDIT_REPORTS):
        reports = reports.filter(status=Report.Status.FINAL)
    by_period = {report.period_id: report for report in reports}
    links = {}
    for item in items:
        report = by_period.get(item.period_id)
        if report is not None:
            text = f"The quarterly performance report for {report.period.display_label}"
            if not report.is_final:
                text += " (draft)"
            url = reverse("report_detail", kwargs=report.url_kwargs())
            links[item.pk] = (text, url)
    return links


def latest_committee_report(committee_slug: str) -> Report | None:
    """The committee's most recent report: its name and remit seed a new one."""
    return committee_reports(committee_slug).prefetch_related("themes").first()


@dataclass(frozen=True)
class Section:
    """Paragraphs under one heading and subheading; `new_heading` is False
    when the heading is the previous section's (only the subheading is new)."""

    heading: str
    paragraphs: list[Paragraph]
    subheading: str = ""
    new_heading: bool = True


def sections(paragraphs: Iterable[Paragraph]) -> list[Section]:
    """Paragraphs grouped under their headings and subheadings, in order."""
    result: list[Section] = []
    for paragraph in paragraphs:
        heading = (paragraph.section, paragraph.subsection)
        last = (result[-1].heading, result[-1].subheading) if result else None
        if heading != last:
            result.append(
                Section(
                    paragraph.section,
                    [],
                    subheading=paragraph.subsection,
                    new_heading=last is None or last[0] != paragraph.section,
                )
            )
        result[-1].paragraphs.append(paragraph)
    return result


def appendix_rows(paragraphs: Iterable[Paragraph]) -> list[wording.Facts]:
    """The appendix dashboard: the facts each indicator paragraph was drafted
    from, so the table and the paragraphs always agree; in the dashboard's
    order (theme, then name), whatever part of the report each is in."""
    rows = [
        wording.facts_from_json(p.facts)
        for p in paragraphs
        if p.key.startswith("indicator:") and p.in_draft
    ]
    return sorted(rows, key=lambda f: (f.theme, f.name))


def glossary() -> list[GlossaryTerm]:
    """The glossary printed at the end of every report, by term. One query."""
    return list(GlossaryTerm.objects.order_by("term"))
