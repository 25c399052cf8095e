"""The clerk's writes: meetings, items, resolutions, actions and their
updates. Each is keyword-only, typed and atomic; the permission rule for
writes that are not the clerk's alone is checked here as well as in the
view. django-simple-history records who changed what (the request's user
through its middleware; `_stamp` where there is no request)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from committees import rules
from committees.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Committee,
    Meeting,
    Resolution,
)
from indicators.models import Indicator, Period
from indicators.permissions import MINUTE_MEETINGS, READ, has_role
from indicators.services.common import history_stamp


def _save(instance: Any, user: Any, reason: str) -> None:
    instance.full_clean()
    history_stamp(instance, user, reason)
    instance.save()


def can_minute(user: Any) -> bool:
    """Clerks (and superusers) write meetings, items, resolutions and actions."""
    return has_role(user, MINUTE_MEETINGS)


def can_update_action(user: Any, action: Action) -> bool:
    """Clerks may record an update on any action; a lead officer on their own."""
    if can_minute(user):
        return True
    return (
        has_role(user, READ)
        and action.lead_officer_id is not None
        and action.lead_officer_id == user.pk
    )


def _require_clerk(user: Any) -> None:
    if not can_minute(user):
        raise PermissionDenied("Only clerks may change the minutes.")


class AlreadySaved(Exception):  # noqa: N818 (it is an outcome, not a failure)
    """The same record was saved a moment ago, most likely by a second click
    on the same button (or a resubmitted form): the caller shows the one
    saved instead of making a second copy or answering with an error."""

    def __init__(self, instance: Any) -> None:
        super().__init__(f"{instance} was already saved")
        self.instance = instance


# A second identical action or update within this time of the first is a
# repeat of the same submission, not a new one.
REPEAT_WINDOW = datetime.timedelta(minutes=10)


def _recent() -> datetime.datetime:
    return timezone.now() - REPEAT_WINDOW


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
    _require_clerk(user)
    # Serialise per committee: a double click waits here, then finds the
    # first click's meeting.
    Committee.objects.select_for_update().filter(pk=committee.pk).first()
    same = committee.meetings.filter(date=date, time=time).first()
    if same is not None:
        raise AlreadySaved(same)
    meeting = Meeting(
        committee=committee, date=date, time=time, venue=venue, status=status
    )
    _save(meeting, user, "meeting created")
    return meeting


@transaction.atomic
def meeting_update(*, user: Any, meeting: Meeting, **fields: Any) -> Meeting:
    """Change a meeting. When it moves, the actions due to it move with it
    (the meeting sets their due date)."""
    _require_clerk(user)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for name, value in fields.items():
        setattr(meeting, name, value)
    _save(meeting, user, "meeting changed")
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
    _require_clerk(user)
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
    _save(item, user, "agenda item created")
    return item


@transaction.atomic
def agenda_item_update(*, user: Any, item: AgendaItem, **fields: Any) -> AgendaItem:
    """Change an agenda item's number, title, period or documents."""
    _require_clerk(user)
    for name, value in fields.items():
        setattr(item, name, value)
    _save(item, user, "agenda item changed")
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
    _require_clerk(user)
    AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
    if letter:
        same = item.resolutions.filter(letter=letter, text=text, kind=kind).first()
        if same is not None:
            raise AlreadySaved(same)
    resolution = Resolution(
        item=item, letter=letter or next_letter(item), text=text, kind=kind
    )
    _save(resolution, user, "resolution created")
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
    _require_clerk(user)
    for name, value in fields.items():
        setattr(resolution, name, value)
    _save(resolution, user, "resolution changed")
    if indicators is not None:
        resolution.indicators.set(list(indicators))
    return resolution


# --- Actions -----------------------------------------------------------------------


def _allocate(committee: Committee, year: int) -> int:
    """The next sequence for a committee's municipal year. The committee's
    row is locked until the transaction ends, so two clerks creating actions
    at once queue here rather than both taking the same number; the unique
    constraint on (committee, year, sequence) is the backstop."""
    Committee.objects.select_for_update().filter(pk=committee.pk).first()
    last = Action.objects.filter(committee=committee, municipal_year=year).aggregate(
        last=Max("sequence")
    )["last"]
    return (last or 0) + 1


def _due(due_date: datetime.date | None, due_meeting: Meeting | None) -> datetime.date:
    if due_meeting is not None:
        return due_meeting.date
    if due_date is None:
        raise ValidationError(
            {"due_date": "Give a due date or the meeting it is due to."}
        )
    return due_date


@transaction.atomic
def action_create(
    *,
    user: Any,
    resolution: Resolution,
    description: str,
    lead_officer: Any = None,
    lead_name: str = "",
    lead_email: str = "",
    due_date: datetime.date | None = None,
    due_meeting: Meeting | None = None,
    indicators: Iterable[Indicator] = (),
) -> Action:
    """Create an action from a resolution, with the next reference for the
    committee and the municipal year of the meeting that resolved it. Reads
    resolution.item.meeting.committee."""
    _require_clerk(user)
    meeting = resolution.item.meeting
    committee = meeting.committee
    year = rules.municipal_year(meeting.date)
    sequence = _allocate(committee, year)  # locks the committee until commit
    same = (
        Action.objects.filter(
            resolution=resolution,
            description=description,
            lead_officer=lead_officer,
            lead_name="" if lead_officer else lead_name,
            due_date=_due(due_date, due_meeting),
            due_meeting=due_meeting,
            created_by=user,
            created_at__gte=_recent(),
        )
        .order_by("-created_at")
        .first()
    )
    if same is not None:
        raise AlreadySaved(same)
    action = Action(
        committee=committee,
        municipal_year=year,
        sequence=sequence,
        reference=rules.action_reference(committee.code, year, sequence),
        resolution=resolution,
        description=description,
        lead_officer=lead_officer,
        lead_name="" if lead_officer else lead_name,
        lead_email="" if lead_officer else lead_email,
        due_date=_due(due_date, due_meeting),
        due_meeting=due_meeting,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _save(action, user, "action created")
    action.indicators.set(list(indicators))
    return action


@transaction.atomic
def action_update(
    *,
    user: Any,
    action: Action,
    description: str,
    lead_officer: Any = None,
    lead_name: str = "",
    lead_email: str = "",
    due_date: datetime.date | None = None,
    due_meeting: Meeting | None = None,
    indicators: Iterable[Indicator] | None = None,
) -> Action:
    """Change an action's description, lead, due date or indicators (its
    reference never changes)."""
    _require_clerk(user)
    action.description = description
    action.lead_officer = lead_officer
    action.lead_name = "" if lead_officer else lead_name
    action.lead_email = "" if lead_officer else lead_email
    action.due_meeting = due_meeting
    action.due_date = _due(due_date, due_meeting)
    _save(action, user, "action changed")
    if indicators is not None:
        action.indicators.set(list(indicators))
    return action


# Statuses an update may move an action to, and who may choose them.
UPDATE_STATUSES = (Action.Status.IN_PROGRESS, Action.Status.ANSWERED)
REOPEN_STATUSES = (Action.Status.OPEN,)


@transaction.atomic
def action_update_add(
    *,
    user: Any,
    action: Action,
    text: str,
    date: datetime.date | None = None,
    status: str = "",
) -> ActionUpdate:
    """Log a dated update on an action, or its answer (status `answered`).
    Clerks may also reopen an action; lead officers may update their own."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if not can_update_action(user, action):
        raise PermissionDenied(
            "Only clerks and the action's lead officer may update it."
        )
    allowed = UPDATE_STATUSES + (REOPEN_STATUSES if can_minute(user) else ())
    if status and status not in allowed:
        raise ValidationError({"status": "Choose a status from the list."})
    if action.status == Action.Status.CLOSED and not can_minute(user):
        raise ValidationError("This action is closed: ask the clerk to reopen it.")
    today = timezone.localdate()
    date = date or today
    if date > today:
        raise ValidationError(
            {"date": "The date of an update cannot be in the future."}
        )
    same = action.updates.filter(
        date=date, text=text, author=user, created_at__gte=_recent()
    ).first()
    if same is not None:
        raise AlreadySaved(same)
    update = ActionUpdate(
        action=action,
        date=date,
        text=text,
        author=user,
        status=status if status and status != action.status else "",
    )
    _save(update, user, "update recorded")
    if update.status:
        action.status = status
        if status != Action.Status.CLOSED:
            action.closed_reason = ""
        history_stamp(
            action, user, f"status set to {action.get_status_display().lower()}"
        )
        action.save(update_fields=["status", "closed_reason"])
    return update


@transaction.atomic
def action_close(
    *, user: Any, action: Action, reason: str, date: datetime.date | None = None
) -> Action:
    """Close an action: monitoring no longer required, with the reason (and
    a closing entry in its log, dated today unless given)."""
    _require_clerk(user)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for closing the action."})
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status == Action.Status.CLOSED:
        return action  # closed already (a second click): one closing entry
    action.status = Action.Status.CLOSED
    action.closed_reason = reason
    history_stamp(action, user, "closed")
    action.save(update_fields=["status", "closed_reason"])
    ActionUpdate.objects.create(
        action=action,
        date=date or timezone.localdate(),
        text=f"Closed: {reason}",
        author=user if getattr(user, "is_authenticated", False) else None,
        status=Action.Status.CLOSED,
    )
    return action


@transaction.atomic
def action_reopen(
    *, user: Any, action: Action, reason: str, date: datetime.date | None = None
) -> Action:
    """Reopen a closed action (the committee still wants it), with the
    reason, logged as an update that sets it open again. An action that is
    not closed is left as it is (a second click changes nothing)."""
    _require_clerk(user)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for reopening the action."})
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status != Action.Status.CLOSED:
        return action
    action.status = Action.Status.OPEN
    action.closed_reason = ""
    history_stamp(action, user, "reopened")
    action.save(update_fields=["status", "closed_reason"])
    ActionUpdate.objects.create(
        action=action,
        date=date or timezone.localdate(),
        text=f"Reopened: {reason}",
        author=user if getattr(user, "is_authenticated", False) else None,
        status=Action.Status.OPEN,
    )
    return action
