"""Table-driven tests of the rules behind publishing and targets
(indicators/rating/): a red needs commentary; which small-numbers rule
fired; the checks before publishing; the target in force for a period.
Every expected value was worked out by hand from the rule's words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.rating import (
    Rag,
    SmallNumberRule,
    is_small_number,
    needs_commentary,
    outside_range,
    parse_period,
    small_number_rules,
    target_in_force,
    unusual_change,
    year_period,
)

D = Decimal
BASE, CHANGE = SmallNumberRule.SMALL_BASE, SmallNumberRule.SMALL_CHANGE


@pytest.mark.parametrize(
    ("rag", "commentary", "expected"),
    [
        (Rag.RED, "", True),
        ("red", None, True),
        ("red", "   \n\t", True),  # blank is no explanation
        ("red", "Two vacancies in the east team.", False),
        ("amber", "", False),
        ("green", "", False),
        ("n/a", "", False),
        (None, "", False),  # not rated yet
    ],
)
def test_a_red_needs_commentary(rag, commentary, expected):  # type: ignore[no-untyped-def]
    assert needs_commentary(rag=rag, commentary=commentary) is expected


@pytest.mark.parametrize(
    ("denominator", "numerator", "previous", "expected"),
    [
        pytest.param("29", None, None, (BASE,), id="base-below-30"),
        pytest.param("30", None, None, (), id="base-of-30"),
        pytest.param("1614", "442", "440", (CHANGE,), id="large-base-change-of-2"),
        pytest.param("1614", "442", "439", (), id="large-base-change-of-3"),
        pytest.param("12", "9", "8", (BASE, CHANGE), id="both"),
        pytest.param(None, "5", "7", (CHANGE,), id="count-only-fall-of-2"),
        pytest.param("184", "28", None, (), id="no-previous-count"),
        pytest.param(None, None, None, (), id="nothing-known"),
    ],
)
def test_small_numbers_say_which_rule_fired(  # type: ignore[no-untyped-def]
    denominator, numerator, previous, expected
):
    def dec(v: str | None) -> Decimal | None:
        return None if v is None else D(v)

    fired = small_number_rules(
        denominator=dec(denominator),
        numerator=dec(numerator),
        previous_numerator=dec(previous),
    )
    assert fired == expected
    assert is_small_number(
        denominator=dec(denominator),
        numerator=dec(numerator),
        previous_numerator=dec(previous),
    ) is bool(expected)


@pytest.mark.parametrize(
    ("value", "history", "expected"),
    [
        # steps 1, 1, 2: median 1; change 10 - 5 = 5 > 3: flagged
        ("10", ["1", "2", "3", "5"], (D(5), D(1))),
        # change exactly three times the usual: not flagged
        ("8", ["1", "2", "3", "5"], None),
        ("9", ["1", "2", "3", "5"], (D(4), D(1))),
        # a flat history: no usual change to compare with
        ("90", ["5", "5", "5"], None),
        # one earlier figure gives no usual change
        ("90", ["5"], None),
        # missing figures are skipped
        ("10", ["1", None, "2", "3", "5"], (D(5), D(1))),
        (None, ["1", "2", "3"], None),
    ],
)
def test_an_unusual_change_is_over_three_times_the_median_step(  # type: ignore[no-untyped-def]
    value, history, expected
):
    assert (
        unusual_change(
            None if value is None else D(value),
            [None if h is None else D(h) for h in history],
        )
        == expected
    )


@pytest.mark.parametrize(
    ("value", "low", "high", "expected"),
    [
        ("99", "40", "60", True),
        ("39.9", "40", "60", True),
        ("40", "40", "60", False),  # the ends are inside
        ("60", "40", "60", False),
        ("50", None, None, False),  # no national data
        (None, "40", "60", False),
    ],
)
def test_outside_every_national_figure(value, low, high, expected):  # type: ignore[no-untyped-def]
    def dec(v: str | None) -> Decimal | None:
        return None if v is None else D(v)

    assert outside_range(dec(value), dec(low), dec(high)) is expected


def q(label: str):  # type: ignore[no-untyped-def]
    return parse_period(label, "financial")


@pytest.mark.parametrize(
    ("targets", "period", "expected"),
    [
        pytest.param([], "2025/26 Q3", None, id="none-set"),
        pytest.param([("2025/26 Q3", "80")], "2025/26 Q3", ("80", "2025/26 Q3"), id="own"),
        pytest.param(
            [("2025/26 Q2", "85")], "2025/26 Q3", ("85", "2025/26 Q2"),
            id="q2s-carries-into-q3",
        ),
        pytest.param(
            [("2025/26 Q2", "85")], "2026/27 Q1", ("85", "2025/26 Q2"),
            id="holds-across-years-until-replaced",
        ),
        pytest.param(
            [("2025/26 Q2", "85"), ("2025/26 Q1", "80")], "2025/26 Q4",
            ("85", "2025/26 Q2"), id="the-latest-earlier-wins-whatever-the-order",
        ),
        pytest.param([("2025/26 Q4", "85")], "2025/26 Q3", None, id="a-later-one-does-not-apply"),
        pytest.param(
            [("2025/26", "90")], "2025/26 Q1", ("90", "2025/26"), id="the-years-own-quarter",
        ),
        pytest.param(
            [("2025/26 Q2", "80"), ("2025/26", "90")], "2025/26 Q3", ("90", "2025/26"),
            id="the-year-before-an-earlier-quarter",
        ),
        pytest.param(
            [("2025/26 Q3", "80"), ("2025/26", "90")], "2025/26 Q3", ("80", "2025/26 Q3"),
            id="own-before-the-year",
        ),
        pytest.param(
            [("2024/25 Q4", "80"), ("2025/26", "90")], "2025/26 Q1", ("90", "2025/26"),
            id="a-new-years-target-replaces-last-years-quarter",
        ),
        pytest.param(
            [("2025/26", "90")], "2026/27 Q2", ("90", "2025/26"),
            id="last-years-target-holds-into-the-next",
        ),
        pytest.param(
            [("2025/26", "90"), ("2025/26 Q4", "95")], "2026/27 Q1", ("95", "2025/26 Q4"),
            id="year-and-its-last-quarter-end-together-the-quarter-wins",
        ),
        pytest.param(
            [("2025/26 Q2", "85")], "2025/26", None, id="a-quarters-target-is-not-a-years",
        ),
        pytest.param(
            [("2024/25", "70")], "2025/26", ("70", "2024/25"), id="a-year-takes-an-earlier-year",
        ),
    ],
)  # fmt: skip
def test_a_target_holds_until_replaced(targets, period, expected):  # type: ignore[no-untyped-def]
    found = target_in_force(q(period), [(q(label), D(v)) for label, v in targets])
    if expected is None:
        assert found is None
    else:
        assert (found.value, found.set_for.label) == (D(expected[0]), expected[1])
        assert found.is_own(q(period)) is (expected[1] == period)


def test_a_target_of_another_year_type_applies_by_its_dates():
    # An academic year (September to August) contains October to December.
    academic = year_period(2025, "academic")
    found = target_in_force(q("2025/26 Q3"), [(academic, D("75"))])
    assert found is not None and found.value == D("75")
    # ... but not July to September, which starts before it.
    assert target_in_force(q("2025/26 Q2"), [(academic, D("75"))]) is None
