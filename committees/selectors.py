"""The reads behind the committees' pages, each deciding its query shape so
that tables, templates and template tags never query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from committees import rules
from committees.models import (
    Action,
    ActionQuerySet,
    ActionReminder,
    ActionUpdate,
    AgendaItem,
    Committee,
    Meeting,
    MeetingDigest,
    Resolution,
)
from indicators import mail
from indicators.models import FigureReminder, Indicator, Observation
from indicators.permissions import MINUTE_MEETINGS, PUBLISH, has_role

# How many recent resolutions the indicator page lists.
RECENT_RESOLUTIONS = 3


def indicators_with_rag() -> QuerySet[Indicator]:
    """Indicators annotated with `latest_rag`: the RAG of the home
    authority's latest published figure (a correlated subquery, so prefetching
    this costs one query however many indicators there are)."""
    latest = (
        Observation.objects.filter(
            indicator=OuterRef("pk"), area__code=settings.SCRUTINEER_HOME_AREA
        )
        .order_by("-period__end", "-period__start")
        .values("rating__rag")[:1]
    )
    return (
        Indicator.objects.annotate(latest_rag=Subquery(latest))
        .only("id", "code", "name")
        .order_by("name")
    )


def _action_rows(queryset: ActionQuerySet) -> ActionQuerySet:
    """Everything an action row shows: committee, lead, due meeting, the
    meeting that resolved it, its indicators with their RAG, its last update
    and whether it is overdue. Queries: one for the rows, one for indicators."""
    last_update = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by(
        "-date", "-created_at"
    )
    return (
        queryset.with_overdue()
        .select_related(
            "committee",
            "lead_officer",
            "due_meeting",
            "resolution__item__meeting",
        )
        .annotate(
            last_update_date=Subquery(last_update.values("date")[:1]),
            last_update_text=Subquery(last_update.values("text")[:1]),
        )
        .prefetch_related(Prefetch("indicators", queryset=indicators_with_rag()))
    )


def tracker_actions() -> ActionQuerySet:
    """The action tracker's rows: overdue first, then by due date, then by
    reference. Queries: the rows, plus one for their indicators."""
    return _action_rows(Action.objects.all()).order_by(
        F("is_overdue").desc(), "due_date", "municipal_year", "sequence"
    )


@dataclass
class StatusCounts:
    """How many actions are in each status, and how many are overdue."""

    open: int = 0
    in_progress: int = 0
    answered: int = 0
    closed: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.open + self.in_progress + self.answered + self.closed

    def rows(self) -> list[tuple[str, str, int]]:
        """(status value, label, count) in the tracker's order."""
        return [
            ("overdue", "Overdue", self.overdue),
            *[
                (value, str(label), getattr(self, value))
                for value, label in Action.Status.choices
            ],
        ]


def status_counts(queryset: QuerySet[Action]) -> StatusCounts:
    """Counts by status and overdue, in one query."""
    today = timezone.localdate()
    totals = queryset.order_by().aggregate(
        **{
            value: Count("pk", filter=Q(status=value)) for value in Action.Status.values
        },
        overdue=Count("pk", filter=Q(status__in=rules.OUTSTANDING, due_date__lt=today)),
    )
    return StatusCounts(**totals)


# A named lead's value in the tracker's lead filter starts with this, so
# that it can never be read as a user's id.
NAMED_LEAD = "name:"


def lead_choices() -> list[tuple[str, str]]:
    """Everyone who leads at least one action, for the tracker's filter:
    staff with accounts (value: the user's id, label: name and username)
    and officers named without an account (value: NAMED_LEAD and the name,
    label: the name as the clerk gave it), in one list by label. One query."""
    rows = (
        Action.objects.order_by()
        .values_list(
            "lead_officer_id",
            "lead_officer__first_name",
            "lead_officer__last_name",
            "lead_officer__username",
            "lead_name",
        )
        .distinct()
    )
    choices: dict[str, str] = {}
    for user_id, first, last, username, name in rows:
        if user_id is not None:
            full = f"{first} {last}".strip()
            choices[str(user_id)] = f"{full} ({username})" if full else username
        elif name:
            choices[f"{NAMED_LEAD}{name}"] = name
    return sorted(choices.items(), key=lambda c: (c[1].casefold(), c[0]))


# --- Committees and meetings ----------------------------------------------------------


def committee_list() -> QuerySet[Committee]:
    """Every committee with its next meeting and counts of its outstanding
    and overdue actions, in one query."""
    today = timezone.localdate()
    next_meeting = Meeting.objects.filter(
        committee=OuterRef("pk"),
        date__gte=today,
        status=Meeting.Status.SCHEDULED,
    ).order_by("date", "time")
    outstanding = (
        Action.objects.outstanding()
        .filter(committee=OuterRef("pk"))
        .order_by()
        .values("committee")
    )
    return Committee.objects.annotate(
        next_meeting_date=Subquery(next_meeting.values("date")[:1]),
        outstanding_count=Subquery(outstanding.annotate(n=Count("pk")).values("n")[:1]),
        overdue_count=Subquery(
            outstanding.filter(due_date__lt=today)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
    ).order_by("name")


@dataclass
class CommitteePage:
    committee: Committee
    remit: list[Any]
    upcoming: list[Meeting]
    past: list[Meeting]
    outstanding: list[Action]
    counts: StatusCounts


def committee_page(slug: str) -> CommitteePage | None:
    """A committee's meetings (upcoming first, then the past, newest first)
    and its outstanding actions, overdue first. Queries: committee, remit,
    meetings, actions, their indicators, counts."""
    committee = Committee.objects.filter(slug=slug).first()
    if committee is None:
        return None
    today = timezone.localdate()
    meetings = list(
        committee.meetings.annotate(
            item_count=Count("items", distinct=True),
            resolution_count=Count("items__resolutions", distinct=True),
        ).order_by("date", "time")
    )
    actions = committee.actions.all()
    return CommitteePage(
        committee=committee,
        remit=list(committee.remit.all()),
        upcoming=[m for m in meetings if m.date >= today],
        past=[m for m in reversed(meetings) if m.date < today],
        outstanding=list(
            _action_rows(actions.outstanding()).order_by(
                F("is_overdue").desc(), "due_date", "municipal_year", "sequence"
            )
        ),
        counts=status_counts(actions),
    )


@dataclass
class MeetingPage:
    meeting: Meeting
    items: list[AgendaItem]
    due_here: list[Action] = field(default_factory=list)


def meeting_page(pk: int) -> MeetingPage | None:
    """A meeting's items with their resolutions, each resolution's linked
    indicators and the actions it created with their status now; and the
    actions due to this meeting. Queries: meeting, items, resolutions, their
    indicators, actions, their indicators, due actions, their indicators."""
    meeting = Meeting.objects.select_related("committee").filter(pk=pk).first()
    if meeting is None:
        return None
    actions = _action_rows(Action.objects.all()).order_by("municipal_year", "sequence")
    items = list(
        meeting.items.select_related("period").prefetch_related(
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.prefetch_related(
                    Prefetch("indicators", queryset=indicators_with_rag()),
                    Prefetch("actions", queryset=actions),
                ),
            )
        )
    )
    due_here = list(
        _action_rows(Action.objects.filter(due_meeting=meeting)).order_by(
            "municipal_year", "sequence"
        )
    )
    return MeetingPage(meeting=meeting, items=items, due_here=due_here)


# Links other apps give an agenda item: each function takes the meeting, its
# items and the user, and returns {item id: (link text, URL)} for the items
# it has something for. The reports app registers one (an item's period ->
# the committee's report for it) in its AppConfig.ready, so that this app
# never imports a higher one.
ItemLinker = Callable[[Meeting, list[AgendaItem], Any], dict[int, tuple[str, str]]]
ITEM_LINKERS: list[ItemLinker] = []


def item_links(page: MeetingPage, user: Any) -> None:
    """Give each of the page's items `links`, a list of (text, URL) from
    the registered linkers (one query per linker, whatever the items)."""
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for linker in ITEM_LINKERS:
        for item_id, link in linker(page.meeting, page.items, user).items():
            found[item_id].append(link)
    for item in page.items:
        item.links = found.get(item.pk, [])  # type: ignore[attr-defined]


@dataclass
class ActionPage:
    action: Action
    updates: list[ActionUpdate]
    history: list[Any]


def action_page(pk: int) -> ActionPage | None:
    """One action with its resolution, lead, indicators (with RAG), its log
    of updates and its audit trail (who changed what, when)."""
    action = (
        _action_rows(Action.objects.filter(pk=pk))
        .select_related("resolution__item__meeting__committee", "created_by")
        .first()
    )
    if action is None:
        return None
    updates = list(
        action.updates.select_related("author").order_by("-date", "-created_at")
    )
    history = list(
        action.history.select_related("history_user").order_by("-history_date")[:50]
    )
    return ActionPage(action=action, updates=updates, history=history)


# --- The loop to the data ---------------------------------------------------------------


@dataclass
class IndicatorActions:
    """What the committees asked about one indicator."""

    open_count: int = 0
    overdue_count: int = 0
    actions: list[Action] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)


def actions_for_indicators(
    indicator_ids: Iterable[int],
) -> dict[int, IndicatorActions]:
    """For each indicator: its outstanding actions (overdue first) and how
    many are overdue, and its most recent resolutions. Indicators with
    neither are left out. Queries: two, however many indicators."""
    ids = list(indicator_ids)
    result: dict[int, IndicatorActions] = defaultdict(IndicatorActions)
    if not ids:
        return {}
    today = timezone.localdate()
    links = (
        Action.indicators.through.objects.filter(
            indicator_id__in=ids, action__status__in=rules.OUTSTANDING
        )
        .select_related("action__committee", "action__lead_officer")
        .order_by("action__due_date", "action__municipal_year", "action__sequence")
    )
    for link in links:
        summary = result[link.indicator_id]
        summary.actions.append(link.action)
        summary.open_count += 1
        summary.overdue_count += int(link.action.due_date < today)
    for summary in result.values():
        summary.actions.sort(key=lambda a: not a.overdue)
    recent = (
        Resolution.indicators.through.objects.filter(indicator_id__in=ids)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("indicator_id")],
                order_by=[
                    F("resolution__item__meeting__date").desc(),
                    F("resolution__item__number").asc(),
                    F("resolution__letter").asc(),
                ],
            )
        )
        .filter(Q(position__lte=RECENT_RESOLUTIONS))
        .select_related("resolution__item__meeting__committee")
        .order_by(
            "indicator_id",
            "-resolution__item__meeting__date",
            "resolution__item__number",
            "resolution__letter",
        )
    )
    for mention in recent:
        result[mention.indicator_id].resolutions.append(mention.resolution)
    return dict(result)


# --- Reminders not delivered ------------------------------------------------------


@dataclass
class Undelivered:
    """Reminder emails that have not got through, as much as this user may
    see: committee reminders and digests for clerks, figure reminders for
    the performance team (superusers see both). None where not theirs."""

    actions: list[ActionReminder] | None = None
    digests: list[MeetingDigest] | None = None
    figures: list[FigureReminder] | None = None

    @property
    def count(self) -> int:
        return sum(
            len(rows or []) for rows in (self.actions, self.digests, self.figures)
        )


def _undelivered(user: Any) -> dict[str, Any]:
    """The querysets of refused (or interrupted) reminders this user may see,
    most recently tried first."""
    kinds: dict[str, Any] = {}
    if has_role(user, MINUTE_MEETINGS):
        kinds["actions"] = ActionReminder.objects.select_related("action__committee")
        kinds["digests"] = MeetingDigest.objects.select_related("meeting__committee")
    if has_role(user, PUBLISH):
        kinds["figures"] = FigureReminder.objects.select_related("indicator", "period")
    return {
        name: mail.undelivered(rows).order_by("-last_attempt_at", "-pk")
        for name, rows in kinds.items()
    }


def undelivered_reminders(user: Any) -> Undelivered:
    """What /reminders/ lists. Queries: one per kind the user may see."""
    return Undelivered(
        **{name: list(rows) for name, rows in _undelivered(user).items()}
    )


def undelivered_count(user: Any) -> int:
    """How many there are, for a notice elsewhere. Queries: one per kind the
    user may see (none for a councillor or officer)."""
    return sum(rows.count() for rows in _undelivered(user).values())
