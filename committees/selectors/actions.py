"""The action tracker's reads: every action row with what it shows
(committee, lead, due meeting, indicators with their RAG, last update,
overdue), counts by status, the lead filter's choices and one action's
page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from committees import rules
from committees.models import Action, ActionQuerySet, ActionUpdate
from indicators.models import Indicator, Observation


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


def action_rows(queryset: ActionQuerySet) -> ActionQuerySet:
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
    return action_rows(Action.objects.all()).order_by(
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


@dataclass
class ActionPage:
    action: Action
    updates: list[ActionUpdate]
    history: list[Any]


def action_page(pk: int) -> ActionPage | None:
    """One action with its resolution, lead, indicators (with RAG), its log
    of updates and its audit trail (who changed what, when)."""
    action = (
        action_rows(Action.objects.filter(pk=pk))
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
