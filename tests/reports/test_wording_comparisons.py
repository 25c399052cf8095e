"""The committee's comparisons in words, from real cases: Leicestershire's
quarterly figures in the demo's return (data/demo/leicestershire_return_
illustrative.csv), the East Midlands' published figures (data/dfe/) and the
indicators' definitions (data/demo/indicators.csv). Each expected sentence
is written out by hand."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from reports import wording
from reports.wording import Facts
from reports.wording.comparisons import comparison_sentences

YEAR_2025 = "year to 31 March 2025"
EM = {"region_name": "East Midlands", "comparison_period": YEAR_2025}


def demo(code: str, period: str, value: str | None, **changes: Any) -> Facts:
    """A demo indicator's facts, as data/demo/indicators.csv defines it."""
    definitions: dict[str, dict[str, Any]] = {
        "cpp-second-plan": {"polarity": "lower", "significance_threshold": D("0.5"),
                            "rag_method": "quartile", "banded": True},
        "re-referrals": {"polarity": "lower", "significance_threshold": D("0.5"),
                         "rag_method": "quartile", "banded": True},
        "assessments-45-days": {"polarity": "higher", "significance_threshold": D(1),
                                "rag_method": "target"},
        "adoption-18-months": {"polarity": "higher", "rag_method": "target"},
        "ehcp-20-weeks": {"polarity": "higher", "significance_threshold": D(1),
                          "rag_method": "target"},
        "cla-number": {"polarity": "none", "rag_method": "none", "unit": "number",
                       "decimals": 0},
        "cla-rate": {"polarity": "none", "rag_method": "none", "unit": "rate",
                     "decimals": 0, "banded": True},
        "cpp-two-years": {"polarity": "lower", "rag_method": "quartile", "banded": True},
    }  # fmt: skip
    base: dict[str, Any] = {
        "code": code, "name": code, "theme": "Theme", "unit": "percent",
        "decimals": 1, "polarity": "lower", "rag_method": "none", "banded": False,
        "report_period": period, "period": period,
        "value": D(value) if value is not None else None,
    }  # fmt: skip
    return Facts(**{**base, **definitions[code], **changes})


CASES: list[tuple[str, Facts, list[str]]] = [
    (
        "the region, the same quarter last year and a run of three",
        # 15.2% in 2026/27 Q2; 22.7% in 2025/26 Q2; 24.2, 21.8, 21.0, 15.2;
        # the East Midlands 26.0% in 2025 (d3, CPP_subsequent_percent).
        demo("cpp-second-plan", "2026/27 Q2", "15.2", **EM, regional_value=D("26.0"),
             last_year_value=D("22.7"), last_year_period="July to September 2025 (quarter 2)",
             run_direction="improved", run_length=3, run_since="April to June 2026 (quarter 1)"),
        ["It is better than the East Midlands figure of 26.0%, for the year to"
         " 31 March 2025.",
         "It is lower (better) than in the same quarter last year, July to"
         " September 2025 (quarter 2), when it was 22.7%.",
         "It has improved for the third quarter in a row."],
    ),
    (
        "worse than the same quarter last year, though improving",
        # 86.8% in 2026/27 Q2 against 90.3% in 2025/26 Q2; 78.4, 82.1, 86.8.
        demo("assessments-45-days", "2026/27 Q2", "86.8",
             last_year_value=D("90.3"), last_year_period="July to September 2025 (quarter 2)",
             run_direction="improved", run_length=2, run_since="April to June 2026 (quarter 1)"),
        ["It is lower (worse) than in the same quarter last year, July to"
         " September 2025 (quarter 2), when it was 90.3%.",
         "This continues the improvement seen in April to June 2026 (quarter 1)."],
    ),
    (
        "worse than the region and a decline continued",
        # re-referrals 26.7% in 2025/26 Q4 (24.2, 24.9, 26.7); 25.0% in
        # 2024/25 Q4; the East Midlands 24.7% in 2025 (c1, rereferral_percent).
        demo("re-referrals", "2025/26 Q4", "26.7", **EM, regional_value=D("24.7"),
             last_year_value=D("25.0"), last_year_period="January to March 2025 (quarter 4)",
             run_direction="declined", run_length=2, run_since="October to December 2025 (quarter 3)"),
        ["It is worse than the East Midlands figure of 24.7%, for the year to"
         " 31 March 2025.",
         "It is higher (worse) than in the same quarter last year, January to"
         " March 2025 (quarter 4), when it was 25.0%.",
         "This continues the decline seen in October to December 2025 (quarter 3)."],
    ),
    (
        "within the significance threshold: similar to",
        # re-referrals 24.2% in 2025/26 Q2 against the region's 24.7% (0.5
        # lower: on the threshold) and 24.1% in 2024/25 Q2.
        demo("re-referrals", "2025/26 Q2", "24.2", **EM, regional_value=D("24.7"),
             last_year_value=D("24.1"), last_year_period="July to September 2024 (quarter 2)"),
        ["It is similar to the East Midlands figure of 24.7%, for the year to"
         " 31 March 2025.",
         "It is similar to the same quarter last year, July to September 2024"
         " (quarter 2), when it was 24.1%."],
    ),
    (
        "a count against last year's quarterly average",
        # cla-number 707 in 2026/27 Q2; 682 in 2025/26 Q2; 2025/26's quarters
        # 680, 682, 678, 696: 684 on average. No polarity, so no judgement.
        demo("cla-number", "2026/27 Q2", "707",
             last_year_value=D("682"), last_year_period="July to September 2025 (quarter 2)",
             last_year_average=D("684"), last_year_label="2025/26"),
        ["It is higher than in the same quarter last year, July to September 2025"
         " (quarter 2), when it was 682.",
         "It is higher than last year's quarterly average of 684 (2025/26)."],
    ),
    (
        "a fifth quarter in a row",
        # ehcp-20-weeks 2024/25 Q3 to 2025/26 Q4: 28.6, 31.2, 37.0, 42.2,
        # 47.6, 52.3; 31.2% in 2024/25 Q4.
        demo("ehcp-20-weeks", "2025/26 Q4", "52.3",
             last_year_value=D("31.2"), last_year_period="January to March 2025 (quarter 4)",
             run_direction="improved", run_length=5, run_since="October to December 2025 (quarter 3)"),
        ["It is higher (better) than in the same quarter last year, January to"
         " March 2025 (quarter 4), when it was 31.2%.",
         "It has improved for the fifth quarter in a row."],
    ),
    (
        "a cumulative measure's year to date against its target",
        # adoption-18-months 2026/27 Q1 7 of 13 and Q2 8 of 9: 15 of 22,
        # 68.2%; target 60%. (Were it marked cumulative.)
        demo("adoption-18-months", "2026/27 Q2", "88.9", target=D(60),
             last_year_value=D("90.0"), last_year_period="July to September 2025 (quarter 2)",
             year_to_date=D(1500) / D(22), year_to_date_numerator=D(15),
             year_to_date_denominator=D(22), year_to_date_from="April to September 2026"),
        ["It is lower (worse) than in the same quarter last year, July to"
         " September 2025 (quarter 2), when it was 90.0%.",
         "Year to date (April to September 2026) it is 68.2% (15 of 22), against"
         " a target of 60.0%."],
    ),
    (
        "a region's figure for a measure with no polarity",
        # cla-rate 47 in 2025, the East Midlands 62 (cla_number_and_rate).
        demo("cla-rate", YEAR_2025, "47", **EM, regional_value=D(62)),
        ["The East Midlands figure is 62, for the year to 31 March 2025."],
    ),
    (
        "a suppressed figure still shows the region's",
        # cpp-two-years 2021: Leicestershire suppressed, the East Midlands 1.5%.
        demo("cpp-two-years", "year to 31 March 2021", None, suppression="c",
             region_name="East Midlands", comparison_period="year to 31 March 2021",
             regional_value=D("1.5")),
        ["The East Midlands figure is 1.5%, for the year to 31 March 2021."],
    ),
    (
        "nothing to compare",
        demo("cpp-second-plan", "2023/24 Q2", "27.3"),
        [],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("facts", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_comparison_sentences(facts: Facts, expected: list[str]) -> None:
    assert comparison_sentences(facts) == expected


def test_the_comparisons_are_in_the_indicators_paragraph() -> None:
    facts = CASES[0][1]
    paragraph = wording.indicator_paragraph(facts)
    assert " ".join(CASES[0][2]) in paragraph


def test_the_comparisons_survive_the_paragraphs_stored_facts() -> None:
    facts = CASES[6][1]
    stored = wording.facts_from_json(wording.facts_to_json(facts))
    assert stored == facts
    assert comparison_sentences(stored) == CASES[6][2]
