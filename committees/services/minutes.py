"""The clerk's writes to the minutes: meetings, agenda items and
resolutions. Each is keyword-only, typed and atomic, and checks that the
user is a clerk (committees.services.common)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max

from committees import rules
from committees.models import Action, AgendaItem, Committee, Meeting, Resolution
from committees.services.common import AlreadySaved, require_clerk, save_with_history
from indicators.models import Indicator, Period
from indicators.services.common import history_stamp

# --- Meetings and items ------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    user: Any,
    committee: Committee,
    date: datetime.date,
    time: datetime.time | None = None,
    venue: str = "",
    status: str = Meeting.Status.SCHEDULED,
) -> Meeting:
    """Add a meeting to a committee's calendar."""
    require_clerk(user)
    # Serialise per committee: a double click waits here, then finds the
    # first click's meeting.
    Committee.objects.select_for_update().filter(pk=committee.pk).first()
    same = committee.meetings.filter(date=date, time=time).first()
    if same is not None:
        raise AlreadySaved(same)
    meeting = Meeting(
        committee=committee, date=date, time=time, venue=venue, status=status
    )
    save_with_history(meeting, user, "meeting created")
    return meeting


@transaction.atomic
def meeting_update(*, user: Any, meeting: Meeting, **fields: Any) -> Meeting:
    """Change a meeting. When it moves, the actions due to it move with it
    (the meeting sets their due date)."""
    require_clerk(user)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for name, value in fields.items():
        setattr(meeting, name, value)
    save_with_history(meeting, user, "meeting changed")
    for action in Action.objects.filter(due_meeting=meeting).exclude(
        due_date=meeting.date
    ):
        action.due_date = meeting.date
        history_stamp(action, user, "due meeting moved")
        action.save(update_fields=["due_date"])
    return meeting


def next_item_number(meeting: Meeting) -> int:
    """The number after the meeting's last agenda item."""
    last = meeting.items.aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


@transaction.atomic
def agenda_item_create(
    *,
    user: Any,
    meeting: Meeting,
    title: str,
    number: int | None = None,
    period: Period | None = None,
    document_url: str = "",
) -> AgendaItem:
    """Add an item to a meeting's agenda (numbered next unless given)."""
    require_clerk(user)
    # Serialise numbering per meeting; the unique constraint is the backstop.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if number is not None:
        same = meeting.items.filter(
            number=number, title=title, period=period, document_url=document_url
        ).first()
        if same is not None:
            raise AlreadySaved(same)
    item = AgendaItem(
        meeting=meeting,
        number=number or next_item_number(meeting),
        title=title,
        period=period,
        document_url=document_url,
    )
    save_with_history(item, user, "agenda item created")
    return item


@transaction.atomic
def agenda_item_update(*, user: Any, item: AgendaItem, **fields: Any) -> AgendaItem:
    """Change an agenda item's number, title, period or documents."""
    require_clerk(user)
    for name, value in fields.items():
        setattr(item, name, value)
    save_with_history(item, user, "agenda item changed")
    return item


# --- Resolutions -------------------------------------------------------------------


def next_letter(item: AgendaItem) -> str:
    """The letter the item's next resolution takes: (c) after (b)."""
    return rules.next_letter(list(item.resolutions.values_list("letter", flat=True)))


@transaction.atomic
def resolution_create(
    *,
    user: Any,
    item: AgendaItem,
    text: str,
    kind: str,
    letter: str = "",
    indicators: Iterable[Indicator] = (),
) -> Resolution:
    """Minute a resolution under an item, lettered next unless a letter is
    given."""
    require_clerk(user)
    AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
    if letter:
        same = item.resolutions.filter(letter=letter, text=text, kind=kind).first()
        if same is not None:
            raise AlreadySaved(same)
    resolution = Resolution(
        item=item, letter=letter or next_letter(item), text=text, kind=kind
    )
    save_with_history(resolution, user, "resolution created")
    resolution.indicators.set(list(indicators))
    return resolution


@transaction.atomic
def resolution_update(
    *,
    user: Any,
    resolution: Resolution,
    indicators: Iterable[Indicator] | None = None,
    **fields: Any,
) -> Resolution:
    """Change a resolution's letter, text, kind or linked indicators."""
    require_clerk(user)
    for name, value in fields.items():
        setattr(resolution, name, value)
    save_with_history(resolution, user, "resolution changed")
    if indicators is not None:
        resolution.indicators.set(list(indicators))
    return resolution
