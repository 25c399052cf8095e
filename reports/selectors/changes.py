"""What changed since the last meeting: indicators whose RAG, direction or
quartile differ from those of the period the committee last saw."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from committees.models import AgendaItem, Meeting
from indicators import selectors as indicator_selectors
from indicators.models import Period
from reports import wording
from reports.models import Report
from reports.selectors.facts import facts_for, report_rows
from reports.selectors.pages import committee_reports


@dataclass(frozen=True)
class Change:
    code: str
    name: str
    theme: str
    labels: list[str]
    reason: str


@dataclass(frozen=True)
class Changes:
    period: Period
    previous: Period | None
    previous_report: Report | None
    previous_meeting: Meeting | None
    changes: list[Change]
    unchanged: int


def _noted_at_meeting(
    committee_slug: str, period: Period
) -> tuple[Period, Meeting] | None:
    """The latest earlier period a held meeting of the committee took a
    report on (an agenda item with a period), and the meeting: a report the
    committee received whether or not it was drafted here. One query."""
    item = (
        AgendaItem.objects.filter(
            meeting__committee__slug=committee_slug,
            meeting__status=Meeting.Status.HELD,
            period__isnull=False,
            period__end__lt=period.end,
        )
        .select_related("period", "meeting")
        .order_by("-period__end", "-period__start", "-meeting__date")
        .first()
    )
    if item is None or item.period is None:
        return None
    return item.period, item.meeting


def previous_meeting_period(
    committee_slug: str, period: Period
) -> tuple[Period | None, Report | None, Meeting | None]:
    """The period of the committee's previous report: the latest earlier
    period among its reports drafted here and the reports its held meetings
    took (agenda items with a period), with the report (when drafted here)
    and the meeting that took it (when minuted); failing both, the previous
    quarter. Queries: two or three."""
    earlier = (
        committee_reports(committee_slug).filter(period__end__lt=period.end).first()
    )
    noted = _noted_at_meeting(committee_slug, period)
    if noted is not None and (
        earlier is None
        or (noted[0].end, noted[0].start) > (earlier.period.end, earlier.period.start)
    ):
        return noted[0], None, noted[1]
    if earlier is not None:
        meeting = noted[1] if noted and noted[0].pk == earlier.period_id else None
        return earlier.period, earlier, meeting
    if period.kind != Period.Kind.QUARTER:
        return None, None, None
    from indicators import rating

    spec = rating.previous_period(period.as_rule())
    found = Period.objects.filter(
        kind=spec.kind.value, year_type=spec.year_type.value, start=spec.start
    ).first()
    return found, None, None


def changes_since_last_meeting(
    committee_slug: str,
    period: Period,
    theme_ids: Iterable[int],
    indicator_ids: Iterable[int] | None = None,
) -> Changes:
    """Indicators in the remit whose RAG, direction or quartile differ from
    those of the period reported at the previous meeting, each with a reason.
    Live published figures on both sides. Queries: a fixed handful."""
    home = indicator_selectors.home_area_or_none()
    theme_ids = list(theme_ids)
    previous, previous_report, meeting = previous_meeting_period(committee_slug, period)
    now = [
        facts_for(r, period)
        for r in report_rows(home, period, theme_ids, indicator_ids)
    ]
    then: dict[str, wording.Facts] = {}
    if previous is not None:
        then = {
            f.code: f
            for f in (
                facts_for(r, previous)
                for r in report_rows(home, previous, theme_ids, indicator_ids)
            )
        }
    changes, unchanged = [], 0
    for facts in now:
        before = then.get(facts.code)
        labels = wording.change_labels(before, facts)
        if not labels:
            unchanged += 1
            continue
        changes.append(
            Change(
                code=facts.code,
                name=facts.name,
                theme=facts.theme,
                labels=labels,
                reason=wording.change_reason(before, facts),
            )
        )
    return Changes(period, previous, previous_report, meeting, changes, unchanged)
