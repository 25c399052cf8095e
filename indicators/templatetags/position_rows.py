"""The overall position's indicator rows, rendered in Python: {%
position_rows block.rows %} inside the theme's {% govuk_table %}.

A committee following 250 measures, or every measure (432 in LAIT), is 250
to 432 rows, and a row written by the template engine cost about 0.1 ms of
CPU (its `{% url %}`, filters and lookups; `make bench`): most of the page's
time in Python. Here a row is one `format_html`, about a tenth of that. The
markup, whitespace included, is what the template wrote (the page tests and
bench/README.md's byte-for-byte check hold them together)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from indicators import formatting
from indicators.indicator_links import indicator_urls

register = template.Library()

# The rows as the template's loop wrote them, whitespace and all (its blank
# lines were its {% if %} tags), so that the page is the same byte for byte.
_ROW = "\n".join(
    (
        "",
        '                <tr class="govuk-table__row">',
        '                    <th scope="row" class="govuk-table__header">',
        '                        <a class="govuk-link"',
        '                           href="{}">{}</a>',
        "                    </th>",
        '                    <td class="govuk-table__cell">',
        "                        {}",
        '                        <span class="govuk-caption-s">{}</span>',
        "                    </td>",
        '                    <td class="govuk-table__cell">',
        " " * 24,
        "                            {}",
        " " * 24,
        "                    </td>",
        '                    <td class="govuk-table__cell">{}</td>',
        "                </tr>",
        " " * 12,
    )
)


def position_row(row: Any, url: Callable[[str], str]) -> SafeString:
    """One `selectors.position.Placed` as a table row: the indicator linked
    to its page (`url` of its code), the figure and its period, the quartile
    and the rank (places among a few hundred authorities at most, written
    as the template wrote them)."""
    figure = row.observation
    indicator = figure.indicator
    shown = formatting.format_figure(
        figure.value, indicator.unit, indicator.decimals, figure.suppression
    )
    period = str(figure.period.name_for(indicator)) if figure.period else ""
    quartile = (
        formatting.format_quartile(row.quartile) if row.quartile else "No quartile"
    )
    rank = f"{row.rank} of {row.rank_of}" if row.rank else ""
    return format_html(
        _ROW,
        url(indicator.code),
        indicator.name,
        shown,
        period,
        quartile,
        rank,
    )


@register.simple_tag
def position_rows(rows: Iterable[Any]) -> SafeString:
    """The rows of one theme's table, in order."""
    url = indicator_urls()
    return mark_safe("".join(position_row(row, url) for row in rows))  # noqa: S308 - each row is format_html's
