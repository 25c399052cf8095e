"""The checks every write to a report makes (who may do what with reports:
EDIT_REPORTS and FINALISE_REPORTS in indicators.permissions)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from indicators.permissions import has_role
from reports.models import Report

MAX_PARAGRAPH_LENGTH = 5000


def require_role(user: Any, allowed: frozenset[Any]) -> None:
    if not has_role(user, allowed):
        raise PermissionDenied


def refuse_if_final(report: Report) -> None:
    if report.is_final:
        raise ValidationError(
            "This report is final. The performance team can reopen it to change it."
        )
