"""Number and period formatting: one module of pure functions, used by the
template filters, the exports' display columns and the report's wording, so
that a figure reads the same everywhere."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

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
