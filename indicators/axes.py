"""A chart's value axis as pure functions: the range it shows and its ticks,
for the indicator page's charts (plotly) and the report's (drawn on the
server) alike, so that every chart follows the same rules:

- a percentage axis never runs below 0 or above 100, and no axis runs below
  0 unless a value does;
- ticks fall on round steps (1, 2, 2.5 or 5 times a power of ten) and are
  labelled with as many decimals as the step needs, so that no two labels
  read the same ("21%, 21%, 20%" cannot happen).

No Django here; numbers are formatted by `indicators.formatting`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from indicators.formatting import format_value

HUNDRED = Decimal(100)
ZERO = Decimal(0)
# A value axis's title, by the indicator's unit.
TITLES = {
    "percent": "Percentage",
    "rate": "Rate",
    "number": "Number",
    "score": "Score",
    "days": "Days",
    "currency": "Pounds",
}
# Round steps within a power of ten, smallest first.
STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))


@dataclass(frozen=True)
class Axis:
    low: Decimal
    high: Decimal
    step: Decimal
    ticks: tuple[Decimal, ...]
    decimals: int  # what the tick labels need to tell the ticks apart


def value_range(
    values: Iterable[Decimal], *, unit: str, from_zero: bool = False
) -> tuple[Decimal, Decimal]:
    """The span to show: the values with a margin of a tenth of their spread
    each side; from 0 when 0 is within one spread of the lowest value (or
    always, for bars); never below 0 unless a value is, nor above 100 for a
    percentage."""
    shown = list(values)
    low, high = min(shown), max(shown)
    floor = ZERO if low >= 0 else low
    ceiling = HUNDRED if unit == "percent" and high <= HUNDRED else None
    span = high - low or abs(high) or Decimal(10)
    low, high = low - span / 10, high + span / 10
    if from_zero:
        low = min(low, ZERO)
    elif ZERO < low < span:
        low = ZERO
    low = max(low, floor)
    if ceiling is not None:
        high = min(high, ceiling)
    return low, high


def nice_step(span: Decimal, max_ticks: int) -> Decimal:
    """The smallest round step that covers `span` in at most max_ticks - 1
    intervals."""
    raw = span / (max_ticks - 1) if span > 0 else Decimal(1)
    power = Decimal(10) ** (raw.adjusted())
    for multiple in (*STEPS, Decimal(10)):
        if multiple * power >= raw:
            return _plain(multiple * power)
    raise AssertionError("unreachable: 10 x the power always covers raw")


def _plain(value: Decimal) -> Decimal:
    """Without trailing zeros or an exponent: 20, 0.5, 2.5."""
    return Decimal(format(value.normalize(), "f"))


def _decimals(step: Decimal) -> int:
    return max(0, -int(step.normalize().as_tuple().exponent))


def axis_for(
    values: Iterable[Decimal],
    *,
    unit: str,
    max_ticks: int = 5,
    from_zero: bool = False,
) -> Axis:
    """The axis for these values: the range widened to whole steps (within
    the range's limits: 0 and, for a percentage, 100), at most max_ticks
    ticks, and the decimals their labels need."""
    shown = list(values)
    low, high = value_range(shown, unit=unit, from_zero=from_zero)
    floor = ZERO if min(shown) >= 0 else None
    ceiling = HUNDRED if unit == "percent" and max(shown) <= HUNDRED else None
    step = nice_step(high - low, max_ticks)
    while True:
        start = (low / step).to_integral_value(ROUND_FLOOR) * step
        end = (high / step).to_integral_value(ROUND_CEILING) * step
        if floor is not None:
            start = max(start, floor)
        if ceiling is not None:
            end = min(end, ceiling)
        count = int((end - start) / step) + 1
        if count <= max_ticks:
            break
        step = nice_step(step * 2, 2)
    ticks = tuple(_plain(start + step * k) for k in range(count))
    return Axis(_plain(start), _plain(end), step, ticks, _decimals(step))


def plotly_axis(
    values: list[Decimal],
    *,
    unit: str,
    max_ticks: int,
    from_zero: bool = False,
) -> dict[str, Any]:
    """A plotly value axis with this range and these ticks, titled and
    labelled in the indicator's unit (from zero, as plotly would, when
    nothing is drawn)."""
    axis: dict[str, Any] = {"title": {"text": TITLES.get(unit, "Value")}}
    if not values:
        return {**axis, "rangemode": "tozero"}
    scale = axis_for(values, unit=unit, max_ticks=max_ticks, from_zero=from_zero)
    return {
        **axis,
        "range": [float(scale.low), float(scale.high)],
        "autorange": False,
        "tickmode": "array",
        "tickvals": [float(t) for t in scale.ticks],
        "ticktext": [format_value(t, unit, scale.decimals) for t in scale.ticks],
    }
