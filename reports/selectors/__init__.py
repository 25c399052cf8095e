"""The reads behind the report: the facts of each indicator in a committee's
remit (published figures only, from the dashboard's own selector), the
drafted paragraphs, report pages and what changed since the last meeting.

Callers use this package's names; the modules split them by page: facts
(the dashboard's rows as wording facts, the chart series), drafts (every
paragraph as the rules would write it), pages (the report pages and the
agenda's links), actions (the committee's open actions and earlier
resolutions on the report's indicators) and changes (what changed since the
last meeting)."""

from __future__ import annotations

from reports.selectors.actions import (
    EARLIER_RESOLUTIONS,
    ReportActions,
    report_actions,
    report_indicator_ids,
)
from reports.selectors.changes import (
    Change,
    Changes,
    changes_since_last_meeting,
    previous_meeting_period,
)
from reports.selectors.drafts import OVERVIEW, DraftParagraph, report_drafts
from reports.selectors.facts import (
    SERIES_LENGTH,
    covered_indicators,
    facts_for,
    report_rows,
    report_series,
)
from reports.selectors.pages import (
    Section,
    appendix_rows,
    committee_reports,
    glossary,
    latest_committee_report,
    meeting_item_links,
    period_for_slug,
    report_for_page,
    report_list,
    sections,
)
from reports.selectors.position import Comparisons, report_comparisons

__all__ = [
    "EARLIER_RESOLUTIONS",
    "OVERVIEW",
    "ReportActions",
    "SERIES_LENGTH",
    "Change",
    "Comparisons",
    "Changes",
    "DraftParagraph",
    "Section",
    "appendix_rows",
    "changes_since_last_meeting",
    "covered_indicators",
    "committee_reports",
    "glossary",
    "facts_for",
    "latest_committee_report",
    "meeting_item_links",
    "period_for_slug",
    "previous_meeting_period",
    "report_actions",
    "report_comparisons",
    "report_indicator_ids",
    "report_drafts",
    "report_for_page",
    "report_list",
    "report_rows",
    "report_series",
    "sections",
]
