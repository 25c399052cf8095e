"""Small helpers shared by the paragraphs: period labels inside a sentence,
counts and values as the reader sees them, better or worse by polarity."""

from __future__ import annotations

import re
from decimal import Decimal

from indicators import rating
from indicators.formatting import (
    format_count,
    format_number,
    format_value,
    rounded,
    with_preposition,
)
from reports.wording.facts import Facts, count_noun

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
    """'better than', 'worse than', 'similar to' (within the significance
    threshold) or 'the same as': `rating.comparison` on the figures as
    displayed, so that the words agree with what is shown."""
    return rating.comparison(
        rounded(value, facts.decimals),
        rounded(other, facts.decimals),
        facts.polarity,
        facts.significance_threshold or Decimal(0),
    ).value


# --- Subjects, units and the authority's name -------------------------------------

_PER = re.compile(r"\bper (\d[\d,]*)( [a-z' ]+)?$")


def _name(facts: Facts) -> str:
    """The indicator's name as written in a sentence: 'per 10,000', with its
    comma, whatever the name was stored with."""
    return re.sub(r"\bper (\d{4,})\b", lambda m: f"per {int(m.group(1)):,}", facts.name)


def _subject(facts: Facts) -> str:
    """What changed, as the subject of 'increased by': a percentage of people
    or things is 'The percentage of agency children's social workers', not
    the workers themselves; a name that says no more than what it measures
    ('Timeliness', 'Social worker turnover rate') stays as it is."""
    name = _name(facts)
    says_what = re.search(r"\b(rate|percentage|proportion)\b", name.lower())
    if facts.unit != "percent" or says_what or not count_noun(name)[1]:
        return name
    first = name if len(name) > 1 and name[1].isupper() else name[:1].lower() + name[1:]
    return f"The percentage of {first}"


def _rate_unit(facts: Facts) -> str:
    """' per 10,000 children' after a change in a rate, read from the name."""
    if facts.unit != "rate":
        return ""
    found = _PER.search(_name(facts))
    return f" {found.group(0)}" if found else ""


def _authority(facts: Facts, *, start: bool = False) -> str:
    """The home authority by its name ('Leicestershire'), or 'the authority'
    in facts stored before the name was."""
    if facts.area:
        return facts.area
    return "The authority" if start else "the authority"
