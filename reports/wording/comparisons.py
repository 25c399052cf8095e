"""The committee's comparisons in words: the same quarter last year, the run
of quarters, last year's quarterly average (counts), the year to date against
the target (cumulative measures) and the regional figure. The facts are
worked out by `indicators.rating.comparisons` (reports/selectors/series.py
calls it); here they are only said."""

from __future__ import annotations

from decimal import Decimal

from indicators.formatting import format_count, ordinal, rounded
from indicators.rating import Direction, direction
from indicators.rating.comparisons import compare_with
from reports.wording.facts import Facts
from reports.wording.phrases import _value, for_period

_ORDINAL_WORDS = {
    3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
    8: "eighth", 9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth",
}  # fmt: skip
_NOUNS = {Direction.IMPROVED: "improvement", Direction.DECLINED: "decline"}


def _threshold(facts: Facts) -> Decimal:
    return facts.significance_threshold or Decimal(0)


def _against(facts: Facts, value: Decimal, other: Decimal) -> str:
    """'higher (better) than', 'lower (worse) than', 'higher than' (no
    polarity), 'similar to' (within the significance threshold) or 'the same
    as', comparing the figures as displayed."""
    mine, theirs = rounded(value, facts.decimals), rounded(other, facts.decimals)
    if mine == theirs:
        return "the same as"
    word = "higher" if mine > theirs else "lower"
    if facts.polarity == "none":
        return f"{word} than"
    judged = direction(mine, theirs, facts.polarity, _threshold(facts))
    if judged == Direction.NO_CHANGE:
        return "similar to"
    return f"{word} ({'better' if judged == Direction.IMPROVED else 'worse'}) than"


def same_quarter_sentence(facts: Facts) -> str:
    """'It is lower (better) than in the same quarter last year, July to
    September 2025 (quarter 2), when it was 22.7%.'"""
    if facts.value is None or facts.last_year_value is None:
        return ""
    words = _against(facts, facts.value, facts.last_year_value)
    if words.endswith("than") or words == "the same as":
        words += " in"
    return (
        f"It is {words} the same quarter last year, {facts.last_year_period},"
        f" when it was {_value(facts, facts.last_year_value)}."
    )


def run_sentence(facts: Facts) -> str:
    """'This continues the improvement seen in 2026/27 Q1.' for two quarters
    in a row; 'It has improved for the third quarter in a row.' for more."""
    if facts.run_length < 2 or facts.run_direction not in _NOUNS:
        return ""
    if facts.run_length == 2:
        noun = _NOUNS[Direction(facts.run_direction)]
        return f"This continues the {noun} seen in {facts.run_since}."
    nth = _ORDINAL_WORDS.get(facts.run_length, ordinal(facts.run_length))
    return f"It has {facts.run_direction} for the {nth} quarter in a row."


def average_sentence(facts: Facts) -> str:
    """A count against last year's quarterly average: 'It is higher than last
    year's quarterly average of 684 (2025/26).'"""
    if facts.value is None or facts.last_year_average is None:
        return ""
    words = _against(facts, facts.value, facts.last_year_average)
    average = _value(facts, facts.last_year_average)
    return (
        f"It is {words} last year's quarterly average of {average} "
        f"({facts.last_year_label})."
    )


def year_to_date_sentence(facts: Facts) -> str:
    """A cumulative measure's year to date against the target: 'Year to date
    (April to September 2026) it is 68.2% (15 of 22), against a target of
    60.0%.'"""
    if facts.year_to_date is None:
        return ""
    count = ""
    if facts.year_to_date_numerator is not None and facts.unit == "percent":
        count = f" ({format_count(facts.year_to_date_numerator, facts.year_to_date_denominator)})"
    text = (
        f"Year to date ({facts.year_to_date_from}) it is "
        f"{_value(facts, facts.year_to_date)}{count}"
    )
    if facts.target is not None:
        text += f", against a target of {_value(facts, facts.target)}"
    return text + "."


def regional_sentence(facts: Facts) -> str:
    """The region's published figure, 'similar to', 'better than' or 'worse
    than' by the significance threshold: 'It is better than the East Midlands
    figure of 26.0%, for the year to 31 March 2025.'"""
    if facts.regional_value is None or not facts.region_name:
        return ""
    when = for_period(facts.comparison_period) if facts.comparison_period else ""
    figure = _value(facts, facts.regional_value)
    tail = f", {when}." if when else "."
    if facts.value is None or facts.polarity == "none":
        return f"The {facts.region_name} figure is {figure}{tail}"
    word = compare_with(
        rounded(facts.value, facts.decimals),
        rounded(facts.regional_value, facts.decimals),
        facts.polarity,
        _threshold(facts),
    )
    return f"It is {word} the {facts.region_name} figure of {figure}{tail}"


def comparison_sentences(facts: Facts) -> list[str]:
    """The comparisons, in the committee's order: the region, the same quarter
    last year, the run of quarters, last year's average, the year to date."""
    parts = [
        regional_sentence(facts),
        same_quarter_sentence(facts),
        run_sentence(facts),
        average_sentence(facts),
        year_to_date_sentence(facts),
    ]
    return [p for p in parts if p]
