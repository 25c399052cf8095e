"""Writes for the report: draft, regenerate, edit, revert, finalise, reopen.

Callers use this package's names; the modules split them by step: common
(the checks every write makes), drafting (a new report, the
link to its committee, a typed committee's address), regenerating (every
paragraph redrafted, edits kept and flagged), paragraphs (an officer's edit
and its reversal), sections (the standing sections) and status (finalise and reopen)."""

from __future__ import annotations

from reports.services.common import MAX_PARAGRAPH_LENGTH
from reports.services.drafting import (
    new_report_group,
    report_draft,
    typed_committee_slug,
)
from reports.services.paragraphs import paragraph_edit, paragraph_revert
from reports.services.regenerating import Regenerated, report_regenerate
from reports.services.sections import report_standing_sections_edit
from reports.services.status import (
    report_finalise,
    report_gaps,
    report_needs_review,
    report_reopen,
)

__all__ = [
    "new_report_group",
    "MAX_PARAGRAPH_LENGTH",
    "Regenerated",
    "paragraph_edit",
    "paragraph_revert",
    "report_draft",
    "report_finalise",
    "report_gaps",
    "report_needs_review",
    "report_regenerate",
    "report_reopen",
    "report_standing_sections_edit",
    "typed_committee_slug",
]
