"""The dashboard table (for the page) and its export (the contract's columns).
Render methods format what the selector already fetched; they never query."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from indicators import formatting
from indicators.cell_parts import direction_html, marks_html, rag_html
from indicators.exports import export_number, neutralise
from indicators.indicator_links import indicator_urls
from indicators.models import LocalBeside, Observation


def _rating(record: Observation) -> Any:
    return getattr(record, "rating", None)


def actions_link(actions: Any, indicator: Any) -> str:
    """'2 open actions, 1 overdue' linking to them, or nothing: `actions` is
    what the committees app's finder gives for the indicator (or None)."""
    if actions is None or not actions.open_count:
        return mark_safe("")
    overdue = f", {actions.overdue_count} overdue" if actions.overdue_count else ""
    return format_html(
        '<br><a class="govuk-link govuk-!-font-size-16" href="{}">{} open action{}{}</a>',
        actions.url(indicator.code),
        actions.open_count,
        "s" if actions.open_count != 1 else "",
        overdue,
    )


def local_beside(beside: LocalBeside, indicator: Any) -> str:
    """Beside an official figure, the local one ending the same day."""
    local = formatting.format_figure(
        beside.value, indicator.unit, indicator.decimals, beside.suppression
    )
    return format_html(
        '<br><span class="govuk-!-font-size-16">Local figure, {}: {}</span> {}',
        beside.period,
        local,
        marks_html(beside, official=False),
    )


class DashboardTable(tables.Table):
    """One row per indicator: its latest published home figure and ratings.
    Reads record.indicator.theme, record.period and record.rating (with its
    comparison and previous periods): select_related them."""

    indicator = tables.Column(accessor="indicator__name", verbose_name="Indicator")
    period = tables.Column(accessor="period__end", verbose_name="Period")
    # empty_values=(): a suppressed figure has no value but is rendered (its
    # symbol is the figure), not replaced by the column's default.
    value = tables.Column(
        verbose_name="Value",
        attrs={"td": {"class": "scrutineer-numeric"}},
        empty_values=(),
    )
    previous = tables.Column(
        accessor="rating__previous_value",
        verbose_name="Previous",
        orderable=False,
        empty_values=(),  # a suppressed previous figure shows its symbol
    )
    # RAG, direction and quartile sort by meaning (red first, not rated
    # last; quartile 1 first, none last): positions the selector annotates
    # from `rating.RAG_ORDER` and its kin.
    direction = tables.Column(
        accessor="rating__direction",
        verbose_name="Direction of travel",
        order_by=("direction_order",),
    )
    target = tables.Column(
        accessor="rating__target", verbose_name="Target", orderable=False
    )
    rag = tables.Column(
        accessor="rating__rag", verbose_name="RAG", order_by=("rag_order",)
    )
    quartile = tables.Column(
        accessor="rating__quartile",
        verbose_name="National quartile",
        order_by=("quartile_order",),
    )
    neighbours = tables.Column(
        accessor="rating__neighbour_mean",
        verbose_name="Statistical neighbours",
        orderable=False,
    )
    england = tables.Column(
        accessor="rating__england_value", verbose_name="England", orderable=False
    )

    class Meta:
        model = Observation
        fields: tuple[str, ...] = ()
        sequence = (
            "indicator", "period", "value", "previous", "direction", "target", "rag",
            "quartile", "neighbours", "england",
        )  # fmt: skip
        order_by = ("indicator",)
        empty_text = "No published figures match these filters."
        caption = None

    # The name of the region the table scrolls in (components/table.html).
    region_label = "Indicators"

    def __init__(self, *args: Any, requested_period: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requested_period = requested_period
        # Indicator id -> its committee actions (open_count, overdue_count,
        # url(code)), set by the view: one fetch for the whole table, by the
        # finder the committees app registers (committees.panels).
        self.committee_actions: dict[int, Any] = {}
        # Each row's link, at the cost of one reverse() for the table.
        self.indicator_url = indicator_urls()

    def render_indicator(self, record: Observation) -> str:
        indicator = record.indicator
        url = self.indicator_url(indicator.code)
        cell = format_html(
            '<a class="govuk-link" href="{}">{}</a><br><span class="govuk-hint govuk-!-font-size-16">{}</span>',
            url,
            indicator.name,
            indicator.theme.name,
        )
        return cell + actions_link(self.committee_actions.get(indicator.pk), indicator)

    def render_period(self, record: Observation) -> str:
        period = record.period
        requested = self.requested_period
        # Not for an official year shown for the quarter ending the same day:
        # that figure is the period's own (its value cell says so).
        if requested is not None and period.end < requested.end:
            return format_html(
                '{}<br><span class="govuk-hint govuk-!-font-size-16">latest available</span>',
                period.name_for(record.indicator),
            )
        return period.name_for(record.indicator)

    def render_value(self, record: Observation) -> str:
        """The figure (or its symbol), its count, its marks (illustrative,
        provisional, revised, definition changed) and small numbers; beside
        an official figure, the local one ending the same day."""
        indicator = record.indicator
        shown = formatting.format_figure(
            record.value, indicator.unit, indicator.decimals, record.suppression
        )
        count = formatting.format_count(record.numerator, record.denominator)
        rating = _rating(record)
        beside = LocalBeside.of(record)
        parts: list[str] = [format_html("<strong>{}</strong>", shown)]
        if count:
            parts.append(
                format_html('<br><span class="govuk-!-font-size-16">({})</span>', count)
            )
        marks = marks_html(record, official=beside is not None)
        if marks:
            parts.append(mark_safe("<br>") + marks)
        if rating is not None and rating.small_numbers:
            parts.append(
                mark_safe(
                    '<br><span class="govuk-!-font-size-16 scrutineer-warning">'
                    "Small numbers</span>"
                )
            )
        if beside is not None:
            parts.append(local_beside(beside, indicator))
        return mark_safe("".join(conditional_escape(p) for p in parts))  # noqa: S308 - parts are escaped

    def render_previous(self, value: Any, record: Observation) -> str:
        rating = _rating(record)
        period = (
            rating.previous_period.name_for(record.indicator)
            if rating and rating.previous_period
            else ""
        )
        if value is None and not getattr(record, "previous_symbol", ""):
            return "—"  # no previous figure (the column's default)
        shown = formatting.format_figure(
            value,
            record.indicator.unit,
            record.indicator.decimals,
            getattr(record, "previous_symbol", "") or "",
        )
        return format_html(
            '{}<br><span class="govuk-hint govuk-!-font-size-16">{}</span>',
            shown,
            period,
        )

    def render_direction(self, value: str) -> str:
        return direction_html(value)

    def render_target(self, value: Any, record: Observation) -> str:
        return formatting.format_value(
            value, record.indicator.unit, record.indicator.decimals
        )

    def render_rag(self, value: str) -> str:
        return rag_html(value)

    def render_quartile(self, value: int, record: Observation) -> str:
        rating = record.rating
        return format_html(
            '{}<br><span class="govuk-hint govuk-!-font-size-16">{}</span>',
            formatting.format_quartile(value, rating.rank, rating.rank_of),
            rating.comparison_period.name_for(record.indicator)
            if rating.comparison_period
            else "",
        )

    def render_neighbours(self, value: Any, record: Observation) -> str:
        rating = record.rating
        return format_html(
            '{}<br><span class="govuk-hint govuk-!-font-size-16">{}</span>',
            formatting.format_mean(
                value,
                rating.neighbour_count,
                record.indicator.unit,
                record.indicator.decimals,
            ),
            rating.comparison_period.name_for(record.indicator)
            if rating.comparison_period
            else "",
        )

    def render_england(self, value: Any, record: Observation) -> str:
        rating = record.rating
        return format_html(
            '{}<br><span class="govuk-hint govuk-!-font-size-16">{}</span>',
            formatting.format_value(
                value, record.indicator.unit, record.indicator.decimals
            ),
            rating.comparison_period.name_for(record.indicator)
            if rating.comparison_period
            else "",
        )


class DashboardExportTable(tables.Table):
    """The contract's export columns, in order, unrounded as stored, then our
    extensions at the end (`revised`, `unit`) so that a consumer reading the
    contract's columns by position still finds them; text cells are
    neutralised against spreadsheet formula injection.

    Each column's name is its CSV header (the contract's); its verbose name
    is the XLSX's readable header (`exports.SpreadsheetExport`)."""

    indicator_code = tables.Column(
        accessor="indicator__code", verbose_name="Indicator code"
    )
    indicator_name = tables.Column(accessor="indicator__name", verbose_name="Indicator")
    theme = tables.Column(accessor="indicator__theme__name", verbose_name="Theme")
    period = tables.Column(accessor="period__label", verbose_name="Period")
    value = tables.Column(verbose_name="Value", empty_values=())  # symbols too
    numerator = tables.Column(verbose_name="Numerator")
    denominator = tables.Column(verbose_name="Denominator")
    previous_value = tables.Column(
        accessor="rating__previous_value",
        verbose_name="Previous value",
        empty_values=(),  # a suppressed one carries its symbol
    )
    direction = tables.Column(
        accessor="rating__direction",
        verbose_name="Direction of travel",
        order_by=("direction_order",),
    )
    target = tables.Column(accessor="rating__target", verbose_name="Target")
    rag = tables.Column(
        accessor="rating__rag", verbose_name="RAG", order_by=("rag_order",)
    )
    quartile = tables.Column(
        accessor="rating__quartile",
        verbose_name="National quartile (1 best)",
        order_by=("quartile_order",),
    )
    statistical_neighbour_value = tables.Column(
        accessor="rating__neighbour_mean",
        verbose_name="Statistical neighbours (mean)",
    )
    england_value = tables.Column(
        accessor="rating__england_value", verbose_name="England"
    )
    revised = tables.Column(verbose_name="Revised")
    unit = tables.Column(accessor="indicator__unit", verbose_name="Unit")
    source = tables.Column(
        accessor="provenance", verbose_name="Source", empty_values=()
    )
    provisional = tables.Column(verbose_name="Provisional")
    definition_changed = tables.Column(verbose_name="Definition changed")
    # Beside an official figure, the local one ending the same day.
    local_period = tables.Column(
        accessor="pk",
        verbose_name="Local figure's period",
        empty_values=(),
        orderable=False,
    )
    local_value = tables.Column(
        accessor="pk",
        verbose_name="Local figure",
        empty_values=(),
        orderable=False,
    )
    local_source = tables.Column(
        accessor="pk",
        verbose_name="Local figure's source",
        empty_values=(),
        orderable=False,
    )

    class Meta:
        model = Observation
        fields: tuple[str, ...] = ()
        order_by = ("indicator_code",)

    def value_indicator_code(self, value: str) -> str:
        return neutralise(value)

    def value_indicator_name(self, value: str) -> str:
        return neutralise(value)

    def value_theme(self, value: str) -> str:
        return neutralise(value)

    def value_value(self, record: Observation) -> Any:
        # A suppressed figure carries its symbol; a missing one is empty.
        if record.value is None:
            return neutralise(record.suppression) if record.suppression else ""
        return export_number(record.value)

    def value_numerator(self, value: Any) -> Any:
        return export_number(value) if value is not None else ""

    def value_denominator(self, value: Any) -> Any:
        return export_number(value) if value is not None else ""

    def value_previous_value(self, value: Any, record: Observation) -> Any:
        if value is None:
            return neutralise(getattr(record, "previous_symbol", "") or "")
        return export_number(value)

    def value_target(self, value: Any) -> Any:
        return export_number(value) if value is not None else ""

    def value_quartile(self, value: Any) -> Any:
        return value if value is not None else ""

    def value_statistical_neighbour_value(self, value: Any) -> Any:
        return export_number(value) if value is not None else ""

    def value_england_value(self, value: Any) -> Any:
        return export_number(value) if value is not None else ""

    def value_revised(self, value: bool) -> str:
        return "yes" if value else ""

    def value_unit(self, record: Observation) -> str:
        # The code of the definitions format (`percent`), not its label.
        return neutralise(record.indicator.unit)

    def value_source(self, record: Observation) -> str:
        return str(record.provenance)  # official, local or illustrative

    def value_provisional(self, value: bool) -> str:
        return "yes" if value else ""

    def value_definition_changed(self, value: bool) -> str:
        return "yes" if value else ""

    def value_local_period(self, record: Observation) -> str:
        beside = LocalBeside.of(record)
        return neutralise(beside.period) if beside else ""

    def value_local_value(self, record: Observation) -> Any:
        beside = LocalBeside.of(record)
        if beside is None:
            return ""
        if beside.value is None:
            return neutralise(beside.suppression)
        return export_number(beside.value)

    def value_local_source(self, record: Observation) -> str:
        beside = LocalBeside.of(record)
        return str(beside.provenance) if beside else ""
