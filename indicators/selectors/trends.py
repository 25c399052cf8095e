"""Each dashboard row's trend: the home authority's published figures for the
row's indicator over its last periods of the same kind (quarters for a
quarterly figure, years of the same year type for a yearly one), ending
with the row's own period. One query for every row, kept with the rest of
the dashboard until the data version moves."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from indicators.models import Observation
from indicators.sparkline import POINTS, TrendPoint

if TYPE_CHECKING:
    from indicators.selectors.dashboard import DashboardScope


def trends(
    rows: list[Observation], points: int = POINTS
) -> dict[int, list[TrendPoint]]:
    """Indicator id -> its trend (oldest first, at most `points`), for the
    dashboard's rows. Queries: one, whatever the number of rows."""
    if not rows:
        return {}
    home_id = rows[0].area_id
    latest = max(row.period.end for row in rows)
    figures = (
        Observation.objects.filter(
            area_id=home_id,
            indicator_id__in=[row.indicator_id for row in rows],
            period__end__lte=latest,
        )
        .order_by("indicator_id", "period__end")
        .values_list(
            "indicator_id", "period__kind", "period__year_type", "period__end",
            "period__label", "value", "suppression",
        )
    )  # fmt: skip
    by_kind: dict[tuple[int, str, str], list[Any]] = defaultdict(list)
    for indicator, kind, year_type, end, label, value, symbol in figures:
        by_kind[(indicator, kind, year_type)].append((end, label, value, symbol))
    result = {}
    for row in rows:
        period = row.period
        series = by_kind[(row.indicator_id, period.kind, period.year_type)]
        shown = [f for f in series if f[0] <= period.end][-points:]
        result[row.indicator_id] = [
            TrendPoint(label, value, symbol or "") for _, label, value, symbol in shown
        ]
    return result


def dashboard_trends(
    scope: DashboardScope, rows: list[Observation]
) -> dict[int, list[TrendPoint]]:
    """`trends` for the period's rows (all of them, whatever the filters),
    kept in the shared cache like the summary and orderings."""
    return scope.keeper("trends")((), lambda: trends(rows))
