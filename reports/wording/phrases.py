"""Small helpers shared by the paragraphs: period labels inside a sentence,
counts and values as the reader sees them, better or worse by polarity."""

from __future__ import annotations

from decimal import Decimal

from indicators.formatting import (
    format_count,
    format_number,
    format_value,
    rounded,
    with_preposition,
)
from reports.wording.facts import Facts

# --- Small helpers ---------------------------------------------------------------


def the(label: str) -> str:
    """A period's name after a word such as 'from': 'the year to 31 March
    2025', '31 March 2025' (a snapshot). The rule is `formatting`'s."""
    return with_preposition(label, "")


def in_period(label: str) -> str:
    """'in October to December 2025 (quarter 3)'; 'in the year to 31 March
    2025'; 'at 31 March 2025'."""
    return with_preposition(label, "in")


def for_period(label: str) -> str:
    """'for the year to 31 March 2025'; 'at 31 March 2025'."""
    return with_preposition(label, "for")


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", "”")) else text + "."


def _count(n: Decimal) -> str:
    return format_number(n, 0 if n == n.to_integral() else 1)


def _noun(facts: Facts, n: Decimal) -> str:
    return facts.noun_singular if n == 1 else facts.noun_plural


def _value(facts: Facts, value: Decimal | None, symbol: str = "") -> str:
    return format_value(value, facts.unit, facts.decimals, symbol)


def count_phrase(facts: Facts) -> str:
    """' (28 children)' behind a rate: the count, with what it counts; or
    ' (28 of 184)' when the name does not say. Empty for plain numbers."""
    if facts.numerator is None or facts.unit not in ("percent", "rate"):
        return ""
    if facts.noun_plural:
        return f" ({_count(facts.numerator)} {_noun(facts, facts.numerator)})"
    return f" ({format_count(facts.numerator, facts.denominator)})"


def _rounded_change(facts: Facts) -> Decimal | None:
    """The change as the reader sees it: between the figures as displayed,
    so that the words and the two figures always agree."""
    if facts.value is None or facts.previous_value is None:
        return None
    return rounded(facts.value, facts.decimals) - rounded(
        facts.previous_value, facts.decimals
    )


def _better(facts: Facts, value: Decimal, other: Decimal) -> str:
    """'better than', 'worse than' or 'the same as', by polarity, comparing
    the figures as displayed."""
    mine, theirs = rounded(value, facts.decimals), rounded(other, facts.decimals)
    if mine == theirs:
        return "the same as"
    higher = mine > theirs
    return "better than" if higher == (facts.polarity == "higher") else "worse than"
