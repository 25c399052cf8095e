"""The committees' and meetings' pages: the list of committees, a
committee's meetings and outstanding actions, a meeting's items with their
resolutions and actions, and the links other apps give an item."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from committees.models import Action, AgendaItem, Committee, Meeting, Resolution
from committees.selectors.actions import (
    StatusCounts,
    action_rows,
    indicators_with_rag,
    status_counts,
)


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
            action_rows(actions.outstanding()).order_by(
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
    actions = action_rows(Action.objects.all()).order_by("municipal_year", "sequence")
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
        action_rows(Action.objects.filter(due_meeting=meeting)).order_by(
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
