"""The report's wording: fact sets and the exact sentences they produce."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from indicators.summary import RatedRow, summarise
from reports import wording
from reports.wording import Facts

NAME = "Repeat child protection plans"
YOUTH = "Young people who reoffend within 12 months"
CP = "year to 31 March 2024"
Q1, Q2, Q3 = "2024/25 Q1", "2024/25 Q2", "2024/25 Q3"
CHILDREN = {"noun_singular": "child", "noun_plural": "children"}


def facts(**changes: Any) -> Facts:
    """A lower-is-better percentage, not banded and not rated, for 2024/25 Q3,
    changed as the case says."""
    base: dict[str, Any] = {
        "code": "repeat-plans",
        "name": NAME,
        "theme": "Child protection",
        "unit": "percent",
        "decimals": 1,
        "polarity": "lower",
        "rag_method": "none",
        "banded": False,
        "report_period": Q3,
        "period": Q3,
    }
    return Facts(**{**base, **changes})


def previous(value: str, **changes: Any) -> dict[str, Any]:
    return {"previous_value": D(value), "previous_period": Q2, **changes}


BANDED = {"banded": True, "comparison_period": CP, "rank_of": 152}
RED_ON_TARGET = {
    "polarity": "higher", "rag_method": "target", "target": D("80"),
    "value": D("70.0"), **previous("78.5"), "direction": "declined", "rag": "red",
}  # fmt: skip

CASES: list[tuple[str, Facts, str]] = [
    # --- Change in the indicator's own unit; direction by polarity -------------
    (
        "a percentage changes in points, never per cent, with its count",
        facts(
            value=D("15.2"),
            numerator=D(28),
            denominator=D(184),
            direction="improved",
            **previous("17.3"),
            **CHILDREN,
        ),  # fmt: skip
        f"{NAME} decreased by 2.1 percentage points to 15.2% (28 children) in {Q3},"
        f" from 17.3% in {Q2}. This is an improvement.",
    ),
    (
        "higher is better: a fall is a decline",
        facts(
            polarity="higher", value=D("70.0"), direction="declined", **previous("78.5")
        ),
        f"{NAME} decreased by 8.5 percentage points to 70.0% in {Q3}, from 78.5% in {Q2}."
        " This is a decline.",
    ),
    (
        "lower is better: a rise is a decline; one point is singular",
        facts(value=D("16.2"), direction="declined", **previous("15.2")),
        f"{NAME} increased by 1.0 percentage point to 16.2% in {Q3}, from 15.2% in {Q2}."
        " This is a decline.",
    ),
    (
        "a count changes by a count, and without polarity has no direction",
        facts(
            name="Number of children looked after",
            unit="number",
            decimals=0,
            polarity="none",
            value=D(640),
            **previous("628"),
        ),  # fmt: skip
        f"Number of children looked after increased by 12 to 640 in {Q3}, from 628 in"
        f" {Q2}. This measure has no polarity, so no direction of travel is given.",
    ),
    (
        "days change in days",
        facts(unit="days", value=D("12.5"), direction="declined", **previous("11.5")),
        f"{NAME} increased by 1.0 day to 12.5 days in {Q3}, from 11.5 days in {Q2}."
        " This is a decline.",
    ),
    (
        "a change within the significance threshold",
        facts(value=D("15.4"), direction="no significant change", **previous("15.2")),
        f"{NAME} increased by 0.2 percentage points to 15.4% in {Q3}, from 15.2% in {Q2}."
        " This is not a significant change.",
    ),
    (
        "no change at all",
        facts(value=D("15.2"), direction="no significant change", **previous("15.2")),
        f"{NAME}: 15.2% in {Q3}, unchanged from {Q2}.",
    ),
    (
        "a change too small to show is still the rule's direction",
        facts(value=D("15.24"), direction="declined", **previous("15.18")),
        f"{NAME}: 15.2% in {Q3}, almost unchanged from 15.2% in {Q2}. This is a decline.",
    ),
    (
        "no earlier figure",
        facts(value=D("15.2")),
        f"{NAME}: 15.2% in {Q3}. There is no earlier figure to compare with.",
    ),
    # --- National quartile and its movement --------------------------------------
    (
        "an improvement that moves the authority up a quartile",
        facts(
            value=D("15.2"),
            direction="improved",
            quartile=3,
            previous_quartile=4,
            rank=98,
            **previous("17.3"),
            **BANDED,
        ),  # fmt: skip
        f"{NAME} decreased by 2.1 percentage points to 15.2% in {Q3}, from 17.3% in {Q2}."
        " This improvement moves the authority from the bottom quartile into the third"
        f" quartile of local authorities by available comparisons ({CP}), ranked 98th"
        " of 152.",
    ),
    (
        "a decline that moves the authority down a quartile",
        facts(
            value=D("17.3"),
            direction="declined",
            quartile=3,
            previous_quartile=2,
            rank=80,
            **previous("15.2"),
            **BANDED,
        ),  # fmt: skip
        f"{NAME} increased by 2.1 percentage points to 17.3% in {Q3}, from 15.2% in {Q2}."
        " This decline moves the authority from the second quartile into the third"
        f" quartile of local authorities by available comparisons ({CP}), ranked 80th"
        " of 152.",
    ),
    (
        "a quartile move that the direction does not explain",
        facts(
            value=D("15.3"),
            direction="no significant change",
            quartile=2,
            previous_quartile=3,
            rank=60,
            **previous("15.2"),
            **BANDED,
        ),  # fmt: skip
        f"{NAME} increased by 0.1 percentage points to 15.3% in {Q3}, from 15.2% in {Q2}."
        " This is not a significant change. This moves the authority from the third"
        " quartile into the second quartile of local authorities by available"
        f" comparisons ({CP}), ranked 60th of 152.",
    ),
    (
        "remains in the top quartile",
        facts(
            value=D("10.0"),
            direction="improved",
            quartile=1,
            previous_quartile=1,
            rank=5,
            **previous("11.0"),
            **BANDED,
        ),  # fmt: skip
        f"{NAME} decreased by 1.0 percentage point to 10.0% in {Q3}, from 11.0% in {Q2}."
        " This is an improvement. The authority remains in the top quartile of local"
        f" authorities by available comparisons ({CP}), ranked 5th of 152.",
    ),
    (
        "a quartile with no earlier one",
        facts(value=D("15.2"), quartile=2, rank=41, **BANDED),
        f"{NAME}: 15.2% in {Q3}. There is no earlier figure to compare with. The"
        " authority is in the second quartile of local authorities by available"
        f" comparisons ({CP}), ranked 41st of 152.",
    ),
    (
        "a missing national benchmark",
        facts(value=D("15.2"), banded=True),
        f"{NAME}: 15.2% in {Q3}. There is no earlier figure to compare with. No national"
        " benchmark is available for this measure.",
    ),
    # --- Statistical neighbours and England, with their period ----------------------
    (
        "better than England, worse than the neighbours",
        facts(
            value=D("15.2"),
            england_value=D("16.5"),
            neighbour_mean=D("14.04"),
            neighbour_count=10,
            comparison_period=CP,
        ),  # fmt: skip
        f"{NAME}: 15.2% in {Q3}. There is no earlier figure to compare with. It is better"
        " than England's 16.5% and worse than the statistical neighbours' average of"
        f" 14.0% (10 neighbours), both for the {CP}.",
    ),
    (
        "better than both",
        facts(
            value=D("15.2"),
            england_value=D("16.5"),
            neighbour_mean=D("18.1"),
            neighbour_count=9,
            comparison_period=CP,
        ),  # fmt: skip
        f"{NAME}: 15.2% in {Q3}. There is no earlier figure to compare with. It is better"
        " than England's 16.5% and the statistical neighbours' average of 18.1%"
        f" (9 neighbours), both for the {CP}.",
    ),
    (
        "the same as England as displayed",
        facts(
            polarity="higher",
            value=D("16.52"),
            england_value=D("16.49"),
            comparison_period=CP,
        ),  # fmt: skip
        f"{NAME}: 16.5% in {Q3}. There is no earlier figure to compare with. It is the"
        f" same as England's 16.5%, for the {CP}.",
    ),
    (
        "benchmarks without polarity are neither better nor worse",
        facts(
            name="Children looked after per 10,000 children",
            unit="rate",
            decimals=0,
            polarity="none",
            value=D(52),
            england_value=D(70),
            neighbour_mean=D("61.3"),
            neighbour_count=10,
            comparison_period=CP,
        ),  # fmt: skip
        f"Children looked after per 10,000 children: 52 in {Q3}. This measure has no"
        " polarity, so no direction of travel is given. England's figure is 70 and the"
        f" statistical neighbours' average is 61 (10 neighbours), both for the {CP}.",
    ),
    # --- Suppressed and missing values --------------------------------------------
    (
        "a suppressed value is named, never zero",
        facts(
            value=None,
            suppression="c",
            england_value=D("16.5"),
            **BANDED,
        ),  # fmt: skip
        f"{NAME}: the figure for {Q3} is suppressed (shown as “c”), so it cannot be"
        f" compared or rated. England's figure is 16.5%, for the {CP}.",
    ),
    (
        "a missing value",
        facts(value=None),
        f"{NAME}: there is no figure for {Q3}.",
    ),
    # --- Small numbers ----------------------------------------------------------------
    (
        "a change of one young person",
        facts(
            name=YOUTH,
            value=D("20.8"),
            numerator=D(5),
            denominator=D(24),
            direction="improved",
            small_numbers=True,
            noun_singular="young person",
            noun_plural="young people",
            **previous("25.0", previous_numerator=D(6)),
        ),  # fmt: skip
        f"{YOUTH} decreased by 4.2 percentage points to 20.8% (5 young people) in {Q3},"
        f" from 25.0% in {Q2}. This is an improvement. Small numbers: the change only"
        " represents 1 fewer young person out of 24.",
    ),
    (
        "a small denominator",
        facts(
            value=D("25.0"),
            numerator=D(3),
            denominator=D(12),
            small_numbers=True,
            **CHILDREN,
        ),  # fmt: skip
        f"{NAME}: 25.0% (3 children) in {Q3}. There is no earlier figure to compare"
        " with. Small numbers: the figure is based on 12 children, so each child moves"
        " it by 8.3 percentage points.",
    ),
    (
        "the same count behind a different percentage",
        facts(
            value=D("20.0"),
            numerator=D(5),
            denominator=D(25),
            direction="declined",
            small_numbers=True,
            **CHILDREN,
            **previous("16.7", previous_numerator=D(5)),
        ),  # fmt: skip
        f"{NAME} increased by 3.3 percentage points to 20.0% (5 children) in {Q3}, from"
        f" 16.7% in {Q2}. This is a decline. Small numbers: the number of children is"
        f" the same as in {Q2} (5).",
    ),
    (
        "a small change in a count with no name for what it counts",
        facts(
            name="Timeliness",
            polarity="higher",
            value=D("30.0"),
            numerator=D(30),
            denominator=D(100),
            direction="improved",
            small_numbers=True,
            **previous("28.0", previous_numerator=D(28)),
        ),  # fmt: skip
        f"Timeliness increased by 2.0 percentage points to 30.0% (30 of 100) in {Q3},"
        f" from 28.0% in {Q2}. This is an improvement. Small numbers: the change only"
        " represents 2 more.",
    ),
    # --- Lagged data ------------------------------------------------------------------
    (
        "a figure reported in arrears",
        facts(
            name=YOUTH,
            period=Q2,
            value=D("30.0"),
            direction="improved",
            previous_value=D("32.0"),
            previous_period=Q1,
        ),  # fmt: skip
        f"{YOUTH} decreased by 2.0 percentage points to 30.0% in {Q2}, from 32.0% in"
        f" {Q1}. Latest available: {Q2}; there is no figure yet for {Q3}. This is an"
        " improvement.",
    ),
    (
        "an annual figure in a quarterly report",
        facts(
            period=CP,
            value=D("12.0"),
            direction="no significant change",
            previous_value=D("12.0"),
            previous_period="year to 31 March 2023",
            annual=True,
        ),
        f"{NAME}: 12.0% in the {CP}, unchanged from the year to 31 March 2023. This is"
        f" an annual measure: the latest available figure is for the {CP}.",
    ),
    # --- RAG and the commentary a red requires ------------------------------------
    (
        "a red with the service's commentary",
        facts(
            **RED_ON_TARGET,
            commentary="Vacancies in the east team.\n Agency staff start in March.",
        ),
        f"{NAME} decreased by 8.5 percentage points to 70.0% in {Q3}, from 78.5% in {Q2}."
        " This is a decline. It is rated red against a target of 80.0%. Service"
        " commentary: “Vacancies in the east team. Agency staff start in March.”",
    ),
    (
        "a red without commentary says so",
        facts(**RED_ON_TARGET),
        f"{NAME} decreased by 8.5 percentage points to 70.0% in {Q3}, from 78.5% in {Q2}."
        " This is a decline. It is rated red against a target of 80.0%. This measure is"
        " rated red: commentary from the service is required and has not yet been"
        " provided.",
    ),
    (
        "a red by quartile with commentary",
        facts(
            rag_method="quartile",
            value=D("30.0"),
            direction="declined",
            rag="red",
            quartile=4,
            previous_quartile=4,
            rank=150,
            commentary="Audit under way.",
            **previous("29.0"),
            **BANDED,
        ),  # fmt: skip
        f"{NAME} increased by 1.0 percentage point to 30.0% in {Q3}, from 29.0% in {Q2}."
        " This is a decline. The authority remains in the bottom quartile of local"
        f" authorities by available comparisons ({CP}), ranked 150th of 152. It is"
        " rated red by its national quartile. Service commentary: “Audit under way.”",
    ),
    (
        "a target method without a target",
        facts(polarity="higher", rag_method="target", value=D("84.0")),
        f"{NAME}: 84.0% in {Q3}. There is no earlier figure to compare with. There is no"
        " target for this period, so it is not RAG rated.",
    ),
    (
        "a rating set by the performance team",
        facts(rag_method="manual", rag="amber", value=D("15.2")),
        f"{NAME}: 15.2% in {Q3}. There is no earlier figure to compare with. It is rated"
        " amber by the performance team.",
    ),
    (
        "a revised figure says so",
        facts(value=D("15.2"), revision_note="Corrected after a data-quality audit"),
        f"{NAME}: 15.2% in {Q3}. This figure has been revised: Corrected after a"
        " data-quality audit. There is no earlier figure to compare with.",
    ),
]


@pytest.mark.parametrize(
    ("case", "given", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_paragraph_wording(case: str, given: Facts, expected: str) -> None:
    assert wording.indicator_paragraph(given) == expected


def test_wording_is_deterministic_and_survives_storage() -> None:
    for _, given, expected in CASES:
        stored = wording.facts_to_json(given)
        again = wording.facts_from_json(stored)
        assert again == given
        assert wording.indicator_paragraph(again) == expected
        assert wording.facts_hash(stored) == wording.facts_hash(
            wording.facts_to_json(again)
        )


def test_a_corrected_figure_changes_the_facts_hash() -> None:
    before = wording.facts_to_json(facts(value=D("15.2")))
    after = wording.facts_to_json(facts(value=D("15.3")))
    assert wording.facts_hash(before) != wording.facts_hash(after)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Children becoming subject to a child protection plan for a second time",
            ("child", "children"),
        ),
        (
            "Young people who reoffend within 12 months",
            ("young person", "young people"),
        ),
        (
            "Care leavers aged 19 to 21 in suitable accommodation",
            ("care leaver", "care leavers"),
        ),
        (
            "Re-referrals to children's social care within 12 months",
            ("re-referral", "re-referrals"),
        ),
        ("Education health and care plans issued within 20 weeks", ("plan", "plans")),
        ("Children's social worker turnover rate", ("child", "children")),
        ("Average caseload", ("", "")),
    ],
)
def test_what_a_count_counts_is_read_from_the_name(
    name: str, expected: tuple[str, str]
) -> None:
    assert wording.count_noun(name) == expected


def minutes_summary(rag: dict[str, int] | None = None):  # type: ignore[no-untyped-def]
    """29 measures with a direction (18/8/3), 1 without polarity; 21 benchmarked
    (5/10/4/2), as in the committee's minutes."""
    directions = ["improved"] * 18 + ["no significant change"] * 8 + ["declined"] * 3
    quartiles: list[int | None] = [1] * 5 + [2] * 10 + [3] * 4 + [4] * 2 + [None] * 8
    rows = [
        RatedRow(direction=d, quartile=q, rag="green", polarity="lower")
        for d, q in zip(directions, quartiles, strict=True)
    ] + [RatedRow(direction="n/a", quartile=None, rag="n/a", polarity="none")]
    return summarise(rows)


def test_overview_groups_the_dashboard_summary_into_paragraphs() -> None:
    paragraphs = wording.overview_paragraphs(
        minutes_summary(),
        period=Q3,
        themes=["Child protection", "Children in care"],
        lagged=2,
    )
    assert paragraphs == [
        (
            "overview:intro",
            f"This report covers 30 measures in {Q3}, under Child protection and"
            " Children in care, from published figures only. 2 measures show their"
            " latest available figures, for earlier periods: they are annual or"
            " reported in arrears.",
        ),
        (
            "overview:direction",
            "From 29 measures, 18 have improved, 8 show no significant change and 3 have"
            " declined. 1 further measure has no polarity, so no direction of travel.",
        ),
        (
            "overview:quartiles",
            "From 21 measures with a national benchmark, 5 are in the top quartile, 10 in"
            " the second quartile, 4 in the third quartile and 2 in the bottom quartile.",
        ),
        (
            "overview:rag",
            "RAG ratings: 0 red, 0 amber, 29 green and 1 not rated.",
        ),
    ]


def test_overview_with_nothing_published() -> None:
    assert wording.overview_paragraphs(summarise([]), period=Q3, themes=[]) == [
        ("overview:intro", "There are no published measures for this period.")
    ]


def test_what_changed_is_named_with_its_reason() -> None:
    before = facts(value=D("78.0"), period=Q2, rag="amber", direction="improved",
                   quartile=2, rag_method="target", target=D("80"),
                   comparison_period=CP, polarity="higher")  # fmt: skip
    after = facts(value=D("70.0"), rag="red", direction="declined", quartile=3,
                  rag_method="target", target=D("80"), comparison_period=CP,
                  polarity="higher")  # fmt: skip
    assert wording.change_labels(before, after) == [
        "RAG: red (was amber)",
        "Direction: declined (was improved)",
        "Quartile: 3rd quartile (was 2nd quartile)",
    ]
    assert (
        wording.change_reason(before, after)
        == f"70.0% in {Q3}, was 78.0% in {Q2}; target 80.0%;"
        f" national comparison {CP}."
    )


def test_a_quartile_moved_by_new_national_data_says_so() -> None:
    before = facts(value=D("15.2"), period=Q2, quartile=2, comparison_period=CP)
    after = facts(value=D("15.2"), quartile=3,
                  comparison_period="year to 31 March 2025")  # fmt: skip
    assert wording.change_labels(before, after) == [
        "Quartile: 3rd quartile (was 2nd quartile)"
    ]
    assert wording.change_reason(before, after) == (
        f"15.2% in {Q3}, was 15.2% in {Q2}; national comparison year to 31 March 2025"
        f" (was {CP})."
    )


def test_an_indicator_new_since_the_last_meeting() -> None:
    after = facts(value=D("15.2"))
    assert wording.change_labels(None, after) == ["First reported"]
    assert (
        wording.change_reason(None, after)
        == f"15.2% in {Q3}; no figure at the previous meeting."
    )
