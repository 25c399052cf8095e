"""Writes for committees. Callers use this package's names; the modules
split them by concern: common (who may write, saving with history, a
repeated submission), minutes (meetings, items, resolutions), actions
(actions, their updates, closing and reopening) and reminders (lead
officers' reminders, clerks' digests)."""

from __future__ import annotations

from committees.services.actions import (
    REOPEN_STATUSES,
    UPDATE_STATUSES,
    action_close,
    action_create,
    action_reopen,
    action_update,
    action_update_add,
)
from committees.services.common import (
    REPEAT_WINDOW,
    AlreadySaved,
    can_minute,
    can_update_action,
)
from committees.services.follows import (
    can_choose_follows,
    comparator_group_choose,
    indicator_follow,
    indicator_unfollow,
)
from committees.services.minutes import (
    agenda_item_create,
    agenda_item_update,
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
    "can_choose_follows",
    "can_minute",
    "can_update_action",
    "comparator_group_choose",
    "indicator_follow",
    "indicator_unfollow",
    "meeting_create",
    "meeting_digests_send",
    "meeting_update",
    "next_item_number",
    "next_letter",
    "resolution_create",
    "resolution_update",
]
