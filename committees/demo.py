"""The committees' demo: a Children and Families Overview and Scrutiny
Committee with two years of meetings, resolutions of every kind and actions
in every state (overdue ones included), linked to the demo's indicators.

The minutes themselves (the wording, written for the demo) are in
committees.demo_minutes; this module writes them. Meeting dates are placed
around the day the demo is first loaded, so that some actions are always
overdue and some are coming up. Idempotent: the minutes are written once,
the first time; running it again changes nothing."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

import indicators.demo
import indicators.demo_lait
from committees import services
from committees.demo_minutes import MINUTES, ActionSpec, ItemSpec
from committees.models import Action, Committee, Meeting
from indicators.models import Indicator, Period, Theme

CODE = "CFS"
NAME = "Children and Families Overview and Scrutiny Committee"
SLUG = "children-and-families"
REMIT = [
    "Child protection",
    "Early help and assessment",
    "Children in care",
    "Care leavers",
    "Workforce",
    "Special educational needs",
    "Youth justice",
]
VENUE = "Committee Room 1, County Hall"


# Meeting dates, in days from the day the demo is first loaded: two years of
# meetings, roughly every three months, two still to come. The meeting held
# at -518 is the one that was cancelled.
OFFSETS = [-700, -609, -518, -427, -336, -245, -154, -63, 28, 119]
CANCELLED = -518


def demo_codes() -> list[str]:
    """The codes of the demo's own indicators (data/demo/indicators.csv):
    the ones its committee follows."""
    with (indicators.demo.DEMO / "indicators.csv").open(encoding="utf-8") as f:
        return [row["code"] for row in csv.DictReader(f)]


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _quarters_with_figures() -> list[Period]:
    """The financial quarters that have figures, oldest first."""
    return list(
        Period.objects.filter(
            kind=Period.Kind.QUARTER,
            year_type="financial",
            observations__isnull=False,
        )
        .distinct()
        .order_by("end")
    )


def _say(stdout: Any, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def seed(stdout: Any = None) -> None:
    """Load the committee, its meetings, minutes and actions (once)."""
    User = get_user_model()
    clerk = User.objects.filter(username="clerk").first()
    officer = User.objects.filter(username="officer").first()
    if clerk is None or officer is None:
        _say(stdout, "  Committees: the demo users clerk and officer are needed first.")
        return
    with transaction.atomic():
        committee, created = Committee.objects.get_or_create(
            code=CODE, defaults={"name": NAME, "slug": SLUG, "clerk": clerk}
        )
        if created:
            committee.remit.set(Theme.objects.filter(name__in=REMIT))
            committee.follows.set(
                Indicator.objects.filter(
                    code__in=demo_codes() + indicators.demo_lait.agenda_codes()
                )
            )
            councillor = User.objects.filter(username="councillor").first()
            if councillor is not None:
                committee.members.add(councillor)
        if committee.meetings.exists():
            _say(stdout, f"  Committees: {committee.name} is already loaded.")
            return
        _minute(committee, clerk, officer)
    actions = Action.objects.filter(committee=committee)
    _say(
        stdout,
        f"  Committees: {committee.name}, {committee.meetings.count()} meetings, "
        f"{actions.count()} actions ({actions.overdue().count()} overdue).",
    )


def _minute(committee: Committee, clerk: Any, officer: Any) -> None:
    today = timezone.localdate()
    indicators = {i.code: i for i in Indicator.objects.all()}
    meetings = _meetings(committee, clerk, today)
    held = [m for m in meetings if m.status == Meeting.Status.HELD]
    # Each meeting takes the report on one quarter: the next meeting the
    # latest quarter with figures, the held ones the quarters before it.
    quarters: list[Period | None] = [None] * (len(MINUTES) + 1)
    quarters += _quarters_with_figures()
    periods = quarters[-len(MINUTES) - 1 : -1]
    # The minutes belong to the most recent held meetings, oldest first.
    minuted = zip(held[-len(MINUTES) :], MINUTES, periods, strict=True)
    for meeting, items, period in minuted:
        later = [
            m for m in meetings if m.date > meeting.date and m.status != "cancelled"
        ]
        minuting = _Minuting(meeting, later, clerk, officer, indicators, today)
        for item_spec in items:
            _item(item_spec, period, minuting)
    # The next meeting will take the report on the latest quarter out.
    upcoming = [m for m in meetings if m.status == Meeting.Status.SCHEDULED]
    if upcoming:
        services.agenda_item_create(
            user=clerk,
            meeting=upcoming[0],
            title="Quarterly performance report",
            period=quarters[-1],
        )


def _meetings(committee: Committee, clerk: Any, today: datetime.date) -> list[Meeting]:
    """The committee's calendar: held, cancelled and scheduled meetings."""
    meetings: list[Meeting] = []
    for offset in OFFSETS:
        date = _monday(today + datetime.timedelta(days=offset))
        if offset == CANCELLED:
            status = Meeting.Status.CANCELLED
        elif date < today:
            status = Meeting.Status.HELD
        else:
            status = Meeting.Status.SCHEDULED
        meetings.append(
            services.meeting_create(
                user=clerk,
                committee=committee,
                date=date,
                time=datetime.time(14, 0),
                venue=VENUE,
                status=status,
            )
        )
    return meetings


@dataclass(frozen=True)
class _Minuting:
    """A held meeting being minuted: the meetings after it (that an action
    may be due to), who minutes and leads, the indicators by code, today."""

    meeting: Meeting
    later: list[Meeting]
    clerk: Any
    officer: Any
    indicators: dict[str, Indicator]
    today: datetime.date

    def indicators_of(self, codes: Iterable[str]) -> list[Indicator]:
        return [self.indicators[c] for c in codes if c in self.indicators]


def _item(item_spec: ItemSpec, period: Period | None, m: _Minuting) -> None:
    """One agenda item of a held meeting, its resolutions and their actions."""
    clerk, meeting = m.clerk, m.meeting
    item = services.agenda_item_create(
        user=clerk,
        meeting=meeting,
        title=item_spec.title,
        period=period if item_spec.performance else None,
    )
    for spec in item_spec.resolutions:
        resolution = services.resolution_create(
            user=clerk,
            item=item,
            text=spec.text,
            kind=spec.kind,
            indicators=m.indicators_of(spec.indicators),
        )
        for a in spec.actions:
            _action(resolution, a, m)


def _action(resolution: Any, spec: ActionSpec, m: _Minuting) -> None:
    clerk, meeting, later, today = m.clerk, m.meeting, m.later, m.today
    if spec.due_days is not None:
        due_meeting, due_date = None, today + datetime.timedelta(days=spec.due_days)
    else:
        due_meeting = later[min(spec.due_meetings_later, len(later)) - 1]
        due_date = None
    lead = (
        {"lead_officer": m.officer}
        if spec.lead is None
        else {
            "lead_name": spec.lead[0],
            "lead_email": spec.lead[1],
        }
    )
    action = services.action_create(
        user=clerk,
        resolution=resolution,
        description=spec.description,
        due_meeting=due_meeting,
        due_date=due_date,
        indicators=m.indicators_of(spec.indicators),
        **lead,
    )
    # Updates dated between the meeting and the due date (or today).
    end = min(action.due_date, today)
    span = max((end - meeting.date).days, 1)
    for n, text in enumerate(spec.updates, start=1):
        last = n == len(spec.updates)
        status = ""
        if spec.status in ("in_progress", "answered", "closed"):
            status = (
                "answered"
                if last and spec.status in ("answered", "closed")
                else "in_progress"
            )
        services.action_update_add(
            user=clerk,
            action=action,
            text=text,
            date=meeting.date
            + datetime.timedelta(days=span * n // (len(spec.updates) + 1)),
            status=status,
        )
    if spec.status == "closed":
        services.action_close(
            user=clerk, action=action, reason=spec.closed_reason, date=end
        )
