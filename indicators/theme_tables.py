"""The dashboard's table for one theme: each row one or two lines (the
indicator, its period, its figure with its marks, its trend, direction, RAG
and quartile); the rest of the detail is on the indicator's page. The
export keeps the contract's columns (`tables.DashboardExportTable`)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from indicators import formatting
from indicators.cell_parts import marks_html
from indicators.models import LocalBeside, Observation
from indicators.sparkline import sparkline
from indicators.table_body import body_rows
from indicators.tables import DashboardTable, actions_link, local_beside


def group_place_words(place: Any, record: Observation) -> str:
    """'2nd quartile, 12th of 32; average 23.4%': the home authority's place
    in the chosen group (`selectors.GroupPlace`) and the group's average."""
    indicator = record.indicator
    if place is None:
        return "Not ranked; no figures from the group"
    parts = []
    if place.quartile is not None:
        parts.append(f"{formatting.ordinal(place.quartile)} quartile")
    if place.rank is not None:
        parts.append(f"{formatting.ordinal(place.rank)} of {place.rank_of}")
    said = ", ".join(parts) or "Not ranked"
    if place.mean is None:
        return f"{said}; no figures from the group"
    mean = formatting.format_value(place.mean, indicator.unit, indicator.decimals)
    return f"{said}; average {mean}"


class GroupColumn(tables.Column):
    """The home authority's place in the chosen comparator group: the places
    come from the view (indicator id -> `GroupPlace`), never from the kept
    rows, which are shared by every request."""

    def __init__(self, places: dict[int, Any], **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "pk")
        super().__init__(orderable=False, empty_values=(), **kwargs)
        self.places = places

    def render(self, record: Observation) -> str:
        return group_place_words(self.places.get(record.indicator_id), record)


class ThemeTable(DashboardTable):
    """`DashboardTable`'s columns that fit on one line, and a trend. Sorts
    by the same names (`?sort=rag`) so that one sort orders every theme."""

    previous = None
    target = None
    neighbours = None
    england = None
    trend = tables.Column(
        accessor="pk", verbose_name="Trend", orderable=False, empty_values=()
    )

    class Meta(DashboardTable.Meta):
        sequence = (  # type: ignore[assignment]
            "indicator", "period", "value", "trend", "direction", "rag", "quartile",
        )  # fmt: skip
        # The rows come ordered (exceptions first, or sorted as asked).
        order_by: tuple[str, ...] | None = None  # type: ignore[assignment]
        attrs = {"class": "govuk-table scrutineer-compact"}
        # The body's rows in one pass (`table_body`): the same markup.
        template_name = "indicators/theme_table.html"

    def __init__(self, *args: Any, theme: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region_label = f"Indicators: {theme}"
        # Indicator id -> its trend points (`selectors.dashboard_trends`).
        self.trends: dict[int, Any] = {}

    def body_rows(self) -> SafeString:
        """The rows, as components/table.html writes them (`table_body`)."""
        return body_rows(self)

    def render_indicator(self, record: Observation) -> str:
        indicator = record.indicator
        cell = format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            self.indicator_url(indicator.code),
            indicator.name,
        )
        return cell + actions_link(self.committee_actions.get(indicator.pk), indicator)

    def render_value(self, record: Observation) -> str:
        """The figure (or its symbol), its count and its marks on one line;
        beside an official figure, the local one on the next."""
        indicator = record.indicator
        parts: list[str] = [
            format_html(
                "<strong>{}</strong>",
                formatting.format_figure(
                    record.value, indicator.unit, indicator.decimals, record.suppression
                ),
            )
        ]
        count = formatting.format_count(record.numerator, record.denominator)
        if count:
            parts.append(format_html(" ({})", count))
        beside = LocalBeside.of(record)
        marks = marks_html(record, official=beside is not None)
        if marks:
            parts.append(mark_safe(" ") + marks)
        rating = getattr(record, "rating", None)
        if rating is not None and rating.small_numbers:
            parts.append(
                mark_safe(' <span class="scrutineer-warning">Small numbers</span>')
            )
        if beside is not None:
            parts.append(local_beside(beside, indicator))
        return mark_safe("".join(conditional_escape(p) for p in parts))  # noqa: S308 - parts are escaped

    def render_trend(self, record: Observation) -> str:
        return sparkline(
            self.trends.get(record.indicator_id, []), record.indicator.decimals
        )

    def render_rag(self, value: str, record: Observation | None = None) -> str:
        """The RAG, and under it the target it is against, if any."""
        tag = super().render_rag(value)
        target = getattr(getattr(record, "rating", None), "target", None)
        if record is None or target is None:
            return tag
        indicator = record.indicator
        return format_html(
            '{}<br><span class="govuk-hint govuk-!-font-size-16">Target {}</span>',
            tag,
            formatting.format_value(target, indicator.unit, indicator.decimals),
        )

    def render_quartile(self, value: int, record: Observation) -> str:
        rating = record.rating
        return formatting.format_quartile(value, rating.rank, rating.rank_of)
