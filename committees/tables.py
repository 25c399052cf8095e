"""The action tracker's table (for the page) and its export. Render methods
format what the selector already fetched (`committees.selectors.tracker_actions`);
they never query."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from committees.models import Action
from indicators.exports import neutralise


def _resolution_label(action: Action) -> str:
    """`Item 5 (b), 3 March 2025`. Reads resolution.item.meeting."""
    resolution = action.resolution
    item = resolution.item
    return f"Item {item.number} ({resolution.letter}), {item.meeting.date:%-d %B %Y}"


class ActionTable(tables.Table):
    """One row per action. Reads record.committee, lead_officer, due_meeting,
    resolution.item.meeting, indicators (with latest_rag), is_overdue and the
    last update's annotations: the tracker's selector fetches them all."""

    reference = tables.Column(
        verbose_name="Reference", order_by=("municipal_year", "sequence")
    )
    description = tables.Column(verbose_name="Action", orderable=False)
    # accessor pk: a named officer has no lead_officer, and an empty
    # accessor would skip the render method.
    lead = tables.Column(accessor="pk", verbose_name="Lead officer", orderable=False)
    due_date = tables.Column(verbose_name="Due")
    status = tables.Column(verbose_name="Status")
    indicators = tables.Column(
        accessor="pk", verbose_name="Indicators", orderable=False
    )
    last_update = tables.Column(
        accessor="last_update_date", verbose_name="Latest update", orderable=False
    )

    class Meta:
        model = Action
        fields: tuple[str, ...] = ()
        sequence = (
            "reference", "description", "lead", "due_date", "status", "indicators",
            "last_update",
        )  # fmt: skip
        empty_text = "No actions match these filters."

    def render_reference(self, value: str, record: Action) -> str:
        return format_html(
            '<a class="govuk-link scrutineer-nowrap" href="{}">{}</a>',
            reverse("action_detail", args=[record.pk]),
            value,
        )

    def render_description(self, value: str, record: Action) -> str:
        return format_html(
            '{}<br><span class="govuk-hint govuk-!-font-size-16">{}, {}</span>',
            value,
            record.committee.code,
            _resolution_label(record),
        )

    def render_lead(self, record: Action) -> str:
        return record.lead_display

    def render_due_date(self, value: Any, record: Action) -> str:
        meeting = (
            mark_safe(
                '<br><span class="govuk-hint govuk-!-font-size-16">to the meeting</span>'
            )
            if record.due_meeting_id
            else ""
        )
        return format_html(
            '<span class="scrutineer-nowrap">{}</span>{}', f"{value:%-d %b %Y}", meeting
        )

    def render_status(self, value: str, record: Action) -> str:
        return render_to_string(
            "committees/_status.html",
            {
                "status": record.status,
                "label": record.get_status_display(),
                "overdue": record.is_overdue,
            },
        )

    def render_indicators(self, record: Action) -> str:
        # Prefetched by committees.selectors with each one's latest RAG.
        indicators: list[Any] = list(record.indicators.all())
        if not indicators:
            return "—"
        return format_html_join(
            "",
            '<a class="govuk-link" href="{}">{}</a>{}<br>',
            (
                (
                    reverse("indicator_detail", args=[i.code]),
                    i.name,
                    mark_safe(
                        ' <strong class="govuk-tag govuk-tag--red">Red indicator</strong>'
                    )
                    if i.latest_rag == "red"
                    else "",
                )
                for i in indicators
            ),
        )

    def render_last_update(self, value: Any, record: Any) -> str:
        # An Action row annotated by committees.selectors with its latest update.
        text = record.last_update_text or ""
        if len(text) > 140:
            text = text[:139].rstrip() + "…"
        return format_html(
            '<span class="scrutineer-nowrap">{}</span><br>'
            '<span class="govuk-!-font-size-16">{}</span>',
            f"{value:%-d %b %Y}",
            text,
        )


class ActionExportTable(tables.Table):
    """The tracker as a spreadsheet: one row per action, dates as dates,
    every text cell neutralised against formula injection."""

    reference = tables.Column(verbose_name="reference")
    committee = tables.Column(accessor="committee__name", verbose_name="committee")
    meeting_date = tables.Column(
        accessor="resolution__item__meeting__date", verbose_name="meeting_date"
    )
    minute = tables.Column(accessor="pk", verbose_name="minute")
    resolution = tables.Column(accessor="resolution__text", verbose_name="resolution")
    description = tables.Column(verbose_name="description")
    lead_officer = tables.Column(accessor="pk", verbose_name="lead_officer")
    due_date = tables.Column(verbose_name="due_date")
    status = tables.Column(verbose_name="status")
    overdue = tables.Column(accessor="is_overdue", verbose_name="overdue")
    indicators = tables.Column(accessor="pk", verbose_name="indicators")
    red_indicators = tables.Column(accessor="pk", verbose_name="red_indicators")
    last_update_date = tables.Column(verbose_name="last_update_date")
    last_update = tables.Column(accessor="last_update_text", verbose_name="last_update")
    closed_reason = tables.Column(verbose_name="closed_reason")

    class Meta:
        model = Action
        fields: tuple[str, ...] = ()

    def value_reference(self, value: str) -> str:
        return neutralise(value)

    def value_committee(self, value: str) -> str:
        return neutralise(value)

    def value_minute(self, record: Action) -> str:
        """Where the minutes record it: `Item 5 (b)` (the meeting's date is
        its own column)."""
        resolution = record.resolution
        return f"Item {resolution.item.number} ({resolution.letter})"

    def value_resolution(self, value: str) -> str:
        """What the committee resolved, as minuted."""
        return neutralise(value)

    def value_description(self, value: str) -> str:
        return neutralise(value)

    def value_lead_officer(self, record: Action) -> str:
        return neutralise(record.lead_display)

    def value_status(self, record: Action) -> str:
        return record.status

    def value_overdue(self, value: bool) -> str:
        return "yes" if value else "no"

    def value_indicators(self, record: Action) -> str:
        return neutralise("; ".join(i.code for i in record.indicators.all()))

    def value_red_indicators(self, record: Action) -> str:
        # Prefetched by committees.selectors with each one's latest RAG.
        indicators: list[Any] = list(record.indicators.all())
        return neutralise(
            "; ".join(i.code for i in indicators if i.latest_rag == "red")
        )

    def value_last_update_date(self, value: Any) -> Any:
        return value if value is not None else ""

    def value_last_update(self, value: Any) -> str:
        return neutralise(value or "")

    def value_closed_reason(self, value: str) -> str:
        return neutralise(value)
