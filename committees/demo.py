"""The committees' demo: a Children and Families Overview and Scrutiny
Committee with two years of meetings, resolutions of every kind and actions
in every state (overdue ones included), linked to the demo's indicators.

The wording is written for the demo, modelled on the kind of thing such
committees resolve; it quotes no real minutes. Meeting dates are placed
around the day the demo is first loaded, so that some actions are always
overdue and some are coming up. Idempotent: the minutes are written once,
the first time; running it again changes nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from committees import services
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

# Officers named without an account (made-up people, with their posts).
DIRECTOR = (
    "Jane Moore, Director of Children and Family Services",
    "jane.moore@example.org",
)
AD_SEND = (
    "Tom Ashworth, Assistant Director, Education and SEND",
    "tom.ashworth@example.org",
)
HEAD_YJS = (
    "Grace Mensah, Head of the Youth Justice Service",
    "grace.mensah@example.org",
)


@dataclass
class ActionSpec:
    description: str
    lead: tuple[str, str] | None  # a named officer; None: the demo officer
    status: str
    # Due to the meeting this many meetings later, or this many days after
    # the meeting that asked (when `due_days` is set).
    due_meetings_later: int = 1
    due_days: int | None = None
    updates: list[str] = field(default_factory=list)
    closed_reason: str = ""
    indicators: list[str] = field(default_factory=list)


@dataclass
class ResolutionSpec:
    kind: str
    text: str
    indicators: list[str] = field(default_factory=list)
    actions: list[ActionSpec] = field(default_factory=list)


@dataclass
class ItemSpec:
    title: str
    resolutions: list[ResolutionSpec]
    performance: bool = False


def _performance_item(extra: list[ResolutionSpec]) -> ItemSpec:
    return ItemSpec(
        "Quarterly performance report",
        [
            ResolutionSpec(
                "noted",
                "That the report on the department's performance for the quarter be noted.",
            ),
            *extra,
        ],
        performance=True,
    )


# One list per held meeting, oldest first.
MINUTES: list[list[ItemSpec]] = [
    [
        _performance_item(
            [
                ResolutionSpec(
                    "request",
                    "That the Director be asked to report on why more children are "
                    "becoming subject to a child protection plan for a second time, "
                    "and what is being done about it.",
                    ["cpp-second-plan"],
                    [
                        ActionSpec(
                            "Report on repeat child protection plans: causes found in "
                            "the audit of cases, and the actions taken.",
                            DIRECTOR,
                            "closed",
                            updates=[
                                "Report presented to the committee; audit findings shared."
                            ],
                            closed_reason="Report received; the committee will follow the measure in the quarterly report.",
                            indicators=["cpp-second-plan"],
                        )
                    ],
                )
            ]
        ),
        ItemSpec(
            "Fostering service annual report",
            [
                ResolutionSpec(
                    "noted", "That the annual report of the fostering service be noted."
                ),
                ResolutionSpec(
                    "recommendation",
                    "That the Cabinet be recommended to support the campaign to "
                    "recruit more foster carers for teenagers.",
                    ["placement-stability"],
                ),
            ],
        ),
    ],
    [
        _performance_item(
            [
                ResolutionSpec(
                    "request",
                    "That figures on the timeliness of single assessments be broken "
                    "down by locality for the next meeting.",
                    ["assessments-45-days"],
                    [
                        ActionSpec(
                            "Breakdown of assessments completed within 45 working days, "
                            "by locality team.",
                            None,
                            "answered",
                            updates=["Breakdown circulated to members by email."],
                            indicators=["assessments-45-days"],
                        )
                    ],
                )
            ]
        ),
        ItemSpec(
            "Sufficiency of placements for children in care",
            [
                ResolutionSpec(
                    "decision",
                    "That a task and finish group of four members be set up to look "
                    "at placement sufficiency and report back within six months.",
                    ["placement-stability", "school-moves"],
                    [
                        ActionSpec(
                            "Task and finish group on placement sufficiency to report "
                            "its findings.",
                            DIRECTOR,
                            "answered",
                            due_meetings_later=2,
                            updates=[
                                "Group has met three times.",
                                "Findings reported to the committee.",
                            ],
                            indicators=["placement-stability"],
                        )
                    ],
                ),
            ],
        ),
    ],
    [
        _performance_item(
            [
                ResolutionSpec(
                    "request",
                    "That officers explain the rise in agency social workers and the "
                    "cost of covering vacancies.",
                    ["sw-agency", "sw-turnover"],
                    [
                        ActionSpec(
                            "Note on agency social workers: numbers, cost and the "
                            "recruitment and retention plan.",
                            None,
                            "closed",
                            updates=["Note circulated."],
                            closed_reason="Superseded by the workforce strategy item on the work programme.",
                            indicators=["sw-agency"],
                        )
                    ],
                )
            ]
        ),
        ItemSpec(
            "Education, health and care plans: timeliness",
            [
                ResolutionSpec(
                    "recommendation",
                    "That the Lead Member be recommended to ask health partners to "
                    "commit to returning advice for EHC needs assessments within six weeks.",
                    ["ehcp-20-weeks"],
                ),
                ResolutionSpec(
                    "request",
                    "That a progress report on the recovery plan for EHC plans be "
                    "brought to a future meeting.",
                    ["ehcp-20-weeks"],
                    [
                        ActionSpec(
                            "Progress report on the EHC plan recovery plan.",
                            AD_SEND,
                            "in_progress",
                            due_meetings_later=2,
                            updates=[
                                "Recovery plan agreed with health partners; report being drafted."
                            ],
                            indicators=["ehcp-20-weeks"],
                        )
                    ],
                ),
            ],
        ),
    ],
    [
        _performance_item(
            [
                ResolutionSpec(
                    "request",
                    "That the Director report on the care leavers who are not in "
                    "education, employment or training, and on the offer of "
                    "apprenticeships within the Council.",
                    ["care-leavers-eet"],
                    [
                        ActionSpec(
                            "Report on care leavers not in education, employment or "
                            "training, with the Council's apprenticeship offer.",
                            DIRECTOR,
                            "open",
                            indicators=["care-leavers-eet"],
                        )
                    ],
                )
            ]
        ),
        ItemSpec(
            "Youth Justice Plan",
            [
                ResolutionSpec(
                    "noted", "That the Youth Justice Plan for the year be noted."
                ),
                ResolutionSpec(
                    "request",
                    "That the committee receive the reoffending figures for the "
                    "young people in the cohort once they are published.",
                    ["youth-reoffending"],
                    [
                        ActionSpec(
                            "Circulate the reoffending figures for the latest cohort.",
                            HEAD_YJS,
                            "in_progress",
                            due_meetings_later=2,
                            updates=[
                                "Figures are published a quarter in arrears; expected shortly."
                            ],
                            indicators=["youth-reoffending"],
                        )
                    ],
                ),
            ],
        ),
    ],
    [
        _performance_item(
            [
                ResolutionSpec(
                    "request",
                    "That the Director be requested to provide further information on "
                    "the time children wait to be adopted to a future meeting.",
                    ["adoption-18-months"],
                    [
                        ActionSpec(
                            "Information on the time children wait between entering "
                            "care and being adopted, compared with other authorities.",
                            None,
                            "open",
                            indicators=["adoption-18-months"],
                        ),
                        ActionSpec(
                            "Invite the regional adoption agency to attend a meeting.",
                            None,
                            "open",
                            due_days=5,
                        ),
                    ],
                )
            ]
        ),
        ItemSpec(
            "Early help: review of the service",
            [
                ResolutionSpec(
                    "recommendation",
                    "That the Cabinet be recommended to keep the early help service in "
                    "each locality when it reviews the budget.",
                    ["re-referrals"],
                ),
                ResolutionSpec(
                    "request",
                    "That re-referrals to children's social care be reported by the "
                    "source of the referral.",
                    ["re-referrals"],
                    [
                        ActionSpec(
                            "Re-referrals within 12 months, by source of referral.",
                            None,
                            "in_progress",
                            updates=["Data extracted; analysis under way."],
                            indicators=["re-referrals"],
                        )
                    ],
                ),
                ResolutionSpec(
                    "decision",
                    "That the committee's work programme include a session on "
                    "children missing education.",
                ),
            ],
        ),
    ],
]

# Meeting dates, in days from the day the demo is first loaded: two years of
# meetings, roughly every three months, two still to come. The meeting held
# at -518 is the one that was cancelled.
OFFSETS = [-700, -609, -518, -427, -336, -245, -154, -63, 28, 119]
CANCELLED = -518


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
        for item_spec in items:
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
                    indicators=[
                        indicators[c] for c in spec.indicators if c in indicators
                    ],
                )
                for a in spec.actions:
                    _action(
                        resolution, a, meeting, later, clerk, officer, indicators, today
                    )
    # The next meeting will take the report on the latest quarter out.
    upcoming = [m for m in meetings if m.status == Meeting.Status.SCHEDULED]
    if upcoming:
        services.agenda_item_create(
            user=clerk,
            meeting=upcoming[0],
            title="Quarterly performance report",
            period=quarters[-1],
        )


def _action(
    resolution: Any,
    spec: ActionSpec,
    meeting: Meeting,
    later: list[Meeting],
    clerk: Any,
    officer: Any,
    indicators: dict[str, Indicator],
    today: datetime.date,
) -> None:
    if spec.due_days is not None:
        due_meeting, due_date = None, today + datetime.timedelta(days=spec.due_days)
    else:
        due_meeting = later[min(spec.due_meetings_later, len(later)) - 1]
        due_date = None
    lead = (
        {"lead_officer": officer}
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
        indicators=[indicators[c] for c in spec.indicators if c in indicators],
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
