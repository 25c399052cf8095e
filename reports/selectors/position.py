"""Whom the report's figures are compared with: the home authority, its
DfE statistical neighbours by name, its region, and the report's
comparator group with the overall position among it (the position page's
own selector, `indicators.selectors.position.position_page`, over the
report's indicators)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from indicators import selectors as indicator_selectors
from indicators.models import Area, StatisticalNeighbour
from indicators.selectors.position import PositionPage, position_page
from reports.models import Report
from reports.selectors.actions import report_indicator_ids
from reports.wording.groups import Group


@dataclass(frozen=True)
class Comparisons:
    home: str
    neighbours: list[str]  # by DfE's rank, closest first
    region: str
    group: Group
    position: PositionPage


def report_comparisons(report: Report) -> Comparisons | None:
    """The names the method paragraph gives, and the overall position among
    the report's comparator group (`Report.comparator_group`, resolved by
    `comparator_group`, the one resolution of a group's slug) for the
    indicators the report has a paragraph on, each at its latest figure for
    a period ending by the report's (a later quarter's figures do not change
    this report). None before the home authority is loaded. Reads
    report.paragraphs and report.period (prefetch and select_related them).

    Queries: five or six (the home authority with its region; its
    neighbours; the group; the position page's two)."""
    home = (
        Area.objects.select_related("region")
        .filter(code=settings.SCRUTINEER_HOME_AREA)
        .first()
    )
    if home is None:
        return None
    neighbours = list(
        StatisticalNeighbour.objects.filter(area=home)
        .order_by("rank")
        .values_list("neighbour__name", flat=True)
    )
    resolved = indicator_selectors.comparator_group(report.comparator_group, home)
    page = position_page(
        home,
        area_ids=resolved.area_ids,
        indicator_ids=report_indicator_ids(report),
        until=report.period.end,  # as its paragraphs: nothing after its period
    )
    return Comparisons(
        home=home.name,
        neighbours=neighbours,
        region=home.region.name if home.region else "",
        group=Group(resolved.slug, resolved.name, len(resolved.area_ids) + 1),
        position=page,
    )
