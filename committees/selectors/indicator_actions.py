"""The loop to the data: what the committees asked about each indicator
(its outstanding actions and recent resolutions), for the indicator's page
and the dashboard."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from committees import rules
from committees.models import Action, Resolution

# How many recent resolutions the indicator page lists.
RECENT_RESOLUTIONS = 3


@dataclass
class IndicatorActions:
    """What the committees asked about one indicator."""

    open_count: int = 0
    overdue_count: int = 0
    actions: list[Action] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)


def actions_for_indicators(
    indicator_ids: Iterable[int],
) -> dict[int, IndicatorActions]:
    """For each indicator: its outstanding actions (overdue first) and how
    many are overdue, and its most recent resolutions. Indicators with
    neither are left out. Queries: two, however many indicators."""
    ids = list(indicator_ids)
    result: dict[int, IndicatorActions] = defaultdict(IndicatorActions)
    if not ids:
        return {}
    today = timezone.localdate()
    links = (
        Action.indicators.through.objects.filter(
            indicator_id__in=ids, action__status__in=rules.OUTSTANDING
        )
        .select_related("action__committee", "action__lead_officer")
        .order_by("action__due_date", "action__municipal_year", "action__sequence")
    )
    for link in links:
        summary = result[link.indicator_id]
        summary.actions.append(link.action)
        summary.open_count += 1
        summary.overdue_count += int(link.action.due_date < today)
    for summary in result.values():
        summary.actions.sort(key=lambda a: not a.overdue)
    recent = (
        Resolution.indicators.through.objects.filter(indicator_id__in=ids)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("indicator_id")],
                order_by=[
                    F("resolution__item__meeting__date").desc(),
                    F("resolution__item__number").asc(),
                    F("resolution__letter").asc(),
                ],
            )
        )
        .filter(Q(position__lte=RECENT_RESOLUTIONS))
        .select_related("resolution__item__meeting__committee")
        .order_by(
            "indicator_id",
            "-resolution__item__meeting__date",
            "resolution__item__number",
            "resolution__letter",
        )
    )
    for mention in recent:
        result[mention.indicator_id].resolutions.append(mention.resolution)
    return dict(result)
