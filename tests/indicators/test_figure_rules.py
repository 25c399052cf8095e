"""The rules for one home figure (indicators/figure_rules/), as tables: the
number formats a return and a typed box accept, the checks every entry path
shares, the submission rules, and the periods open for entry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from indicators import figure_rules, rating
from indicators.figure_rules import EntryWindow, FigureKind, check_figure

D = Decimal
PERCENT = FigureKind("percent", 1, "Children adopted within 18 months")
RATE = FigureKind("rate", 1, "Children looked after per 10,000 children")
RATE_UNKNOWN_BASE = FigureKind("rate", 1, "Referral rate")
NUMBER = FigureKind("number", 0, "Children looked after")
SCORE = FigureKind("score", 1, "Average score")


# --- Numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("  ", None),
        ("15.2", D("15.2")),
        (" 15.2\t", D("15.2")),
        ("-3", D("-3")),
        ("+7", D("7")),
        (".5", D("0.5")),
        ("7.", D("7")),
        ("1E-05", D("0.00001")),  # as a spreadsheet writes a small number
        ("\u00a015.2", D("15.2")),  # a non-breaking space, as Excel pastes
    ],
)
def test_a_return_takes_the_contracts_number_format(text, expected):
    assert figure_rules.parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,234", "leave out the thousands separators (1234)"),
        ("45%", "write a percentage without the % sign (45)"),
        ("\u0661\u0662\u0663", "use the digits 0 to 9"),  # Arabic-Indic 123
        ("\uff11\uff12", "use the digits 0 to 9"),  # fullwidth 12
        ("\u0967\u0968", "use the digits 0 to 9"),  # Devanagari 12
        ("1\u00a0234", "is not a number"),
        ("NaN", "'NaN' is not a number"),
        ("Infinity", "is not a number"),
        ("1e999", "is too large"),
        ("1000000000000", "is too large"),
        ("12.5 13.1", "is not a number"),
        ("=1+1", "is not a number"),
        ("0x10", "is not a number"),
        ("1_000", "is not a number"),
        ("\ufeff15", "is not a number"),
    ],
)
def test_a_return_refuses_anything_else_and_says_why(text, reason):
    with pytest.raises(figure_rules.NumberError, match=None) as caught:
        figure_rules.parse_number(text)
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234", D("1234")),
        ("45%", D("45")),
        ("45 %", D("45")),
        ("1,234.5", D("1234.5")),
    ],
)
def test_a_typed_box_also_takes_separators_and_a_percent_sign(text, expected):
    assert figure_rules.parse_number(text, typed=True) == expected


@pytest.mark.parametrize("text", ["\u0661\u0662\u0663", "\uff11\uff12", "12,34", "4%5"])
def test_a_typed_box_never_takes_other_scripts_or_odd_separators(text):
    with pytest.raises(figure_rules.NumberError):
        figure_rules.parse_number(text, typed=True)


# --- One figure ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "numerator", "denominator", "stored"),
    [
        # Worked out from the counts and kept to six places (issue 12, item 1).
        (PERCENT, None, "7", "9", "77.777778"),
        (PERCENT, None, "1300", "1500", "86.666667"),
        (PERCENT, None, "7", "8", "87.5"),
        (PERCENT, None, "520", "1600", "32.5"),
        (PERCENT, None, "0", "9", "0"),
        (RATE, None, "5", "100", "500"),
        (RATE, None, "1", "3", "3333.333333"),
        # Given and agreeing to the indicator's decimal places: kept as given.
        (PERCENT, "77.8", "7", "9", "77.8"),
        (PERCENT, "77.75", "7", "9", "77.75"),  # within 0.05 of 77.78
        (PERCENT, "77.777778", "7", "9", "77.777778"),
        (RATE, "500", "5", "100", "500"),
        # No counts: the value as given, to at most six places.
        (PERCENT, "15.2", None, None, "15.2"),
        (PERCENT, "0", None, None, "0"),
        (PERCENT, "100", None, None, "100"),
        (PERCENT, "33.3333333", None, None, "33.333333"),
        (SCORE, "-4.5", None, None, "-4.5"),
        # A count-only figure keeps its counts, which it is not checked against.
        (NUMBER, "695", "3", "4", "695"),
    ],
)
def test_a_good_figure_is_kept(kind, value, numerator, denominator, stored):
    checked = check_figure(
        kind,
        value=D(value) if value else None,
        numerator=D(numerator) if numerator else None,
        denominator=D(denominator) if denominator else None,
        require_value=True,
    )
    assert checked.errors == {}
    assert checked.value == D(stored)
    assert checked.worked_out == (value is None)


@pytest.mark.parametrize(
    ("kind", "value", "numerator", "denominator", "column", "reason"),
    [
        (PERCENT, "150", None, None, "value", "is over 100 for a percentage"),
        (PERCENT, "-5", None, None, "value", "must not be negative"),
        (NUMBER, "-1", None, None, "value", "must not be negative"),
        (RATE, "-1", None, None, "value", "must not be negative"),
        (FigureKind("days", 0), "-1", None, None, "value", "must not be negative"),
        (PERCENT, None, "-1", "9", "numerator", "must not be negative"),
        (PERCENT, None, "1", "-9", "denominator", "must not be negative"),
        (PERCENT, None, "10", "9", "numerator", "is larger than the denominator"),
        (PERCENT, None, "0", "0", "denominator", "is zero, so no percentage"),
        (RATE, None, "5", "0", "denominator", "is zero, so no rate"),
        # The figure against its own counts (issue 12, item 4).
        (PERCENT, "0.58", "116", "200", "value", "116 of 200 is 58.0%"),
        (PERCENT, "0.58", "116", "200", "value", "written as 58, not 0.58"),
        (PERCENT, "50", "1", "10", "value", "1 of 10 is 10.0%"),
        (PERCENT, "32.5", "442", "1614", "value", "442 of 1,614 is 27.4%"),
        (PERCENT, "77.7", "7", "9", "value", "does not agree"),
        (RATE, "400", "5", "100", "value", "5 of 100 is 500.0"),
        (RATE_UNKNOWN_BASE, "3", "5", "100", "value", "cannot be checked"),
        (RATE_UNKNOWN_BASE, None, "5", "100", "value", "per how many"),
        (NUMBER, None, "5", "100", "value", "not a percentage or a rate"),
        (PERCENT, None, "7", None, "value", "is required (or give numerator"),
        (PERCENT, None, None, None, "value", "is required"),
        (NUMBER, None, None, None, "value", "is required"),
    ],
)
def test_a_bad_figure_is_refused_under_its_column(
    kind, value, numerator, denominator, column, reason
):
    checked = check_figure(
        kind,
        value=D(value) if value else None,
        numerator=D(numerator) if numerator else None,
        denominator=D(denominator) if denominator else None,
        require_value=True,
    )
    assert any(reason in text for text in checked.errors.get(column, [])), (
        checked.errors
    )


def test_agreement_is_half_a_unit_of_the_last_decimal_place():
    assert figure_rules.agrees(D("77.8"), D("77.777778"), 1)
    assert figure_rules.agrees(D("77.75"), D("77.8"), 1)  # exactly half: agrees
    assert not figure_rules.agrees(D("77.7"), D("77.777778"), 1)
    assert figure_rules.agrees(D("78"), D("77.777778"), 0)
    assert not figure_rules.agrees(D("77"), D("77.777778"), 0)


def test_a_draft_needs_no_value_but_a_submission_does():
    draft = check_figure(PERCENT, value=None, numerator=D(7), denominator=None)
    assert draft.errors == {} and draft.value is None
    submitted = check_figure(
        PERCENT, value=None, numerator=D(7), denominator=None, require_value=True
    )
    assert "value" in submitted.errors


def test_a_suppression_symbol_stands_for_the_value():
    checked = check_figure(
        PERCENT, value=None, numerator=None, denominator=None, symbol="c",
        require_value=True,
    )  # fmt: skip
    assert checked.errors == {} and checked.value is None


@pytest.mark.parametrize(
    ("name", "base"),
    [
        ("Children looked after per 10,000 children", D(10000)),
        ("Children looked after per 10000 children", D(10000)),
        ("Rate per 1,000 population", D(1000)),
        ("Referrals PER 100,000", D(100000)),
        ("Referral rate", None),
        ("Rate per child", None),
    ],
)
def test_a_rates_base_is_the_one_its_name_states(name, base):
    assert figure_rules.multiplier("rate", name) == base
    assert figure_rules.multiplier("percent", name) == D(100)
    assert figure_rules.multiplier("number", name) is None


@pytest.mark.parametrize(
    ("value", "rag", "commentary", "column"),
    [
        (D(50), "red", "", "commentary"),
        (D(50), "red", "   ", "commentary"),
        (None, "n/a", "Why", "value"),
    ],
)
def test_a_submission_needs_a_value_and_a_red_needs_commentary(
    value, rag, commentary, column
):
    problems = figure_rules.submission_problems(
        value=value, rag=rag, commentary=commentary
    )
    assert list(problems) == [column]


@pytest.mark.parametrize("rag", ["green", "amber", "n/a"])
def test_only_a_red_needs_commentary(rag):
    assert figure_rules.submission_problems(value=D(50), rag=rag, commentary="") == {}
    assert (
        figure_rules.submission_problems(value=D(50), rag="red", commentary="Why") == {}
    )


# --- Which periods are open -----------------------------------------------------------------


def quarter(label: str) -> rating.Period:
    return rating.parse_period(label, "financial")


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2025, 4, 1), "2025/26 Q1"),
        (date(2025, 6, 30), "2025/26 Q1"),
        (date(2025, 7, 1), "2025/26 Q2"),
        (date(2025, 12, 31), "2025/26 Q3"),
        (date(2026, 1, 1), "2025/26 Q4"),
        (date(2026, 3, 31), "2025/26 Q4"),
    ],
)
def test_the_quarter_a_day_falls_in(day, label):
    assert figure_rules.quarter_of(day).label == label


def test_the_open_quarters_are_the_last_ones_to_have_ended():
    window = EntryWindow(date(2026, 2, 10), quarters_open=4)
    assert [q.label for q in window.open_quarters()] == [
        "2025/26 Q3", "2025/26 Q2", "2025/26 Q1", "2024/25 Q4",
    ]  # fmt: skip
    assert [q.label for q in EntryWindow(date(2026, 4, 1), 2).open_quarters()] == [
        "2025/26 Q4",
        "2025/26 Q3",
    ]


@pytest.mark.parametrize(
    ("today", "label", "officer", "performance"),
    [
        # A quarter opens the day after it ends...
        (date(2025, 9, 30), "2025/26 Q2", "has not ended", "has not ended"),
        (date(2025, 10, 1), "2025/26 Q2", None, None),
        # ... and closes at the end of the fourth quarter after.
        (date(2026, 9, 30), "2025/26 Q2", None, None),
        (date(2026, 10, 1), "2025/26 Q2", "is closed for entry", None),
        # Far in the future: never, for anyone (issue 12, item 8).
        (date(2025, 11, 1), "2099/00 Q4", "has not ended", "has not ended"),
        # Two quarters in arrears still has somewhere to go.
        (date(2026, 1, 15), "2025/26 Q1", None, None),
        (date(2016, 1, 15), "1990/91 Q1", "is closed for entry", None),
    ],
)
def test_a_period_is_open_from_its_end_for_a_number_of_quarters(
    today, label, officer, performance
):
    for may_enter_closed, expected in ((False, officer), (True, performance)):
        window = EntryWindow(today, 4, may_enter_closed=may_enter_closed)
        problem = window.problem(quarter(label))
        if expected is None:
            assert problem is None
        else:
            assert problem is not None and expected in problem
            assert problem.startswith(label)


def test_a_year_closes_the_same_number_of_quarters_after_it_ends():
    year = rating.parse_period("2024/25", "financial")
    assert figure_rules.closes_on(year, 4) == date(2026, 3, 31)
    assert figure_rules.closes_on(quarter("2025/26 Q4"), 1) == date(2026, 6, 30)
    assert figure_rules.closes_on(quarter("2025/26 Q3"), 5) == date(2027, 3, 31)


def test_the_not_ended_message_says_when_entry_opens():
    problem = EntryWindow(date(2025, 11, 1)).problem(quarter("2099/00 Q4"))
    assert problem == (
        "2099/00 Q4 has not ended: its figures can be entered from 1 April 2100"
    )
