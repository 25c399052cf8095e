"""What changed since the last meeting: indicators whose RAG, direction or
quartile differ from those of the period the committee last saw."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
    changes: list[Change]
    unchanged: int


def previous_meeting_period(
    committee_slug: str, period: Period
) -> tuple[Period | None, Report | None]:
    """The period reported at the committee's previous meeting: its latest
    report for an earlier period; failing that, the previous quarter."""
    earlier = (
        committee_reports(committee_slug).filter(period__end__lt=period.end).first()
    )
    if earlier is not None:
        return earlier.period, earlier
    if period.kind != Period.Kind.QUARTER:
        return None, None
    from indicators import rating

    spec = rating.previous_period(period.as_rule())
    found = Period.objects.filter(
        kind=spec.kind.value, year_type=spec.year_type.value, start=spec.start
    ).first()
    return found, None


def changes_since_last_meeting(
    committee_slug: str, period: Period, theme_ids: Iterable[int]
) -> Changes:
    """Indicators in the remit whose RAG, direction or quartile differ from
    those of the period reported at the previous meeting, each with a reason.
    Live published figures on both sides. Queries: a fixed handful."""
    home = indicator_selectors.home_area_or_none()
    theme_ids = list(theme_ids)
    previous, previous_report = previous_meeting_period(committee_slug, period)
    now = [facts_for(r, period) for r in report_rows(home, period, theme_ids)]
    then: dict[str, wording.Facts] = {}
    if previous is not None:
        then = {
            f.code: f
            for f in (
                facts_for(r, previous) for r in report_rows(home, previous, theme_ids)
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
    return Changes(period, previous, previous_report, changes, unchanged)
