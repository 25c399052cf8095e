"""Writes to actions: create and change them (the clerk's), record an
update or the answer (the clerk's, or the action's own lead officer's),
close and reopen them. Each is keyword-only, typed and atomic; the
permission rule for writes that are not the clerk's alone is checked here
as well as in the view."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from committees import rules
from committees.models import Action, ActionUpdate, Committee, Meeting, Resolution
from committees.services.common import (
    AlreadySaved,
    can_minute,
    can_update_action,
    repeat_window_start,
    require_clerk,
    save_with_history,
)
from indicators.models import Indicator
from indicators.services.common import history_stamp


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


class ActionLead(TypedDict, total=False):
    """Who leads an action and when it is due: what the clerk sets on
    creating an action and on changing it."""

    lead_officer: Any
    lead_name: str
    lead_email: str
    due_date: datetime.date | None
    due_meeting: Meeting | None


def _lead_and_due(fields: ActionLead) -> dict[str, Any]:
    """An action's lead is an officer with an account or a name and address,
    never both; an action due to a meeting is due on the meeting's date."""
    officer = fields.get("lead_officer")
    due_meeting = fields.get("due_meeting")
    return {
        "lead_officer": officer,
        "lead_name": "" if officer else fields.get("lead_name", ""),
        "lead_email": "" if officer else fields.get("lead_email", ""),
        "due_date": _due(fields.get("due_date"), due_meeting),
        "due_meeting": due_meeting,
    }


@transaction.atomic
def action_create(
    *,
    user: Any,
    resolution: Resolution,
    description: str,
    indicators: Iterable[Indicator] = (),
    **fields: Unpack[ActionLead],
) -> Action:
    """Create an action from a resolution, with the next reference for the
    committee and the municipal year of the meeting that resolved it. Reads
    resolution.item.meeting.committee."""
    require_clerk(user)
    meeting = resolution.item.meeting
    committee = meeting.committee
    year = rules.municipal_year(meeting.date)
    sequence = _allocate(committee, year)  # locks the committee until commit
    lead_and_due = _lead_and_due(fields)
    same = (
        Action.objects.filter(
            resolution=resolution,
            description=description,
            lead_officer=lead_and_due["lead_officer"],
            lead_name=lead_and_due["lead_name"],
            due_date=lead_and_due["due_date"],
            due_meeting=lead_and_due["due_meeting"],
            created_by=user,
            created_at__gte=repeat_window_start(),
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
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **lead_and_due,
    )
    save_with_history(action, user, "action created")
    action.indicators.set(list(indicators))
    return action


@transaction.atomic
def action_update(
    *,
    user: Any,
    action: Action,
    description: str,
    indicators: Iterable[Indicator] | None = None,
    **fields: Unpack[ActionLead],
) -> Action:
    """Change an action's description, lead, due date or indicators (its
    reference never changes)."""
    require_clerk(user)
    action.description = description
    for name, value in _lead_and_due(fields).items():
        setattr(action, name, value)
    save_with_history(action, user, "action changed")
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
        date=date, text=text, author=user, created_at__gte=repeat_window_start()
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
    save_with_history(update, user, "update recorded")
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
    require_clerk(user)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for closing the action."})
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status == Action.Status.CLOSED:
        return action  # closed already (a second click): one closing entry
    return _set_status(
        action, user, Action.Status.CLOSED, reason, f"Closed: {reason}", date
    )


@transaction.atomic
def action_reopen(
    *, user: Any, action: Action, reason: str, date: datetime.date | None = None
) -> Action:
    """Reopen a closed action (the committee still wants it), with the
    reason, logged as an update that sets it open again. An action that is
    not closed is left as it is (a second click changes nothing)."""
    require_clerk(user)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for reopening the action."})
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status != Action.Status.CLOSED:
        return action
    return _set_status(
        action, user, Action.Status.OPEN, "", f"Reopened: {reason}", date
    )


def _set_status(
    action: Action,
    user: Any,
    status: str,
    closed_reason: str,
    text: str,
    date: datetime.date | None,
) -> Action:
    """Close or reopen an action: its status and reason, one history entry,
    and the dated update that says why."""
    action.status = status
    action.closed_reason = closed_reason
    history_stamp(
        action, user, "closed" if status == Action.Status.CLOSED else "reopened"
    )
    action.save(update_fields=["status", "closed_reason"])
    ActionUpdate.objects.create(
        action=action,
        date=date or timezone.localdate(),
        text=text,
        author=user if getattr(user, "is_authenticated", False) else None,
        status=status,
    )
    return action
