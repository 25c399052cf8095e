"""The reads behind each page. Each selector decides its query shape, so that
templates, tables and template tags never query.

Callers use this package's names (`from indicators import selectors`, then
`selectors.dashboard_rows`); the modules split them by page: `dashboard`,
`kept` (what the dashboard keeps, in Django's cache and in each process),
`indicator_page`, and the facts the rating rules read (`facts`, `previews`),
which services read too."""

from __future__ import annotations

from indicators.selectors.comparators import (
    Comparators,
    GroupPosition,
    comparator_choices,
    comparator_group,
    group_position,
)
from indicators.selectors.dashboard import (
    DashboardScope,
    dashboard_periods,
    dashboard_periods_kept,
    dashboard_rows,
    dashboard_rows_kept,
    dashboard_scope,
    dashboard_summary,
    home_area,
    home_area_or_none,
    meaning_orders,
    period_from_label,
    rated_rows,
)
from indicators.selectors.group_places import GroupPlace, group_places
from indicators.selectors.indicator_page import (
    IndicatorPage,
    indicator_for_page,
    indicator_page,
)
from indicators.selectors.kept import data_version, kept
from indicators.selectors.linked import LINKED_FINDERS, linked_to_indicators
from indicators.selectors.trends import dashboard_trends, trends

__all__ = [
    "Comparators",
    "GroupPosition",
    "comparator_choices",
    "comparator_group",
    "group_position",
    "GroupPlace",
    "group_places",
    "LINKED_FINDERS",
    "DashboardScope",
    "dashboard_scope",
    "dashboard_summary",
    "dashboard_trends",
    "trends",
    "linked_to_indicators",
    "IndicatorPage",
    "dashboard_periods",
    "dashboard_periods_kept",
    "dashboard_rows",
    "dashboard_rows_kept",
    "data_version",
    "home_area",
    "home_area_or_none",
    "indicator_for_page",
    "indicator_page",
    "kept",
    "meaning_orders",
    "period_from_label",
    "rated_rows",
]
