"""One indicator's paragraph, sentence by sentence."""

from __future__ import annotations

from decimal import Decimal

from indicators import rating
from indicators.formatting import (
    format_change,
    format_mean,
    ordinal,
    symbol_meaning,
)
from indicators.summary import QUARTILE_NAMES
from reports.wording.comparisons import comparison_sentences
from reports.wording.facts import Facts
from reports.wording.phrases import (
    _authority,
    _better,
    _count,
    _name,
    _noun,
    _rate_unit,
    _rounded_change,
    _sentence,
    _subject,
    _value,
    count_phrase,
    for_period,
    in_period,
    the,
)

# --- The indicator paragraph ------------------------------------------------------------


def figure_sentence(facts: Facts) -> str:
    """The value and its count, and the change from the previous period in the
    indicator's own unit (percentage points for percentages), with its
    judgement: 'higher (worse) than', as the committee writes."""
    name, when = _name(facts), in_period(facts.period)
    if facts.value is None:
        if facts.suppression:
            return (
                f"{name}: the figure {for_period(facts.period)} is "
                f"{symbol_meaning(facts.suppression)} (shown as “{facts.suppression}”), "
                "so it cannot be compared or rated."
            )
        return f"{name}: there is no figure {for_period(facts.period)}."
    shown = _value(facts, facts.value) + count_phrase(facts)
    change = _rounded_change(facts)
    # "{name}: ..." rather than "{name} was ...": names are noun phrases,
    # often plural ("Children becoming subject to ..."), so no verb to agree.
    if change is None:
        return f"{name}: {shown} {when}."
    before = in_period(facts.previous_period)
    if change == 0 and facts.value == facts.previous_value:
        return f"{name}: {shown} {when}, unchanged from {the(facts.previous_period)}."
    if change == 0:
        return (
            f"{name}: {shown} {when}, almost unchanged from "
            f"{_value(facts, facts.previous_value)} {before}."
        )
    verb = "increased" if change > 0 else "decreased"
    size = format_change(change, facts.unit, facts.decimals) + _rate_unit(facts)
    return (
        f"{_subject(facts)} {verb} by {size} to {shown} {when}, "
        f"{_judged(facts, change)} {_value(facts, facts.previous_value)} {before}."
    )


def _judged(facts: Facts, change: Decimal) -> str:
    """'higher (worse) than' for a decline, 'lower (better) than' for an
    improvement; a plain 'from' when the rules make no judgement."""
    if facts.direction not in ("improved", "declined"):
        return "from"
    way = "higher" if change > 0 else "lower"
    judgement = "better" if facts.direction == "improved" else "worse"
    return f"{way} ({judgement}) than"


def lag_sentence(facts: Facts) -> str:
    """Data lag: the latest figure belongs to an earlier period than the
    report's, because the measure is annual or reported in arrears."""
    if not facts.lagged:
        return ""
    if facts.annual:
        return (
            "This is an annual measure: the latest available figure is "
            f"{for_period(facts.period)}."
        )
    return (
        f"Latest available: {facts.period}; there is no figure yet "
        f"{for_period(facts.report_period)}."
    )


def revision_sentence(facts: Facts) -> str:
    if not facts.revision_note.strip():
        return ""
    return _sentence(f"This figure has been revised: {facts.revision_note.strip()}")


def _direction_only(facts: Facts) -> str:
    if facts.value is None:
        return ""
    if facts.polarity == "none":
        return "This measure has no polarity, so no direction of travel is given."
    if facts.previous_value is None:
        return "There is no earlier figure to compare with."
    judged = facts.direction in ("improved", "declined")
    if judged and _rounded_change(facts) != 0:
        return ""  # the figure sentence said it: "higher (worse) than"
    if facts.direction == "improved":
        return "This is an improvement."
    if facts.direction == "declined":
        return "This is a decline."
    if facts.direction == "no significant change" and _rounded_change(facts) != 0:
        return "This is not a significant change."
    return ""


def _ranked(facts: Facts) -> str:
    if facts.rank is None or facts.rank_of is None:
        return ""
    return f", ranked {ordinal(facts.rank)} of {facts.rank_of}"


def direction_and_quartile(facts: Facts) -> list[str]:
    """Direction of travel in words and the national quartile with its
    movement: 'This improvement moves Leicestershire from the bottom quartile
    into the third quartile of local authorities by available comparisons';
    for a quarter placed against annual data, the official position too."""
    direction = _direction_only(facts)
    if facts.value is None or facts.polarity == "none" or not facts.banded:
        return [direction] if direction else []
    if facts.quartile is None:
        missing = "No national benchmark is available for this measure."
        return [s for s in (direction, missing) if s]
    compared = f" ({facts.comparison_period})" if facts.comparison_period else ""
    where = f"of local authorities by available comparisons{compared}{_ranked(facts)}."
    now, before = facts.quartile, facts.previous_quartile
    who = _authority(facts, start=True)
    if before is None:
        quartile = f"{who} is in {QUARTILE_NAMES[now]} {where}"
    elif before == now:
        quartile = f"{who} remains in {QUARTILE_NAMES[now]} {where}"
    else:
        lead = "This moves"
        if now < before and facts.direction == "improved":
            lead, direction = "This improvement moves", ""
        elif now > before and facts.direction == "declined":
            lead, direction = "This decline moves", ""
        quartile = (
            f"{lead} {_authority(facts)} from {QUARTILE_NAMES[before]} into "
            f"{QUARTILE_NAMES[now]} {where}"
        )
    return [s for s in (direction, quartile, official_sentence(facts)) if s]


def official_sentence(facts: Facts) -> str:
    """DESIGN's "Official position": a quarter placed against annual national
    data is an estimate; the authority's published figure for the year is
    the official position. 'This is an estimate from the figure for 2026/27
    Q2; the official position is Leicestershire's published figure for the
    year to 31 March 2025, 24.8%, in the third quartile, ranked 84th of 153.'"""
    if facts.official_value is None or facts.quartile is None:
        return ""
    placed = ""
    if facts.official_quartile is not None:
        placed = f", in {QUARTILE_NAMES[facts.official_quartile]}"
        if facts.official_rank is not None and facts.official_rank_of is not None:
            placed += (
                f", ranked {ordinal(facts.official_rank)} of {facts.official_rank_of}"
            )
    return (
        f"This is an estimate from the figure {for_period(facts.period)}; the"
        f" official position is {_authority(facts)}'s published figure"
        f" {for_period(facts.comparison_period)},"
        f" {_value(facts, facts.official_value)}{placed}."
    )


def benchmark_sentence(facts: Facts) -> str:
    """Statistical neighbours and England, with the period they come from;
    better or worse by polarity."""
    england, neighbours = facts.england_value, facts.neighbour_mean
    if england is None and neighbours is None:
        return ""
    when = for_period(facts.comparison_period)
    both = england is not None and neighbours is not None
    neighbours_text = ""
    if neighbours is not None:
        neighbours_text = format_mean(
            neighbours, facts.neighbour_count, facts.unit, facts.decimals
        )
    if facts.value is None or facts.polarity == "none":
        parts = []
        if england is not None:
            parts.append(f"England's figure is {_value(facts, england)}")
        if neighbours is not None:
            parts.append(f"the statistical neighbours' average is {neighbours_text}")
        text = " and ".join(parts)
        return f"{text[0].upper()}{text[1:]}, {'both ' if both else ''}{when}."
    parts = []
    previous_word = ""
    if england is not None:
        previous_word = _better(facts, facts.value, england)
        parts.append(f"{previous_word} England's {_value(facts, england)}")
    if neighbours is not None:
        word = _better(facts, facts.value, neighbours)
        lead = "" if word == previous_word else f"{word} "
        parts.append(f"{lead}the statistical neighbours' average of {neighbours_text}")
    return f"It is {' and '.join(parts)}, {'both ' if both else ''}{when}."


def rag_sentence(facts: Facts) -> str:
    if facts.polarity == "none" or facts.rag_method == "none" or facts.value is None:
        return ""
    if facts.rag_method == "target":
        if facts.target is None:
            return "There is no target for this period, so it is not RAG rated."
        return f"It is rated {facts.rag} against a target of {_value(facts, facts.target)}."
    if facts.rag_method == "quartile":
        if facts.rag == "n/a":
            return "It is not RAG rated, as there is no national quartile."
        return f"It is rated {facts.rag} by its national quartile."
    if facts.rag == "n/a":
        return "It has not been RAG rated by the performance team."
    return f"It is rated {facts.rag} by the performance team."


def small_numbers_sentence(facts: Facts) -> str:
    """The count and the base behind a rate, when it is small, when the count
    moved against the rate, or when the rate moved mainly because the base
    changed (`rating.count_change` decides): 'Small numbers: 28 of 184
    children, against 30 of 143 in 2026/27 Q1: the fall in the rate came
    mainly from the base growing from 143 to 184, with 2 fewer children.'
    Without the earlier base, the older and shorter caveat."""
    if facts.value is None:
        return ""
    change = rating.count_change(
        facts.numerator,
        facts.denominator,
        facts.previous_numerator,
        facts.previous_denominator,
    )
    if change is not None and facts.previous_value is not None:
        return _counts_sentence(facts, change)
    if not facts.small_numbers:
        return ""
    numerator, previous = facts.numerator, facts.previous_numerator
    denominator = facts.denominator
    out_of = ""
    if denominator is not None and denominator < 30:
        out_of = f" out of {_count(denominator)}"
    if (
        numerator is not None
        and previous is not None
        and abs(numerator - previous) <= 2
    ):
        difference = numerator - previous
        if difference == 0:
            counted = facts.noun_plural or "the count"
            if facts.noun_plural:
                counted = f"the number of {counted}"
            return (
                f"Small numbers: {counted} is the same as "
                f"{in_period(facts.previous_period)} ({_count(numerator)})."
            )
        more = "more" if difference > 0 else "fewer"
        size = abs(difference)
        noun = _noun(facts, size)
        what = f" {noun}" if noun else ""
        return (
            f"Small numbers: the change only represents {_count(size)} {more}"
            f"{what}{out_of}."
        )
    if denominator is not None and denominator < 30 and denominator > 0:
        base = (
            f"{_count(denominator)} {_noun(facts, denominator)}"
            if facts.noun_plural
            else f"a total of {_count(denominator)}"
        )
        text = f"Small numbers: the figure is based on {base}"
        if facts.unit == "percent":
            each = facts.noun_singular or "one"
            step = format_change(Decimal(100) / denominator, facts.unit, facts.decimals)
            text += f", so each {each} moves it by {step}"
        return text + "."
    return "Small numbers: read this figure with care."


def _counts_sentence(facts: Facts, change: rating.CountChange) -> str:
    if not (facts.small_numbers or change.base_driven):
        return ""
    assert facts.numerator is not None and facts.denominator is not None
    assert facts.previous_numerator is not None
    assert facts.previous_denominator is not None
    noun = f" {facts.noun_plural}" if facts.noun_plural else ""
    both = (
        f"{_count(facts.numerator)} of {_count(facts.denominator)}{noun}, against"
        f" {_count(facts.previous_numerator)} of {_count(facts.previous_denominator)}"
        f" {in_period(facts.previous_period)}"
    )
    size = abs(change.count)
    counted = f"{_count(size)} {'more' if change.count > 0 else 'fewer'}"
    if facts.noun_plural:
        counted += f" {_noun(facts, size)}"
    if change.count == 0:
        counted = f"the same number{f' of {facts.noun_plural}' if noun else ''}"
    grew = change.base > 0
    base = (
        f"the base {'growing' if grew else 'falling'} from"
        f" {_count(facts.previous_denominator)} to {_count(facts.denominator)}"
    )
    if change.against_rate:
        measure = "a percentage" if facts.unit == "percent" else "a rate"
        lower = "lower" if change.rate < 0 else "higher"
        why = f"{lower} as {measure} but {counted}, with {base}"
    elif change.base_driven:
        fall = "fall" if change.rate < 0 else "rise"
        why = f"the {fall} in the rate came mainly from {base}, with {counted}"
    else:
        why = f"the change represents {counted}" if change.count else counted
    lead = "Small numbers: " if facts.small_numbers else ""
    text = f"{lead}{both}: {why}."
    return text[0].upper() + text[1:]


def commentary_sentence(facts: Facts) -> str:
    """The service's commentary; for a red without one, the gap in words."""
    commentary = " ".join(facts.commentary.split())
    if commentary:
        return f"Service commentary: “{commentary}”"
    if facts.rag == "red":
        return (
            "This measure is rated red: commentary from the service is required "
            "and has not yet been provided."
        )
    return ""


def marks_sentence(facts: Facts) -> str:
    """What the figure is: illustrative (made up, as the demo's local figures
    are) and, or, provisional (not yet validated)."""
    said = []
    if facts.provenance == "illustrative":
        said.append("illustrative, not a real figure")
    if facts.provisional:
        said.append("provisional: not yet validated")
    return f"This figure is {' and '.join(said)}." if said else ""


def indicator_sentences(facts: Facts) -> list[str]:
    """Every sentence of an indicator's paragraph, in order."""
    parts = [
        figure_sentence(facts),
        marks_sentence(facts),
        lag_sentence(facts),
        revision_sentence(facts),
        *direction_and_quartile(facts),
        benchmark_sentence(facts),
        *comparison_sentences(facts),
        rag_sentence(facts),
        small_numbers_sentence(facts),
        commentary_sentence(facts),
    ]
    return [p for p in parts if p]


def indicator_paragraph(facts: Facts) -> str:
    return " ".join(indicator_sentences(facts))
