"""The unit a measure's `y_axis_name` implies (the rules in
`indicators.lait`'s docstring)."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple


class Unit(StrEnum):
    """The project's units (`Indicator.Unit`)."""

    PERCENT = "percent"
    NUMBER = "number"
    RATE = "rate"
    SCORE = "score"
    CURRENCY = "currency"


class AxisUnit(NamedTuple):
    unit: Unit | None  # None: an axis name the rules do not know
    multiplier: int | None = None  # per 10,000 for `Rate per 10,000`


_AXIS_EXACT = {
    "entries": Unit.PERCENT,  # EBacc entries, a percentage (chart titles say %)
    "absence rate": Unit.PERCENT,  # social worker absence, % of working days
    "turnover rate": Unit.PERCENT,  # social worker turnover (%)
    "spend": Unit.CURRENCY,  # gross expenditure, pounds
    "unit cost": Unit.CURRENCY,  # weekly unit cost, pounds
    "total cases": Unit.NUMBER,
    "social workers": Unit.NUMBER,  # FTE
    "starters fte": Unit.NUMBER,
    "leavers fte": Unit.NUMBER,
    "case load": Unit.NUMBER,  # average cases per social worker
    "score": Unit.SCORE,
}
_RATE_RE = re.compile(r"^rate per ([\d,]+)\b")


def unit_for_axis(axis_name: str) -> AxisUnit:
    """The unit a measure's `y_axis_name` implies (rules in the module's
    docstring): `% of pupils` is percent, `Rate per 10,000` a rate per
    10,000, `Unit Cost` currency, `Average Score` a score."""
    name = " ".join(axis_name.split()).casefold()
    if name in _AXIS_EXACT:
        return AxisUnit(_AXIS_EXACT[name])
    if "%" in name:
        return AxisUnit(Unit.PERCENT)
    if match := _RATE_RE.match(name):
        return AxisUnit(Unit.RATE, int(match.group(1).replace(",", "")))
    if name.startswith("average") or re.search(r"\bscore\b", name):
        return AxisUnit(Unit.SCORE)
    if name.startswith("number"):
        return AxisUnit(Unit.NUMBER)
    return AxisUnit(None)
