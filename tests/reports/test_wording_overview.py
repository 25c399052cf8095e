"""The report's wording: what a count counts, and the overview for the minutes."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from indicators.summary import RatedRow, summarise
from reports import wording
from tests.reports.wording_cases import CP, Q2, Q3, facts


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
        annual=1,
        arrears=1,
    )
    assert paragraphs == [
        (
            "overview:intro",
            "This report covers 30 measures, under Child protection and Children in"
            f" care, from published figures only: 28 are for {Q3}, 1 is the latest"
            " annual figure and 1 is reported in arrears, for an earlier period.",
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


@pytest.mark.parametrize(
    ("annual", "arrears", "unbanded", "intro", "benchmarks"),
    [
        # Every figure is for the quarter: said as before.
        (0, 0, 0, f"This report covers 30 measures in {Q3}, under Child protection,"
         " from published figures only.",
         "From 21 measures with a national benchmark, 5 are in the top quartile, 10"
         " in the second quartile, 4 in the third quartile and 2 in the bottom"
         " quartile."),
        # The demo's 2025/26 Q2 case: 10 of 16 annual (here 10 of 30).
        (10, 0, 0, "This report covers 30 measures, under Child protection, from"
         f" published figures only: 20 are for {Q3} and 10 are the latest annual"
         " figures.", None),
        # Children looked after per 10,000: England and neighbours, no quartile.
        (0, 0, 1, None,
         "From 22 measures with a national benchmark, 5 are in the top quartile, 10"
         " in the second quartile, 4 in the third quartile, 2 in the bottom"
         " quartile; 1 has England or neighbour figures but no national quartile."),
        (29, 1, 2, "This report covers 30 measures, under Child protection, from"
         " published figures only: 29 are the latest annual figures and 1 is"
         " reported in arrears, for an earlier period.",
         "From 23 measures with a national benchmark, 5 are in the top quartile, 10"
         " in the second quartile, 4 in the third quartile, 2 in the bottom"
         " quartile; 2 have England or neighbour figures but no national quartile."),
    ],
)  # fmt: skip
def test_overview_says_what_is_for_the_period_and_what_is_benchmarked(
    annual: int, arrears: int, unbanded: int, intro: str | None, benchmarks: str | None
) -> None:
    said = dict(
        wording.overview_paragraphs(
            minutes_summary(),
            period=Q3,
            themes=["Child protection"],
            annual=annual,
            arrears=arrears,
            unbanded=unbanded,
        )  # fmt: skip
    )
    if intro is not None:
        assert said["overview:intro"] == intro
    if benchmarks is not None:
        assert said["overview:quartiles"] == benchmarks


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
