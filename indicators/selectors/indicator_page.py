"""The indicator page's reads, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from indicators import rating
from indicators.formatting import rounded
from indicators.models import (
    Area,
    Indicator,
    Observation,
    Period,
    PeriodStatistics,
    StatisticalNeighbour,
    Target,
)
from indicators.rating import comparisons
from indicators.selectors.dashboard import home_area_or_none


@dataclass
class IndicatorPage:
    """Everything the indicator page shows."""

    indicator: Indicator
    home: Area | None
    home_figures: list[Observation]
    latest: Observation | None
    targets: dict[int, Decimal]
    statistics: dict[int, PeriodStatistics]
    england: dict[int, Observation]
    periods: dict[int, Period]
    comparison_period: Period | None
    authorities: list[Observation]
    neighbour_ids: set[int]
    neighbour_values: dict[int, list[Decimal | None]]
    revisions: list[Any]

    @property
    def region_name(self) -> str:
        """The home authority's region (fetched with the home figures)."""
        region = self.latest.area.region if self.latest else None
        return region.name if region else ""

    @property
    def against_region(self) -> str:
        """The latest figure against its region's, in the words of DESIGN's
        "Similar to": 'similar to', 'better than', 'worse than'."""
        latest = self.latest
        rated = getattr(latest, "rating", None) if latest else None
        if latest is None or latest.value is None or rated is None:
            return ""
        if rated.regional_value is None:
            return ""
        decimals = self.indicator.decimals
        return comparisons.compare_with(
            rounded(latest.value, decimals),
            rounded(rated.regional_value, decimals),
            self.indicator.polarity,
            self.indicator.significance_threshold,
        )


def indicator_page(indicator: Indicator) -> IndicatorPage:
    """The indicator page's data in a fixed number of queries: home figures
    with ratings, targets, national statistics, England's figures, and every
    authority's figure in the latest national period. Published only."""
    home = home_area_or_none()
    home_figures: list[Observation] = []
    neighbour_ids: set[int] = set()
    if home is not None:
        home_figures = list(
            Observation.objects.filter(indicator=indicator, area=home)
            .select_related(
                "period", "rating", "rating__comparison_period", "area__region"
            )
            .order_by("period__end", "period__start")
        )
        neighbour_ids = set(
            StatisticalNeighbour.objects.filter(area=home).values_list(
                "neighbour_id", flat=True
            )
        )
    targets = _targets_in_force(indicator, home_figures)
    statistics = {
        s.period_id: s
        for s in PeriodStatistics.objects.filter(indicator=indicator).select_related(
            "period"
        )
    }
    periods = {s.period_id: s.period for s in statistics.values()}
    england = {
        o.period_id: o
        for o in Observation.objects.filter(
            indicator=indicator, area__level=Area.Level.NATIONAL
        )
    }
    comparison = None
    if statistics:
        comparison = max(periods.values(), key=lambda p: (p.end, p.start))
    return IndicatorPage(
        indicator=indicator,
        home=home,
        home_figures=home_figures,
        latest=home_figures[-1] if home_figures else None,
        targets=targets,
        statistics=statistics,
        england=england,
        periods=periods,
        comparison_period=comparison,
        authorities=_authorities(indicator, comparison),
        neighbour_ids=neighbour_ids,
        neighbour_values=_neighbour_values(indicator, neighbour_ids),
        revisions=_revisions(indicator, home),
    )


def _targets_in_force(
    indicator: Indicator, home_figures: list[Observation]
) -> dict[int, Decimal]:
    """The target in force for each home figure, by period id: its own, its
    year's, or the latest set before it (a target holds until replaced).
    Queries: one."""
    set_targets = [
        (t.period.as_rule(), t.value)
        for t in Target.objects.filter(indicator=indicator).select_related("period")
    ]
    return {
        o.period_id: found.value
        for o in home_figures
        if (found := rating.target_in_force(o.period.as_rule(), set_targets))
    }


def _authorities(indicator: Indicator, comparison: Period | None) -> list[Observation]:
    """Every authority's figure in the compared (latest national) period,
    with its area. Queries: one, or none without national data."""
    if comparison is None:
        return []
    return list(
        Observation.objects.filter(
            indicator=indicator,
            period=comparison,
            area__level=Area.Level.LOCAL_AUTHORITY,
        ).select_related("area")
    )


def _neighbour_values(
    indicator: Indicator, neighbour_ids: set[int]
) -> dict[int, list[Decimal | None]]:
    """The neighbours' figures by period id. Queries: one (none without
    neighbours)."""
    found: dict[int, list[Decimal | None]] = {}
    for period_id, value in Observation.objects.filter(
        indicator=indicator, area_id__in=neighbour_ids
    ).values_list("period_id", "value"):
        found.setdefault(period_id, []).append(value)
    return found


def _revisions(indicator: Indicator, home: Area | None) -> list[Any]:
    """The last 50 changes to the home authority's published figures, newest
    first, with who made each. Queries: one."""
    if home is None:
        return []
    return list(
        Observation.history.filter(
            indicator_id=indicator.pk, area_id=home.pk, status="published"
        )
        .select_related("history_user", "period")
        .order_by("-history_date")[:50]
    )


def indicator_for_page(code: str) -> Indicator | None:
    return (
        Indicator.objects.select_related("theme", "owner", "team")
        .prefetch_related(Prefetch("targets"))
        .filter(code=code)
        .first()
    )
