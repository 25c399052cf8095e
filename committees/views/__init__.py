"""Committees' pages. Reads are for every role; writes are the clerk's,
except that a lead officer may record an update on their own action."""

from __future__ import annotations

from committees.views.actions import (
    action_close,
    action_create,
    action_edit,
    action_reopen,
    action_update,
)
from committees.views.follows import (
    CommitteeDashboardView,
    committee_catalogue,
    committee_comparator,
    committee_follow,
    committee_position,
)
from committees.views.minutes import (
    item_create,
    item_edit,
    meeting_create,
    meeting_edit,
    resolution_create,
    resolution_edit,
)
from committees.views.pages import (
    ActionTrackerView,
    action_detail,
    action_print,
    committee_detail,
    committee_list,
    meeting_detail,
)
from committees.views.reminders import reminders_undelivered

__all__ = [
    "ActionTrackerView",
    "CommitteeDashboardView",
    "action_close",
    "action_create",
    "action_detail",
    "action_edit",
    "action_print",
    "action_reopen",
    "action_update",
    "committee_catalogue",
    "committee_comparator",
    "committee_detail",
    "committee_follow",
    "committee_position",
    "committee_list",
    "item_create",
    "item_edit",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "reminders_undelivered",
    "resolution_create",
    "resolution_edit",
]
