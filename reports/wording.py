"""The report's wording: pure, deterministic functions from facts to
sentences. Same facts, same text. No ORM here: `Facts` is built from stored
ratings by `reports.selectors`, and every number is formatted by
`indicators.formatting`, as on the dashboard. The overview reuses
`indicators.summary`, the dashboard's own summary."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from typing import Any

from indicators.formatting import (
    format_change,
    format_count,
    format_mean,
    format_number,
    format_quartile,
    format_value,
    ordinal,
    rounded,
    symbol_meaning,
)
from indicators.summary import QUARTILE_NAMES, Summary, sentences

# --- Facts -------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """Everything one indicator's paragraph says, as plain values. Period
    fields hold display labels ('2019/20 Q3', 'year to 31 March 2025')."""

    code: str
    name: str
    theme: str
    unit: str
    decimals: int
    polarity: str  # higher, lower, none
    rag_method: str  # target, quartile, manual, none
    banded: bool
    report_period: str
    period: str  # the figure's own period: earlier than the report's when lagged
    value: Decimal | None = None
    suppression: str = ""
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    previous_value: Decimal | None = None
    previous_numerator: Decimal | None = None
    previous_period: str = ""
    direction: str = "n/a"
    target: Decimal | None = None
    rag: str = "n/a"
    quartile: int | None = None
    previous_quartile: int | None = None
    rank: int | None = None
    rank_of: int | None = None
    comparison_period: str = ""
    neighbour_mean: Decimal | None = None
    neighbour_count: int = 0
    england_value: Decimal | None = None
    small_numbers: bool = False
    commentary: str = ""
    revision_note: str = ""
    noun_singular: str = ""  # what the count counts: 'child' / 'children'
    noun_plural: str = ""
    annual: bool = False  # an annual figure in a report for a shorter period

    @property
    def lagged(self) -> bool:
        return self.period != self.report_period


_DECIMAL_FIELDS = {
    f.name for f in fields(Facts) if "Decimal" in str(f.type) and "None" in str(f.type)
}


def facts_to_json(facts: Facts) -> dict[str, Any]:
    """A JSON-safe dict: Decimals as strings, so nothing is lost or rounded."""
    data = asdict(facts)
    for name in _DECIMAL_FIELDS:
        if data[name] is not None:
            data[name] = str(data[name])
    return data


def facts_from_json(data: dict[str, Any]) -> Facts:
    known = {f.name for f in fields(Facts)}
    values = {k: v for k, v in data.items() if k in known}
    for name in _DECIMAL_FIELDS:
        if values.get(name) is not None:
            values[name] = Decimal(values[name])
    return Facts(**values)


def facts_hash(data: dict[str, Any]) -> str:
    """A fingerprint of a paragraph's facts (a JSON-safe dict)."""
    encoded = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


# --- What a count counts -------------------------------------------------------

# (phrase in the indicator's name, singular, plural). The earliest phrase in the
# name wins: "Re-referrals to children's social care" counts re-referrals.
NOUNS: list[tuple[str, str, str]] = [
    ("young people", "young person", "young people"),
    ("care leavers", "care leaver", "care leavers"),
    ("children", "child", "children"),
    ("child", "child", "children"),
    ("re-referrals", "re-referral", "re-referrals"),
    ("referrals", "referral", "referrals"),
    ("assessments", "assessment", "assessments"),
    ("plans", "plan", "plans"),
    ("families", "family", "families"),
    ("adults", "adult", "adults"),
    ("pupils", "pupil", "pupils"),
    ("people", "person", "people"),
]


def count_noun(name: str) -> tuple[str, str]:
    """What the numerator of a rate counts, read from the indicator's name:
    ('child', 'children'); ('', '') when the name does not say."""
    lowered = name.lower()
    best: tuple[int, int, str, str] | None = None
    for phrase, singular, plural in NOUNS:
        match = re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", lowered)
        if match is None:
            continue
        candidate = (match.start(), -len(phrase), singular, plural)
        if best is None or candidate < best:
            best = candidate
    return (best[2], best[3]) if best else ("", "")


# --- Small helpers ---------------------------------------------------------------


def the(label: str) -> str:
    """A period label inside a sentence: 'the year to 31 March 2025'."""
    return f"the {label}" if label.startswith("year to") else label


def in_period(label: str) -> str:
    """'in 2019/20 Q3'; 'in the year to 31 March 2025'."""
    return f"in {the(label)}"


def for_period(label: str) -> str:
    return f"for {the(label)}"


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


# --- The indicator paragraph ------------------------------------------------------------


def figure_sentence(facts: Facts) -> str:
    """The value and its count, and the change from the previous period in the
    indicator's own unit (percentage points for percentages)."""
    name, when = facts.name, in_period(facts.period)
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
    return (
        f"{name} {verb} by {format_change(change, facts.unit, facts.decimals)} "
        f"to {shown} {when}, from {_value(facts, facts.previous_value)} {before}."
    )


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
    movement: 'This improvement moves the authority from the bottom quartile
    into the third quartile of local authorities by available comparisons'."""
    direction = _direction_only(facts)
    if facts.value is None or facts.polarity == "none" or not facts.banded:
        return [direction] if direction else []
    if facts.quartile is None:
        missing = "No national benchmark is available for this measure."
        return [s for s in (direction, missing) if s]
    compared = f" ({facts.comparison_period})" if facts.comparison_period else ""
    where = f"of local authorities by available comparisons{compared}{_ranked(facts)}."
    now, before = facts.quartile, facts.previous_quartile
    if before is None:
        quartile = f"The authority is in {QUARTILE_NAMES[now]} {where}"
    elif before == now:
        quartile = f"The authority remains in {QUARTILE_NAMES[now]} {where}"
    else:
        lead = "This moves"
        if now < before and facts.direction == "improved":
            lead, direction = "This improvement moves", ""
        elif now > before and facts.direction == "declined":
            lead, direction = "This decline moves", ""
        quartile = (
            f"{lead} the authority from {QUARTILE_NAMES[before]} into "
            f"{QUARTILE_NAMES[now]} {where}"
        )
    return [s for s in (direction, quartile) if s]


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
    """'Small numbers: the change only represents 1 fewer young person.'"""
    if not facts.small_numbers or facts.value is None:
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


def indicator_sentences(facts: Facts) -> list[str]:
    """Every sentence of an indicator's paragraph, in order."""
    parts = [
        figure_sentence(facts),
        lag_sentence(facts),
        revision_sentence(facts),
        *direction_and_quartile(facts),
        benchmark_sentence(facts),
        rag_sentence(facts),
        small_numbers_sentence(facts),
        commentary_sentence(facts),
    ]
    return [p for p in parts if p]


def indicator_paragraph(facts: Facts) -> str:
    return " ".join(indicator_sentences(facts))


# --- The overview ------------------------------------------------------------------------


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def overview_paragraphs(
    summary: Summary, *, period: str, themes: list[str], lagged: int = 0
) -> list[tuple[str, str]]:
    """(key, text) of the overview's paragraphs. The counts are the
    dashboard's summary sentences, unchanged (one implementation); this only
    groups them: direction of travel, then national quartiles, then RAG."""
    measures = "1 measure" if summary.measures == 1 else f"{summary.measures} measures"
    theme_text = _join(themes)
    intro = (
        f"This report covers {measures} {in_period(period)}"
        + (f", under {theme_text}" if themes else "")
        + ", from published figures only."
    )
    if lagged:
        intro += (
            " 1 measure shows its latest available figure, for an earlier period: it"
            " is annual or reported in arrears."
            if lagged == 1
            else f" {lagged} measures show their latest available figures, for earlier"
            " periods: they are annual or reported in arrears."
        )
    said = sentences(summary)
    if summary.measures == 0:
        return [("overview:intro", " ".join(said))]
    directions = 1 + bool(summary.no_polarity) + bool(summary.no_previous)
    return [
        ("overview:intro", intro),
        ("overview:direction", " ".join(said[:directions])),
        ("overview:quartiles", said[directions]),
        ("overview:rag", " ".join(said[directions + 1 :])),
    ]


# --- What changed since the last meeting --------------------------------------------------


def change_labels(before: Facts | None, after: Facts) -> list[str]:
    """What changed, in words: 'RAG: red (was amber)'."""
    if before is None:
        return ["First reported"]
    labels = []
    if before.rag != after.rag:
        labels.append(f"RAG: {_rag(after.rag)} (was {_rag(before.rag)})")
    if before.direction != after.direction:
        labels.append(
            f"Direction: {_direction(after.direction)} (was {_direction(before.direction)})"
        )
    if before.quartile != after.quartile:
        labels.append(
            f"Quartile: {_quartile(after.quartile)} (was {_quartile(before.quartile)})"
        )
    return labels


def _rag(rag: str) -> str:
    return "not rated" if rag == "n/a" else rag


def _direction(direction: str) -> str:
    return "not applicable" if direction == "n/a" else direction


def _quartile(quartile: int | None) -> str:
    return format_quartile(quartile) or "none"


def change_reason(before: Facts | None, after: Facts) -> str:
    """Why, in one line: the figures, the target, the national comparison."""
    now = f"{_value(after, after.value, after.suppression)} {in_period(after.period)}"
    if before is None:
        return _sentence(f"{now}; no figure at the previous meeting")
    then = (
        f"{_value(before, before.value, before.suppression)} {in_period(before.period)}"
    )
    parts = [now if before.period == after.period else f"{now}, was {then}"]
    if after.target is not None and after.rag_method == "target":
        target = f"target {_value(after, after.target)}"
        if before.target is not None and before.target != after.target:
            target += f" (was {_value(before, before.target)})"
        parts.append(target)
    if after.comparison_period != before.comparison_period and after.comparison_period:
        parts.append(
            f"national comparison {after.comparison_period}"
            + (f" (was {before.comparison_period})" if before.comparison_period else "")
        )
    elif before.quartile != after.quartile and after.comparison_period:
        parts.append(f"national comparison {after.comparison_period}")
    return _sentence("; ".join(parts))
