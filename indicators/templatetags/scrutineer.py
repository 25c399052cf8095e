"""Template filters over indicators/formatting.py (no queries, no rules)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from indicators import formatting

register = template.Library()


@register.filter
def figure(observation: Any, indicator: Any = None) -> str:
    """An observation's value in its indicator's unit and decimals, or its
    suppression symbol with the symbol's meaning ('c (suppressed)'). Reads
    observation.indicator unless the indicator is given (select_related it)."""
    indicator = indicator or observation.indicator
    return formatting.format_figure(
        observation.value, indicator.unit, indicator.decimals, observation.suppression
    )


@register.filter
def in_unit(value: Decimal | None, indicator: Any) -> str:
    """A bare number (a target, a benchmark) in the indicator's unit. A
    missing one (None, or "" when the template's lookup found no rating) is
    shown as nothing."""
    if value is None or value == "":
        return ""
    return formatting.format_value(value, indicator.unit, indicator.decimals)


@register.filter
def signed_change(change: Decimal | None, indicator: Any) -> str:
    """A change from the previous figure with its sign, in percentage points
    for a percentage ('+2.1 percentage points'); nothing when unknown."""
    if change is None or change == "":
        return ""
    return formatting.format_signed_change(change, indicator.unit, indicator.decimals)


@register.filter
def difference_in_unit(value: Decimal | None, indicator: Any) -> str:
    """A difference (a tolerance, a threshold) in the indicator's unit: for a
    percentage, in percentage points ('10.0 percentage points', not '10.0%',
    which would read as a tenth of the target)."""
    if value is None or value == "":
        return ""
    return formatting.format_change(value, indicator.unit, indicator.decimals)


@register.filter
def ordinal(n: int) -> str:
    return formatting.ordinal(int(n))


@register.filter
def quartile_display(quartile: int | None, rank: int | None = None) -> str:
    return formatting.format_quartile(quartile)


@register.filter
def direction_arrow(direction: str) -> str:
    return formatting.direction_arrow(direction)


@register.filter
def rag_words(rag: str) -> str:
    return formatting.rag_words(rag)


@register.filter
def count_display(observation: Any) -> str:
    return formatting.format_count(observation.numerator, observation.denominator)


@register.filter
def symbol_shown(symbol: str) -> str:
    """A suppression symbol as the figure it stands for: 'c (suppressed)'."""
    return formatting.format_figure(None, "", 0, symbol)


@register.filter
def symbol_meaning(symbol: str) -> str:
    return formatting.symbol_meaning(symbol)


@register.filter
def period_name(period: Any, indicator: Any) -> str:
    """The period of one of the indicator's figures, named: "at 31 March
    2025", "year to 30 September 2025" (`formatting.period_name`)."""
    return str(period.name_for(indicator)) if period else ""


@register.filter
def period_said(period: Any, indicator: Any) -> str:
    """The same in a sentence: "at 31 March 2025", "in the year to 30
    September 2025" (`formatting.say_period`)."""
    return formatting.with_preposition(period.name_for(indicator)) if period else ""
