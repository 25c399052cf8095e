"""The reads behind the committees' pages, each deciding its query shape so
that tables, templates and template tags never query.

Callers use this package's names; the modules split them by subject:
actions (the tracker's rows, counts by status, the lead filter, one
action's page), meetings (the committees, a committee's page, a meeting's
page and the links other apps give its items), indicator_actions (what the
committees asked about each indicator) and reminders (reminder emails that
have not got through)."""

from __future__ import annotations

from committees.selectors.actions import (
    NAMED_LEAD,
    ActionPage,
    StatusCounts,
    action_page,
    indicators_with_rag,
    lead_choices,
    status_counts,
    tracker_actions,
)
from committees.selectors.follows import (
    Preview,
    catalogue_indicators,
    committee_for_follows,
    followed_ids,
    preview,
)
from committees.selectors.indicator_actions import (
    RECENT_RESOLUTIONS,
    IndicatorActions,
    actions_for_indicators,
)
from committees.selectors.meetings import (
    ITEM_LINKERS,
    CommitteePage,
    ItemLinker,
    MeetingPage,
    committee_list,
    committee_page,
    item_links,
    meeting_page,
)
from committees.selectors.reminders import (
    Undelivered,
    undelivered_count,
    undelivered_reminders,
)

__all__ = [
    "ITEM_LINKERS",
    "NAMED_LEAD",
    "RECENT_RESOLUTIONS",
    "ActionPage",
    "CommitteePage",
    "IndicatorActions",
    "ItemLinker",
    "MeetingPage",
    "Preview",
    "StatusCounts",
    "Undelivered",
    "action_page",
    "actions_for_indicators",
    "catalogue_indicators",
    "committee_for_follows",
    "committee_list",
    "committee_page",
    "followed_ids",
    "indicators_with_rag",
    "item_links",
    "lead_choices",
    "meeting_page",
    "preview",
    "status_counts",
    "tracker_actions",
    "undelivered_count",
    "undelivered_reminders",
]
