"""The facts a paragraph is written from, as plain values; their JSON form
(stored on the paragraph) and fingerprint; and what a count counts."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from typing import Any

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
    area: str = ""  # the home authority's name: "moves Leicestershire into ..."
    previous_denominator: Decimal | None = None
    significance_threshold: Decimal | None = None  # for "similar to"
    # The authority's own published figure for the comparison period, when
    # this figure is from a shorter period (a quarter placed against annual
    # national data): DESIGN's "Official position".
    official_value: Decimal | None = None
    official_quartile: int | None = None
    official_rank: int | None = None
    official_rank_of: int | None = None
    # The committee's comparisons (reports/selectors/series.py works them out;
    # reports/wording/comparisons.py says them).
    last_year_value: Decimal | None = None  # the same quarter last year
    last_year_period: str = ""
    run_direction: str = ""  # improved / declined, for run_length quarters
    run_length: int = 0
    run_since: str = ""  # the quarter before the latest, for "continues"
    last_year_average: Decimal | None = None  # counts: last year's quarters
    last_year_label: str = ""
    year_to_date: Decimal | None = None  # cumulative measures
    year_to_date_numerator: Decimal | None = None
    year_to_date_denominator: Decimal | None = None
    year_to_date_from: str = ""  # the months covered: "April to September 2026"
    region_name: str = ""
    regional_value: Decimal | None = None
    provenance: str = ""  # official, local or illustrative (Observation.provenance)
    provisional: bool = False  # not yet validated

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
