"""The rules for one figure of the home authority, as officers type it on the
entry page, a return carries it, or the performance team revises it. Pure
functions over plain values, like `indicators.rating`: no ORM, no settings, no clock
(callers pass today and the window).

One home for each rule, called by every path that writes a home figure:

- `parse_number`: what a typed box (lenient about "1,234" and "45%") or a
  return's cell (only the contract's format: ASCII digits, a sign, a decimal
  point) may hold; never digits of other scripts.
- `check_figure`: counts not negative, numerator within the denominator for
  percentages, a percentage from 0 to 100, no negative number, rate or days;
  the value worked out from the counts (to six decimal places) when it is not
  given, and checked against them (to the indicator's decimal places) when it
  is.
- `submission_problems`: what a figure needs before it is submitted (or
  published through a return): a value, and commentary if it rates red.
- `EntryWindow`: which periods are open for entry on a given day.

Errors are keyed by the column they belong to (`value`, `numerator`,
`denominator`, `commentary`), as a return names its columns; the entry page
puts each under its box and the import lists it with its row.

Callers use this package's names (`from indicators import figure_rules`);
the modules are `numbers` (reading and storing numbers, and the reasons as
a page says them), `figures` (one figure's rules) and `window` (the periods
open for entry).
"""

from __future__ import annotations

from indicators.figure_rules.figures import (
    COUNT_UNITS,
    NON_NEGATIVE_UNITS,
    RED_NEEDS_COMMENTARY,
    CheckedFigure,
    FigureKind,
    agrees,
    check_figure,
    is_worked_out,
    multiplier,
    submission_problems,
    takes_counts,
    worked_out,
)
from indicators.figure_rules.numbers import (
    COLUMN_LABELS,
    MAX_ABS_VALUE,
    STORED_PLACES,
    NumberError,
    parse_number,
    say,
    stored,
)
from indicators.figure_rules.window import (
    DEFAULT_QUARTERS_OPEN,
    EntryWindow,
    closes_on,
    quarter_of,
)

__all__ = [
    "COLUMN_LABELS",
    "COUNT_UNITS",
    "CheckedFigure",
    "DEFAULT_QUARTERS_OPEN",
    "EntryWindow",
    "FigureKind",
    "MAX_ABS_VALUE",
    "NON_NEGATIVE_UNITS",
    "NumberError",
    "RED_NEEDS_COMMENTARY",
    "STORED_PLACES",
    "agrees",
    "check_figure",
    "closes_on",
    "is_worked_out",
    "multiplier",
    "parse_number",
    "quarter_of",
    "say",
    "stored",
    "submission_problems",
    "takes_counts",
    "worked_out",
]
