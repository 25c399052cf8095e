"""Writes for committees. Callers use this package's names; the modules
split them by concern: minutes (meetings, items, resolutions, actions and
their updates) and reminders (lead officers' reminders, clerks' digests)."""

from __future__ import annotations

from committees.services.minutes import (
    REOPEN_STATUSES,
    REPEAT_WINDOW,
    UPDATE_STATUSES,
    AlreadySaved,
    action_close,
    action_create,
    action_reopen,
    action_update,
    action_update_add,
    agenda_item_create,
    agenda_item_update,
    can_minute,
    can_update_action,
    meeting_create,
    meeting_update,
    next_item_number,
    next_letter,
    resolution_create,
    resolution_update,
)
from committees.services.reminders import (
    CATCH_UP_DAYS,
    DIGEST_DAYS_BEFORE,
    REMINDER_DAYS_BEFORE,
    action_reminders_send,
    actions_due_to,
    meeting_digests_send,
)

__all__ = [
    "REPEAT_WINDOW",
    "AlreadySaved",
    "CATCH_UP_DAYS",
    "DIGEST_DAYS_BEFORE",
    "REMINDER_DAYS_BEFORE",
    "REOPEN_STATUSES",
    "UPDATE_STATUSES",
    "action_close",
    "action_create",
    "action_reminders_send",
    "action_reopen",
    "action_update",
    "action_update_add",
    "actions_due_to",
    "agenda_item_create",
    "agenda_item_update",
    "can_minute",
    "can_update_action",
    "meeting_create",
    "meeting_digests_send",
    "meeting_update",
    "next_item_number",
    "next_letter",
    "resolution_create",
    "resolution_update",
]
