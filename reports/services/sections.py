"""An officer's edit of a report's standing sections: purpose, background,
conclusion, equality and human rights implications, background papers and
officers to contact (reports.models.STANDING_SECTIONS)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from indicators.permissions import EDIT_REPORTS
from reports.models import STANDING_SECTIONS, Report
from reports.services.common import (
    MAX_PARAGRAPH_LENGTH,
    refuse_if_final,
    require_role,
)


@transaction.atomic
def report_standing_sections_edit(
    *, user: Any, report: Report, texts: dict[str, str]
) -> Report:
    """Replace the report's standing sections with the texts given (a
    section left out keeps its text; an empty one is cleared). Refused on a
    final report, and for text longer than a paragraph may be. The report's
    history records who changed them."""
    require_role(user, EDIT_REPORTS)
    unknown = set(texts) - {name for name, _ in STANDING_SECTIONS}
    if unknown:
        raise ValueError(f"not a standing section: {', '.join(sorted(unknown))}")
    too_long = {
        name: [f"Keep it to {MAX_PARAGRAPH_LENGTH:,} characters or fewer."]
        for name, text in texts.items()
        if len(text.strip()) > MAX_PARAGRAPH_LENGTH
    }
    if too_long:
        raise ValidationError(too_long)
    report = Report.objects.select_for_update().get(pk=report.pk)
    refuse_if_final(report)
    for name, text in texts.items():
        setattr(report, name, text.strip())
    report._history_user = user  # type: ignore[attr-defined]
    report._change_reason = "page: edit the standing sections"  # type: ignore[attr-defined]
    report.save(update_fields=list(texts))
    return report
