"""What the committees add to indicators' pages through the extension
points indicators offers: on an indicator's page, a panel of the
outstanding actions and recent resolutions about it (indicators.panels);
on the dashboard, each row's count of open actions, linked to the tracker
(indicators.selectors.LINKED_FINDERS)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from committees.selectors import actions_for_indicators


def indicator_actions(
    request: HttpRequest, indicator: Any, page: Any
) -> dict[str, Any]:
    """The indicator's actions and resolutions (None when nothing is
    linked: the panel then says so). Queries: two."""
    return {"summary": actions_for_indicators([indicator.pk]).get(indicator.pk)}


@dataclass(frozen=True)
class RowActions:
    """One dashboard row's open actions, and where to see them."""

    open_count: int
    overdue_count: int

    def url(self, indicator_code: str) -> str:
        """The action tracker, showing this indicator's actions."""
        return f"{reverse('action_tracker')}?indicator={indicator_code}"


def dashboard_actions(indicator_ids: Iterable[int]) -> dict[int, RowActions]:
    """For each indicator with actions or resolutions: its counts of open
    and overdue actions. Queries: two, however many indicators."""
    return {
        pk: RowActions(summary.open_count, summary.overdue_count)
        for pk, summary in actions_for_indicators(indicator_ids).items()
    }
