"""The report's wording: fact sets and the exact sentences they produce."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from reports import wording
from reports.wording import Facts
from tests.reports.wording_cases import (
    BANDED,
    CHILDREN,
    CP,
    MOVEMENT_CASES,
    NAME,
    Q1,
    Q2,
    Q3,
    RED_ON_TARGET,
    SUBJECT,
    YOUTH,
    facts,
    previous,
)

CASES: list[tuple[str, Facts, str]] = [
    *MOVEMENT_CASES,
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
        "The percentage of young people who reoffend within 12 months decreased by 4.2"
        f" percentage points to 20.8% (5 young people) in {Q3},"
        f" lower (better) than 25.0% in {Q2}. Small numbers: the change only"
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
        f"{SUBJECT} increased by 3.3 percentage points to 20.0% (5 children) in {Q3},"
        f" higher (worse) than 16.7% in {Q2}. Small numbers: the number of children is"
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
        f" higher (better) than 28.0% in {Q2}. Small numbers: the change only"
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
        "The percentage of young people who reoffend within 12 months decreased by 2.0"
        f" percentage points to 30.0% in {Q2}, lower (better) than 32.0% in"
        f" {Q1}. Latest available: {Q2}; there is no figure yet for {Q3}.",
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
        f"{SUBJECT} decreased by 8.5 percentage points to 70.0% in {Q3}, lower (worse)"
        f" than 78.5% in {Q2}. It is rated red against a target of 80.0%. Service"
        " commentary: “Vacancies in the east team. Agency staff start in March.”",
    ),
    (
        "a red without commentary says so",
        facts(**RED_ON_TARGET),
        f"{SUBJECT} decreased by 8.5 percentage points to 70.0% in {Q3}, lower (worse)"
        f" than 78.5% in {Q2}. It is rated red against a target of 80.0%. This measure is"
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
        f"{SUBJECT} increased by 1.0 percentage point to 30.0% in {Q3}, higher (worse)"
        f" than 29.0% in {Q2}. The authority remains in the bottom quartile of local"
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
