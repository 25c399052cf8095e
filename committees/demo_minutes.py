"""The committees' demo minutes: what the demo committee resolved at each
of its held meetings, and the actions it asked for, as plain specifications
that committees.demo writes through the services.

The wording is written for the demo, modelled on the kind of thing such
committees resolve; it quotes no real minutes. No Django here."""

from __future__ import annotations

from dataclasses import dataclass, field

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
