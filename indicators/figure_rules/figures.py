"""The rules for one figure of the home authority, as officers type it on the
entry page, a return carries it, or the performance team revises it. Pure
functions over plain values, like `rating.py`: no ORM, no settings, no clock
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
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from indicators import formatting, rating

STORED_PLACES = Decimal("0.000001")  # figures are stored to six decimal places
MAX_ABS_VALUE = rating.MAX_ABS_VALUE

COUNT_UNITS = ("percent", "rate")  # units whose figure is worked out from counts
NON_NEGATIVE_UNITS = ("percent", "number", "rate", "days")


# --- Numbers as typed and as written in a return ---------------------------------------

# The contract's format: ASCII digits, an optional sign and decimal point, and
# the exponent a spreadsheet writes for very small or large numbers (1E-05).
_RETURN_NUMBER = re.compile(
    r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?"
)
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


class NumberError(ValueError):
    """Text that is not a number in the format asked for; the message says why."""


def parse_number(text: str | None, *, typed: bool = False) -> Decimal | None:
    """A figure from a return's cell, or (`typed`) from a box on a page.

    Empty is None. A return's cell holds the contract's format only: "15.2",
    "-3", "1E-05"; not "1,234" (a comma is a decimal point in much of
    Europe), not "45%" (write 45), and never digits of other scripts such as
    "١٢٣", which Python's Decimal would otherwise read as 123. A typed box
    also takes "1,234" and "45%", which mean one thing to an English
    council's officer, but still only the digits 0 to 9."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    if typed:
        cleaned = cleaned.removesuffix("%").strip()
        if _THOUSANDS.fullmatch(cleaned):
            cleaned = cleaned.replace(",", "")
    if not _RETURN_NUMBER.fullmatch(cleaned):
        raise NumberError(_why_not_a_number(text or "", typed=typed))
    value = Decimal(cleaned)
    if not value.is_finite() or abs(value) >= MAX_ABS_VALUE:
        raise NumberError("is too large (1,000,000,000,000 or more)")
    return value.normalize() if value == value.to_integral() else value


def _why_not_a_number(text: str, *, typed: bool) -> str:
    shown = text.strip()
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    if any(ch.isdigit() and not "0" <= ch <= "9" for ch in shown):
        return f"'{shown}' is not a number: use the digits 0 to 9"
    if not typed and _THOUSANDS.fullmatch(shown.replace(" ", "")):
        return f"'{shown}' is not a number as a return writes it: leave out the thousands separators ({shown.replace(',', '')})"
    if not typed and shown.endswith("%"):
        return f"'{shown}' is not a number as a return writes it: write a percentage without the % sign ({shown.removesuffix('%').strip()})"
    return f"'{shown}' is not a number"


def stored(value: Decimal) -> Decimal:
    """A figure to at most the six decimal places it is stored with (half
    up); one with fewer places is left as it is."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -6:
        return value
    return value.quantize(STORED_PLACES, rounding=ROUND_HALF_UP)


COLUMN_LABELS = {
    "value": "Value",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "commentary": "Commentary",
}


def say(column: str, reason: str) -> str:
    """A rule's reason as a page says it, "Value must not be negative"; a
    return says it with its column instead ("row 3, column value: must not
    be negative")."""
    label = COLUMN_LABELS.get(column)
    return f"{label} {reason}" if label else reason[:1].upper() + reason[1:]


# --- One figure --------------------------------------------------------------------------

_RATE_BASE = re.compile(r"\bper\s+([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\b", re.IGNORECASE)


def multiplier(unit: str, name: str = "") -> Decimal | None:
    """What numerator / denominator is multiplied by to give the figure: 100
    for a percentage; for a rate, the base its name states ("per 10,000
    children" is 10,000); None when the counts cannot give the figure."""
    if unit == "percent":
        return Decimal(100)
    if unit == "rate" and (match := _RATE_BASE.search(name)):
        base = Decimal(match.group(1).replace(",", ""))
        return base if base > 0 else None
    return None


def takes_counts(unit: str) -> bool:
    """Whether a figure in this unit is a count over a base (so the entry page
    offers numerator and denominator boxes)."""
    return unit in COUNT_UNITS


@dataclass(frozen=True)
class FigureKind:
    """What the rules need to know of an indicator."""

    unit: str
    decimals: int = 1
    name: str = ""

    @property
    def multiplier(self) -> Decimal | None:
        return multiplier(self.unit, self.name)


@dataclass(frozen=True)
class CheckedFigure:
    """A figure after the rules: the value to store (given, or worked out from
    the counts), and every problem by column."""

    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    worked_out: bool = False
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def worked_out(numerator: Decimal, denominator: Decimal, times: Decimal) -> Decimal:
    """numerator / denominator x the multiplier, kept to six decimal places
    (7 of 9 is 77.777778%): the database keeps six, so the figure stored is
    the figure checked."""
    return stored(numerator * times / denominator)


def is_worked_out(
    kind: FigureKind,
    *,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> bool:
    """Whether a stored value is exactly what its counts give, as it is when
    it was worked out from them."""
    times = kind.multiplier
    if value is None or numerator is None or not denominator or times is None:
        return False
    return worked_out(numerator, denominator, times) == value


def agrees(value: Decimal, computed: Decimal, decimals: int) -> bool:
    """Whether a given value is the counts' figure to the indicator's decimal
    places: within half a unit of its last place (77.8 and 7 of 9 agree at
    one place; 50 and 1 of 10 do not)."""
    return abs(value - computed) <= Decimal(5).scaleb(-(decimals + 1))


def _plain(value: Decimal) -> str:
    """A number as typed: 1,614 or 0.58 (never 1.614E+3)."""
    return f"{value.normalize():,f}"


def check_figure(
    kind: FigureKind,
    *,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    symbol: str = "",
    require_value: bool = False,
) -> CheckedFigure:
    """Apply every rule for one figure. `symbol` is a suppression symbol given
    instead of a value (returns only); `require_value` is set for a figure
    being submitted or published."""
    errors: dict[str, list[str]] = {}

    def error(column: str, reason: str) -> None:
        errors.setdefault(column, []).append(reason)

    for column, count in (("numerator", numerator), ("denominator", denominator)):
        if count is not None and count < 0:
            error(column, "must not be negative")
    counts_given = numerator is not None and denominator is not None
    times = kind.multiplier
    is_percent = kind.unit == "percent"
    if is_percent and counts_given and numerator > denominator:  # type: ignore[operator]
        error("numerator", "is larger than the denominator")
    computed: Decimal | None = None
    if counts_given and takes_counts(kind.unit) and not errors:
        if denominator == 0:
            what = "percentage" if is_percent else "rate"
            error("denominator", f"is zero, so no {what} can be worked out")
        elif times is not None:
            computed = worked_out(numerator, denominator, times)  # type: ignore[arg-type]
            if abs(computed) >= MAX_ABS_VALUE:
                error("value", "worked out from the counts is too large")
                computed = None
    result_value, from_counts = value, False
    if value is None and not symbol:
        if computed is not None:
            result_value, from_counts = computed, True
        elif counts_given and not errors:
            if kind.unit == "rate":
                error(
                    "value",
                    "is required: the indicator's name does not say per how many"
                    " (e.g. 'per 10,000'), so it cannot be worked out from the counts",
                )
            elif not takes_counts(kind.unit):
                error(
                    "value",
                    "is required for an indicator that is not a percentage or a rate",
                )
        elif require_value and not counts_given:
            error(
                "value",
                "is required (or give numerator and denominator)"
                if takes_counts(kind.unit)
                else "is required",
            )
    elif value is not None and counts_given and takes_counts(kind.unit):
        if computed is not None and not agrees(value, computed, kind.decimals):
            shown = formatting.format_value(computed, kind.unit, kind.decimals)
            hint = (
                f" (a percentage is written as {_plain(stored(value * 100))}, not {_plain(value)})"
                if is_percent and agrees(value * 100, computed, kind.decimals)
                else ". Correct one of them, or leave the value empty to work it out"
            )
            error(
                "value",
                f"does not agree with the numerator and denominator:"
                f" {_plain(numerator)} of {_plain(denominator)} is {shown}{hint}",  # type: ignore[arg-type]
            )
        elif computed is None and times is None and not errors:
            error(
                "value",
                "cannot be checked against the counts: the indicator's name does not"
                " say per how many (e.g. 'per 10,000'); leave out the counts",
            )
    if result_value is not None:
        if result_value < 0 and kind.unit in NON_NEGATIVE_UNITS:
            error("value", "must not be negative")
        elif is_percent and result_value > 100:
            error(
                "value", "is over 100 for a percentage (write 15.2, not 0.152 or 1520)"
            )
        result_value = stored(result_value)
    return CheckedFigure(
        value=result_value,
        numerator=stored(numerator) if numerator is not None else None,
        denominator=stored(denominator) if denominator is not None else None,
        worked_out=from_counts,
        errors=errors,
    )


RED_NEEDS_COMMENTARY = (
    "is required for a figure that rates red: explain it in the commentary"
)


def submission_problems(
    *, value: Decimal | None, symbol: str = "", rag: str, commentary: str
) -> dict[str, list[str]]:
    """What stops a figure being submitted (or published through a return):
    no value at all, or a red rating with no commentary. `rag` is what the
    figure would rate (`rating.Rag`)."""
    if value is None and not symbol:
        return {"value": ["is required before the figure is submitted"]}
    if rating.needs_commentary(rag=rag, commentary=commentary):
        return {"commentary": [RED_NEEDS_COMMENTARY]}
    return {}


# --- Which periods are open ----------------------------------------------------------------

DEFAULT_QUARTERS_OPEN = 4


def quarter_of(day: date) -> rating.Period:
    """The financial quarter (Q1 April to June) that `day` falls in."""
    start_year = day.year if day.month >= 4 else day.year - 1
    return rating.quarter_period(start_year, (day.month - 4) % 12 // 3 + 1)


def closes_on(period: rating.Period, quarters_open: int) -> date:
    """The last day a period is open for entry: the end of the quarter
    `quarters_open` quarters after the one it ends in (a quarter ending 30
    September 2025, open for 4, closes at the end of 30 September 2026)."""
    year, month = divmod(
        period.end.year * 12 + period.end.month - 1 + 3 * quarters_open, 12
    )
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


@dataclass(frozen=True)
class EntryWindow:
    """The periods open for the home authority's figures on `today`.

    A period opens the day after it ends (figures describe what happened) and
    stays open for `quarters_open` quarters after that, so a figure reported
    one or two quarters in arrears still has a period to go to. After that it
    is closed: only the performance team (`may_enter_closed`, which is also
    given to imports from the command line) may enter a late figure. A period
    that has not ended is open to nobody."""

    today: date
    quarters_open: int = DEFAULT_QUARTERS_OPEN
    may_enter_closed: bool = False

    def problem(self, period: rating.Period) -> str | None:
        """Why a figure for `period` cannot be entered now, or None."""
        if period.end >= self.today:
            opens = period.end + timedelta(days=1)
            return (
                f"{period.label} has not ended: its figures can be entered from"
                f" {_day(opens)}"
            )
        closed = closes_on(period, self.quarters_open)
        if closed < self.today and not self.may_enter_closed:
            return (
                f"{period.label} is closed for entry (it was open until {_day(closed)}):"
                " ask the performance team to enter a late figure"
            )
        return None

    def open_quarters(self) -> list[rating.Period]:
        """The quarters open to officers, newest first: the last
        `quarters_open` quarters that have ended."""
        quarter = rating.previous_period(quarter_of(self.today))
        found = []
        for _ in range(self.quarters_open):
            found.append(quarter)
            quarter = rating.previous_period(quarter)
        return found


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
