"""Finalising a report for the committee, and reopening it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from indicators.permissions import FINALISE_REPORTS
from reports.models import Paragraph, Report
from reports.services.common import require_role


def report_gaps(report: Report) -> list[Paragraph]:
    """Reds without the service's commentary: they block finalising."""
    return [p for p in report.paragraphs.all() if p.is_gap]


def report_needs_review(report: Report) -> list[Paragraph]:
    """Edited paragraphs whose facts changed since the edit."""
    return [p for p in report.paragraphs.all() if p.facts_changed]


@transaction.atomic
def report_finalise(*, user: Any, report: Report) -> Report:
    """Make the report final for the committee: no gaps (a red without
    commentary) and no edited paragraph left unchecked after new figures."""
    require_role(user, FINALISE_REPORTS)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.is_final:
        return report  # finalised already (a second click): nothing to do
    problems = [
        f"Paragraph {p.position} ({p.facts.get('name', p.section)}) is rated red "
        "and has no commentary."
        for p in report_gaps(report)
    ] + [
        f"Paragraph {p.position} was edited before its figures changed: check it and "
        "save it again, or use the new draft."
        for p in report_needs_review(report)
    ]
    if problems:
        raise ValidationError(problems)
    report.status = Report.Status.FINAL
    report.finalised_by = user
    report.finalised_at = timezone.now()
    report._history_user = user  # type: ignore[attr-defined]
    report.save(update_fields=["status", "finalised_by", "finalised_at"])
    return report


@transaction.atomic
def report_reopen(*, user: Any, report: Report) -> Report:
    """Back to draft, so that it can be regenerated or edited again."""
    require_role(user, FINALISE_REPORTS)
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.status = Report.Status.DRAFT
    report.finalised_by = None
    report.finalised_at = None
    report._history_user = user  # type: ignore[attr-defined]
    report.save(update_fields=["status", "finalised_by", "finalised_at"])
    return report
