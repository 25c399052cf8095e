"""The returns' panel on an indicator's page (indicators.panels): links to
manage its figures (targets, revising a published figure) for the
performance team, and to the commentary on its latest published figures
for whoever may write it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from indicators.models import Observation
from indicators.permissions import PUBLISH, can_comment, has_role
from indicators.rating import needs_commentary


def indicator_figures(
    request: HttpRequest, indicator: Any, page: Any
) -> dict[str, Any] | None:
    """What this user may do to the indicator's figures; None (no panel)
    when nothing. No queries beyond the user's roles and the indicator's
    team (the page's figures are already read)."""
    can_manage = has_role(request.user, PUBLISH)
    commentable = _commentable(request.user, indicator, page)
    if not can_manage and not commentable:
        return None
    return {"can_manage": can_manage, "commentable": commentable}


def _commentable(
    user: Any, indicator: Any, page: Any
) -> list[tuple[Observation, bool]]:
    """The latest four published figures whose commentary this user may add
    or change, each with whether it still needs some (a red without)."""
    if not can_comment(user, indicator):
        return []
    return [
        (
            figure,
            needs_commentary(
                rag=getattr(getattr(figure, "rating", None), "rag", None),
                commentary=figure.commentary,
            ),
        )
        for figure in reversed(page.home_figures[-4:])
    ]
