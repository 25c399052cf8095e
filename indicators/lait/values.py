"""LAIT's `Values` cells: numbers rounded to six places and normalised; the
symbol `-` kept as a symbol, never zero."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from indicators import rating

# --- Values ------------------------------------------------------------------------

VALUE_PLACES = 6  # the database keeps six decimal places
_PLACES = Decimal(1).scaleb(-VALUE_PLACES)


def parse_lait_value(text: object) -> rating.Figure:
    """A `Values` cell as a figure: `rating.parse_figure` (scientific notation,
    negatives, the suppression symbols, empty), then rounded to six places
    and normalised, so that float noise goes: `37.700000000000003` is 37.7,
    `9.3699999999999992` is 9.37, `4.7980000000000002E-2` is 0.04798. A symbol
    (`-` in LAIT) is kept with no value, never zero. Raises
    `rating.FigureError` for anything else."""
    if type(text) is str:
        return _parse_text_value(text)
    return _parse_value(text)


# The file holds about 55,000 distinct values in 641,070 cells: remembering
# the latest 65,536 readings halves the time a whole file takes.
@lru_cache(maxsize=1 << 16)
def _parse_text_value(text: str) -> rating.Figure:
    return _parse_value(text)


def _parse_value(text: object) -> rating.Figure:
    figure = rating.parse_figure(text)
    value = figure.value
    if value is None:
        return figure
    exponent = value.as_tuple().exponent  # an int: parse_figure refuses NaN
    if isinstance(exponent, int) and exponent < -VALUE_PLACES:
        value = value.quantize(_PLACES, rounding=ROUND_HALF_EVEN)
    return rating.Figure(_tidy(value))


def _tidy(value: Decimal) -> Decimal:
    """Without trailing zeros or an exponent: 37.7, 100, 0 (never 1E+2 or -0)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1)) + 0
    return value.normalize()
