"""Number and period formatting: one module of pure functions, used by the
template filters, the exports' display columns and the report's wording, so
that a figure reads the same everywhere."""

from __future__ import annotations

import re
from datetime import date as date_type
from decimal import ROUND_HALF_UP, Decimal

from indicators.rating import Measured, Period, PeriodKind, YearType

SYMBOL_MEANINGS = {
    "c": "suppressed",
    "x": "not available",
    "z": "not applicable",
    "low": "fewer than 0.5",
    "k": "fewer than 0.5",
    "u": "low reliability",
    ":": "not available",
    "..": "not available",
    "-": "not available",
}
NOT_AVAILABLE = "not available"


def symbol_meaning(symbol: str) -> str:
    """What a suppression symbol means, in words."""
    return SYMBOL_MEANINGS.get(symbol.strip().lower(), NOT_AVAILABLE)


def rounded(value: Decimal, decimals: int) -> Decimal:
    """Half-up rounding to the indicator's decimal places, as published
    statistics round (never binary floating point)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: Decimal, decimals: int = 0) -> str:
    """1234.5 -> '1,234.5' at the given decimal places."""
    return f"{rounded(value, decimals):,.{decimals}f}"


def format_value(
    value: Decimal | None, unit: str, decimals: int, symbol: str = ""
) -> str:
    """A figure in its unit: '24.8%', '1,234', '£1,234.50', '12.3 days'; a
    suppressed or missing figure in words."""
    if value is None:
        return symbol_meaning(symbol) if symbol else NOT_AVAILABLE
    number = format_number(value, decimals)
    if unit == "percent":
        return f"{number}%"
    if unit == "currency":
        sign = "-" if value < 0 else ""
        return f"{sign}£{format_number(abs(value), decimals)}"
    if unit == "days":
        return f"{number} day" if rounded(value, decimals) == 1 else f"{number} days"
    return number


def format_figure(
    value: Decimal | None, unit: str, decimals: int, symbol: str = ""
) -> str:
    """A figure as a table shows it: its value in its unit, or, where DfE
    published a symbol, the symbol itself with its meaning ('c (suppressed)'):
    the symbol is the figure. Nothing published at all is 'not available'."""
    if value is None and symbol:
        return f"{symbol} ({symbol_meaning(symbol)})"
    return format_value(value, unit, decimals)


def figure_marks(*, provenance: str, provisional: bool) -> str:
    """What a printed figure must say about itself: 'illustrative' (made
    up), 'provisional' (not yet validated), both, or ''."""
    marks = ["illustrative"] if provenance == "illustrative" else []
    if provisional:
        marks.append("provisional")
    return ", ".join(marks)


def format_count(numerator: Decimal | None, denominator: Decimal | None) -> str:
    """The count behind a rate: '28 of 184', or '28' with no denominator."""
    if numerator is None:
        return ""
    count = format_number(numerator, 0 if numerator == numerator.to_integral() else 1)
    if denominator is None:
        return count
    base = format_number(
        denominator, 0 if denominator == denominator.to_integral() else 1
    )
    return f"{count} of {base}"


def format_change(change: Decimal, unit: str, decimals: int) -> str:
    """The size of a change in the indicator's own unit, unsigned: a change in
    a percentage is in percentage points ('2.1 percentage points'), never '%'.
    Callers say which way it went."""
    size = abs(change)
    if unit == "percent":
        points = format_number(size, decimals)
        return f"{points} percentage point" + (
            "" if rounded(size, decimals) == 1 else "s"
        )
    return format_value(size, unit, decimals)


def format_signed_change(change: Decimal, unit: str, decimals: int) -> str:
    """A change with its sign, in the indicator's own unit: '+2.1 percentage
    points' for a percentage, '-3' for a count; 'no change' when it rounds to
    nothing."""
    if rounded(change, decimals) == 0:
        return "no change"
    sign = "+" if change > 0 else "-"
    return sign + format_change(change, unit, decimals)


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 22 -> '22nd'."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def group_said(name: str) -> str:
    """A group's name inside a sentence: 'statistical neighbours', 'all
    counties', but 'East Midlands' and a named group as written."""
    first = name.split(" ", 1)[0]
    return name[:1].lower() + name[1:] if first in ("All", "Statistical") else name


def format_quartile(
    quartile: int | None, rank: int | None = None, rank_of: int | None = None
) -> str:
    """'2nd quartile (rank 41 of 152)'; '' when there is no national data."""
    if quartile is None:
        return ""
    text = f"{ordinal(quartile)} quartile"
    if rank is not None and rank_of is not None:
        text += f" (rank {rank} of {rank_of})"
    return text


DIRECTION_ARROWS = {"improved": "↑", "declined": "↓", "no significant change": "→"}
DIRECTION_WORDS = {
    "improved": "Improved",
    "declined": "Declined",
    "no significant change": "No significant change",
    "n/a": "Not applicable",
}
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "n/a": "Not rated"}


def direction_arrow(direction: str) -> str:
    return DIRECTION_ARROWS.get(direction, "")


def direction_words(direction: str) -> str:
    return DIRECTION_WORDS.get(direction, "Not applicable")


def rag_words(rag: str) -> str:
    return RAG_WORDS.get(rag, "Not rated")


def format_mean(value: Decimal | None, count: int, unit: str, decimals: int) -> str:
    """A neighbours' mean with how many contributed: '25.9% (10 neighbours)'."""
    if value is None:
        return NOT_AVAILABLE
    plural = "neighbour" if count == 1 else "neighbours"
    return f"{format_value(value, unit, decimals)} ({count} {plural})"


def plain(value: Decimal | None) -> str:
    """A figure as people write it, unrounded: 40, not 4E+1 or 40.000000;
    '' for none (a box left empty, a value not given)."""
    return "" if value is None else format(value.normalize(), "f")


# --- How a period is said --------------------------------------------------------

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
_NUMBERS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten")  # fmt: skip
# A name that reads with "the" in a sentence: "in the year to 31 March 2025".
_TAKES_THE = re.compile(r"^(\w+ )?years? to |academic year$")


def _day(when: date_type) -> str:
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year}"


def _financial_quarter(period: Period) -> int:
    """1 for April to June ... 4 for January to March."""
    return (period.start.month - 4) % 12 // 3 + 1


def period_name(
    period: Period, measured: str = Measured.OVER, span_years: int = 1
) -> str:
    """A period as the committee names it, in a label, a cell or a heading:
    "at 31 March 2025" (a snapshot), "year to 31 March 2025", "two years to
    31 March 2025", "year to 30 September 2025", "2024/25 academic year",
    "October to December 2025 (quarter 3)". `say_period` puts it in a
    sentence."""
    end, year_type = period.end, YearType(period.year_type)
    january = year_type is YearType.JANUARY and period.kind is PeriodKind.YEAR
    if measured == Measured.AT:
        if january:
            return f"at the January {end.year} school census"
        return f"at {_day(end)}"
    to = f"{_MONTHS[0]} {end.year}" if january else _day(end)
    if span_years > 1:
        count = _NUMBERS[span_years] if span_years < len(_NUMBERS) else span_years
        return f"{count} years to {to}"
    if period.kind is PeriodKind.QUARTER:
        months = f"{_MONTHS[period.start.month - 1]} to {_MONTHS[end.month - 1]}"
        return f"{months} {end.year} (quarter {_financial_quarter(period)})"
    if period.kind is PeriodKind.MONTH:
        return f"{_MONTHS[end.month - 1]} {end.year}"
    if year_type is YearType.ACADEMIC:
        return f"{period.label} academic year"
    if year_type in (YearType.FINANCIAL, YearType.CALENDAR):
        return period.label
    return f"year to {to}"


def with_preposition(name: str, preposition: str = "in") -> str:
    """A period's name in a sentence: "in the year to 31 March 2025", "for
    the 2024/25 academic year", "in October to December 2025 (quarter 3)";
    a snapshot keeps its "at". With no preposition, the name after a word
    such as "from": "the year to 31 March 2024", "31 March 2024"."""
    if name.startswith("at "):
        return name if preposition else name.removeprefix("at ")
    named = f"the {name}" if _TAKES_THE.search(name) else name
    return f"{preposition} {named}" if preposition else named


def say_period(
    period: Period, measured: str = Measured.OVER, span_years: int = 1
) -> str:
    """A period in a sentence, as the committee says it: "at 31 March 2025",
    "in the year to 31 March 2025", "in the two years to 31 March 2025", "in
    the 2024/25 academic year", "in October to December 2025 (quarter 3)"."""
    return with_preposition(period_name(period, measured, span_years))


def months_between(start: date_type, end: date_type) -> str:
    """The months a span covers, as the committee says a year to date:
    "April to September 2026", "April 2026 to March 2027"."""
    first, last = _MONTHS[start.month - 1], _MONTHS[end.month - 1]
    if start.year == end.year:
        return f"{first} to {last} {end.year}"
    return f"{first} {start.year} to {last} {end.year}"
