"""The committees' panel on an indicator's page (indicators.panels): the
outstanding actions and recent resolutions about it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from committees.selectors import actions_for_indicators


def indicator_actions(
    request: HttpRequest, indicator: Any, page: Any
) -> dict[str, Any]:
    """The indicator's actions and resolutions (None when nothing is
    linked: the panel then says so). Queries: two."""
    return {"summary": actions_for_indicators([indicator.pk]).get(indicator.pk)}
