"""What the committee asked about the report's indicators: its open actions
(reference, lead, due date, status) and its earlier resolutions, for the
report's section "Open actions and earlier resolutions"."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q
from django.db.models.functions import Length

from committees.models import Action, AgendaItem, Meeting, Resolution
from indicators.models import Indicator
from reports.models import Report

# How many earlier resolutions the report lists (the most recent).
EARLIER_RESOLUTIONS = 12


@dataclass(frozen=True)
class ReportActions:
    """Each action and resolution carries `report_indicators`: those of the
    report's indicators it is about, by name."""

    actions: Sequence[Action]
    resolutions: Sequence[Resolution]
    taken_on: datetime.date | None  # the meeting that takes the report, if any
    more_resolutions: bool  # earlier ones left out (beyond EARLIER_RESOLUTIONS)


def _committee(report: Report, prefix: str) -> Q:
    """The report's committee: by its link, or failing that by the slug the
    committee's pages and the report's address share."""
    if report.committee_id is not None:
        return Q(**{f"{prefix}committee_id": report.committee_id})
    return Q(**{f"{prefix}committee__slug": report.committee_slug})


def report_indicator_ids(report: Report) -> list[int]:
    """The indicators the report has a paragraph on (reads the paragraphs:
    prefetch them, as `report_for_page` does)."""
    return sorted(
        {
            p.indicator_id
            for p in report.paragraphs.all()
            if p.indicator_id is not None and p.in_draft
        }
    )


def _taken_on(report: Report) -> datetime.date | None:
    """The first meeting of the committee with an agenda item on the
    report's period: the one the report goes to. One query."""
    item = (
        AgendaItem.objects.filter(
            _committee(report, "meeting__"), period=report.period_id
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting")
        .order_by("meeting__date")
        .first()
    )
    return item.meeting.date if item else None


def report_actions(report: Report) -> ReportActions:
    """The committee's outstanding actions on the report's indicators
    (overdue first, then by due date) and its resolutions on them at held
    meetings before the one that takes the report (all held meetings when
    none is set), newest first.

    Queries: six, however many indicators, actions and resolutions (the
    meeting that takes the report; actions, their indicators; resolutions,
    their indicators, their actions). Reads report.paragraphs: prefetch it."""
    ids = report_indicator_ids(report)
    if not ids:
        return ReportActions([], [], None, False)
    named = Prefetch(
        "indicators",
        queryset=Indicator.objects.filter(pk__in=ids).order_by("name"),
        to_attr="report_indicators",
    )
    taken_on = _taken_on(report)
    actions = list(
        Action.objects.outstanding()
        .filter(
            _committee(report, ""),
            pk__in=Action.indicators.through.objects.filter(
                indicator_id__in=ids
            ).values("action_id"),
        )
        .with_overdue()
        .select_related("lead_officer")
        .prefetch_related(named)
        .order_by(F("is_overdue").desc(), "due_date", "municipal_year", "sequence")
    )
    held = Q(item__meeting__status=Meeting.Status.HELD)
    if taken_on is not None:
        held &= Q(item__meeting__date__lt=taken_on)
    resolutions = list(
        Resolution.objects.filter(
            held,
            _committee(report, "item__meeting__"),
            pk__in=Resolution.indicators.through.objects.filter(
                indicator_id__in=ids
            ).values("resolution_id"),
        )
        .select_related("item__meeting")
        .prefetch_related(
            named,
            Prefetch("actions", queryset=Action.objects.order_by("sequence")),
        )
        .order_by("-item__meeting__date", "item__number", Length("letter"), "letter")[
            : EARLIER_RESOLUTIONS + 1
        ]
    )
    return ReportActions(
        actions=actions,
        resolutions=resolutions[:EARLIER_RESOLUTIONS],
        taken_on=taken_on,
        more_resolutions=len(resolutions) > EARLIER_RESOLUTIONS,
    )
