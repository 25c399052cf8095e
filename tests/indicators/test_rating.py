"""Table-driven tests of the rating rules (indicators/rating/) against DESIGN.md.

Every expected value below was worked out by hand from the rules in DESIGN.md,
not by running the code: the periods from the calendar, the quantiles by the
type-7 formula x[h] + (h - floor h)(x[h+1] - x[h]) with h = (n - 1)p, and the
quartiles from LAIT's asymmetric cut-point rule.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from indicators.rating import (
    CutPoints,
    Direction,
    Figure,
    FigureError,
    Period,
    PeriodError,
    PeriodKind,
    Polarity,
    Rag,
    RagMethod,
    YearType,
    comparison_period,
    cut_points,
    direction,
    is_small_number,
    month_period,
    neighbour_mean,
    parse_ees_time_period,
    parse_figure,
    parse_period,
    percentage,
    previous_period,
    quantile,
    quarter_period,
    quartile,
    rag,
    rag_by_quartile,
    rag_by_target,
    rank,
)

D = Decimal
FIN, ACAD, CAL, REP = (
    YearType.FINANCIAL,
    YearType.ACADEMIC,
    YearType.CALENDAR,
    YearType.REPORTING,
)
HIGHER, LOWER, NONE = Polarity.HIGHER, Polarity.LOWER, Polarity.NONE
QUARTER, YEAR, MONTH = PeriodKind.QUARTER, PeriodKind.YEAR, PeriodKind.MONTH


def ds(*values: str | int | None) -> list[Decimal | None]:
    return [None if v is None else D(v) for v in values]


# --- Periods ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year_type", "start", "end", "kind", "period_year_type", "label"),
    [
        # Financial-year quarters: Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar.
        pytest.param(
            "2019/20 Q1", FIN, date(2019, 4, 1), date(2019, 6, 30), QUARTER, FIN,
            "2019/20 Q1", id="quarter-1-is-apr-jun",
        ),
        pytest.param(
            "2019/20 Q2", FIN, date(2019, 7, 1), date(2019, 9, 30), QUARTER, FIN,
            "2019/20 Q2", id="quarter-2-is-jul-sep",
        ),
        pytest.param(
            "2019/20 Q3", FIN, date(2019, 10, 1), date(2019, 12, 31), QUARTER, FIN,
            "2019/20 Q3", id="quarter-3-is-oct-dec-2019",
        ),
        pytest.param(
            "2019/20 Q4", FIN, date(2020, 1, 1), date(2020, 3, 31), QUARTER, FIN,
            "2019/20 Q4", id="quarter-4-is-jan-mar-of-the-next-calendar-year",
        ),
        pytest.param(
            "1999/00 Q4", FIN, date(2000, 1, 1), date(2000, 3, 31), QUARTER, FIN,
            "1999/00 Q4", id="quarter-across-the-century",
        ),
        pytest.param(
            "2019/20 q3", FIN, date(2019, 10, 1), date(2019, 12, 31), QUARTER, FIN,
            "2019/20 Q3", id="quarter-lower-case-q",
        ),
        pytest.param(
            "  2019 / 20   Q3 ", FIN, date(2019, 10, 1), date(2019, 12, 31), QUARTER,
            FIN, "2019/20 Q3", id="quarter-with-extra-whitespace",
        ),
        pytest.param(
            "2019/20Q3", FIN, date(2019, 10, 1), date(2019, 12, 31), QUARTER, FIN,
            "2019/20 Q3", id="quarter-without-a-space",
        ),
        pytest.param(
            "2019/20 Q3", ACAD, date(2019, 10, 1), date(2019, 12, 31), QUARTER, FIN,
            "2019/20 Q3", id="quarters-are-financial-whatever-the-year-type",
        ),
        # Years, by the indicator's year type.
        pytest.param(
            "2019/20", FIN, date(2019, 4, 1), date(2020, 3, 31), YEAR, FIN,
            "2019/20", id="financial-year-is-apr-mar",
        ),
        pytest.param(
            "1999/00", FIN, date(1999, 4, 1), date(2000, 3, 31), YEAR, FIN,
            "1999/00", id="financial-year-across-the-century",
        ),
        pytest.param(
            "2019/20", ACAD, date(2019, 9, 1), date(2020, 8, 31), YEAR, ACAD,
            "2019/20", id="academic-year-is-sep-aug",
        ),
        pytest.param(
            "2019", CAL, date(2019, 1, 1), date(2019, 12, 31), YEAR, CAL,
            "2019", id="calendar-year-is-jan-dec",
        ),
        pytest.param(
            "2025", REP, date(2024, 4, 1), date(2025, 3, 31), YEAR, REP,
            "2025", id="reporting-year-2025-ends-31-march-2025",
        ),
        pytest.param(
            "2019/20", "financial", date(2019, 4, 1), date(2020, 3, 31), YEAR, FIN,
            "2019/20", id="year-type-given-as-a-string",
        ),
        # Months.
        pytest.param(
            "2019-12", FIN, date(2019, 12, 1), date(2019, 12, 31), MONTH, CAL,
            "2019-12", id="month-december",
        ),
        pytest.param(
            "2020-02", CAL, date(2020, 2, 1), date(2020, 2, 29), MONTH, CAL,
            "2020-02", id="month-february-in-a-leap-year",
        ),
        pytest.param(
            "2019-02", ACAD, date(2019, 2, 1), date(2019, 2, 28), MONTH, CAL,
            "2019-02", id="month-february-in-a-common-year",
        ),
        pytest.param(
            "2019-04", REP, date(2019, 4, 1), date(2019, 4, 30), MONTH, CAL,
            "2019-04", id="month-whatever-the-year-type",
        ),
        # The first and last years a label may start in: 1900 and 2999.
        pytest.param(
            "1900/01 Q1", FIN, date(1900, 4, 1), date(1900, 6, 30), QUARTER, FIN,
            "1900/01 Q1", id="quarter-in-the-first-year",
        ),
        pytest.param(
            "2999/00 Q4", FIN, date(3000, 1, 1), date(3000, 3, 31), QUARTER, FIN,
            "2999/00 Q4", id="quarter-in-the-last-year",
        ),
        pytest.param(
            "1900", CAL, date(1900, 1, 1), date(1900, 12, 31), YEAR, CAL,
            "1900", id="calendar-year-first",
        ),
        pytest.param(
            "2999", CAL, date(2999, 1, 1), date(2999, 12, 31), YEAR, CAL,
            "2999", id="calendar-year-last",
        ),
        pytest.param(
            "2999-12", CAL, date(2999, 12, 1), date(2999, 12, 31), MONTH, CAL,
            "2999-12", id="month-in-the-last-year",
        ),
    ],
)  # fmt: skip
def test_parse_period_reads_every_label_kind_and_year_type(
    text: str,
    year_type: YearType | str,
    start: date,
    end: date,
    kind: PeriodKind,
    period_year_type: YearType,
    label: str,
) -> None:
    period = parse_period(text, year_type)
    assert (period.start, period.end) == (start, end)
    assert period.kind is kind
    assert period.year_type is period_year_type
    assert period.label == label


@pytest.mark.parametrize(
    ("text", "year_type"),
    [
        pytest.param("2019/21 Q3", FIN, id="quarter-whose-years-do-not-follow"),
        pytest.param("2019/19 Q3", FIN, id="quarter-whose-second-year-repeats"),
        pytest.param("2019/20 Q5", FIN, id="quarter-5"),
        pytest.param("2019/20 Q0", FIN, id="quarter-0"),
        pytest.param("Q3 2019/20", FIN, id="quarter-written-first"),
        pytest.param("2019/21", FIN, id="split-year-whose-years-do-not-follow"),
        pytest.param("2019/2020", FIN, id="split-year-with-four-digits"),
        pytest.param("19/20", FIN, id="split-year-with-two-digits"),
        pytest.param("2019/20", CAL, id="split-year-for-a-calendar-indicator"),
        pytest.param("2019/20", REP, id="split-year-for-a-reporting-indicator"),
        pytest.param("2019", FIN, id="single-year-for-a-financial-indicator"),
        pytest.param("2019", ACAD, id="single-year-for-an-academic-indicator"),
        pytest.param("2019-13", CAL, id="month-13"),
        pytest.param("2019-00", CAL, id="month-0"),
        pytest.param("2019-1", CAL, id="month-with-one-digit"),
        pytest.param("", FIN, id="empty"),
        pytest.param("last quarter", FIN, id="words"),
    ],
)
def test_parse_period_rejects_bad_labels(text: str, year_type: YearType) -> None:
    with pytest.raises(PeriodError):
        parse_period(text, year_type)


@pytest.mark.parametrize(
    ("quarter",),
    [pytest.param(0, id="quarter-0"), pytest.param(5, id="quarter-5")],
)
def test_quarter_period_rejects_a_quarter_outside_1_to_4(quarter: int) -> None:
    with pytest.raises(PeriodError):
        quarter_period(2019, quarter)


@pytest.mark.parametrize(
    ("month",),
    [pytest.param(0, id="month-0"), pytest.param(13, id="month-13")],
)
def test_month_period_rejects_a_month_outside_1_to_12(month: int) -> None:
    with pytest.raises(PeriodError):
        month_period(2019, month)


def test_periods_order_by_end_date_then_start() -> None:
    year = parse_period("2019/20", FIN)  # Apr 2019 - Mar 2020
    q4 = parse_period("2019/20 Q4", FIN)  # Jan - Mar 2020
    q3 = parse_period("2019/20 Q3", FIN)  # Oct - Dec 2019
    assert sorted([q4, year, q3]) == [q3, year, q4]


def test_period_key_is_kind_year_type_and_start() -> None:
    period = parse_period("2025", REP)
    assert period.key == ("year", "reporting", date(2024, 4, 1))


@pytest.mark.parametrize(
    ("time_period", "year_type", "start", "end", "label"),
    [
        pytest.param(
            "201920", FIN, date(2019, 4, 1), date(2020, 3, 31), "2019/20",
            id="split-year-financial",
        ),
        pytest.param(
            "201920", ACAD, date(2019, 9, 1), date(2020, 8, 31), "2019/20",
            id="split-year-academic",
        ),
        pytest.param(
            "199900", FIN, date(1999, 4, 1), date(2000, 3, 31), "1999/00",
            id="split-year-across-the-century",
        ),
        pytest.param(
            "202425", REP, date(2024, 4, 1), date(2025, 3, 31), "2025",
            id="split-year-reporting-ends-in-its-second-year",
        ),
        pytest.param(
            "2025", REP, date(2024, 4, 1), date(2025, 3, 31), "2025",
            id="single-year-reporting-is-the-year-to-31-march",
        ),
        pytest.param(
            "2019", CAL, date(2019, 1, 1), date(2019, 12, 31), "2019",
            id="single-year-calendar",
        ),
        pytest.param(
            " 201920 ", "academic", date(2019, 9, 1), date(2020, 8, 31), "2019/20",
            id="surrounding-whitespace-and-string-year-type",
        ),
        pytest.param(
            "190001", FIN, date(1900, 4, 1), date(1901, 3, 31), "1900/01",
            id="split-year-in-the-first-year",
        ),
        pytest.param(
            "299900", REP, date(2999, 4, 1), date(3000, 3, 31), "3000",
            id="split-year-reporting-in-the-last-year",
        ),
    ],
)  # fmt: skip
def test_parse_ees_time_period_reads_split_and_single_years(
    time_period: str, year_type: YearType | str, start: date, end: date, label: str
) -> None:
    period = parse_ees_time_period(time_period, year_type)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert period.kind is YEAR
    assert period.year_type is YearType(year_type)


@pytest.mark.parametrize(
    ("time_period", "year_type"),
    [
        pytest.param("201920", CAL, id="split-year-for-a-calendar-indicator"),
        pytest.param("201921", FIN, id="split-year-whose-years-do-not-follow"),
        pytest.param("201921", REP, id="reporting-split-year-that-does-not-follow"),
        pytest.param("2019", FIN, id="single-year-for-a-financial-indicator"),
        pytest.param("2019", ACAD, id="single-year-for-an-academic-indicator"),
        pytest.param("2019/20", FIN, id="contract-label-is-not-ees"),
        pytest.param("20192020", FIN, id="eight-digits"),
        pytest.param("", FIN, id="empty"),
    ],
)
def test_parse_ees_time_period_rejects_bad_time_periods(
    time_period: str, year_type: YearType
) -> None:
    with pytest.raises(PeriodError):
        parse_ees_time_period(time_period, year_type)


@pytest.mark.parametrize(
    ("parse", "text", "year_type"),
    [
        pytest.param(parse_period, "1899/00 Q4", FIN, id="quarter-before-1900"),
        pytest.param(parse_period, "3000/01 Q1", FIN, id="quarter-after-2999"),
        pytest.param(parse_period, "1899/00", FIN, id="split-year-before-1900"),
        pytest.param(parse_period, "3000/01", ACAD, id="split-year-after-2999"),
        pytest.param(parse_period, "1899", CAL, id="calendar-year-1899"),
        pytest.param(parse_period, "3000", REP, id="reporting-year-3000"),
        pytest.param(parse_period, "1899-12", CAL, id="month-in-1899"),
        pytest.param(parse_period, "3000-01", CAL, id="month-in-3000"),
        pytest.param(parse_period, "0000/01 Q1", FIN, id="quarter-in-year-0"),
        pytest.param(parse_ees_time_period, "189900", FIN, id="ees-split-1899"),
        pytest.param(parse_ees_time_period, "300001", REP, id="ees-split-3000"),
        pytest.param(parse_ees_time_period, "1899", CAL, id="ees-single-1899"),
        pytest.param(parse_ees_time_period, "3000", REP, id="ees-single-3000"),
    ],
)
def test_periods_outside_1900_to_2999_are_refused_as_out_of_range(
    parse: object, text: str, year_type: YearType
) -> None:
    """FIRST_YEAR and LAST_YEAR: each label is otherwise well formed, so only
    the year-range check refuses it (hence the message is matched)."""
    with pytest.raises(PeriodError, match="out of range"):
        parse(text, year_type)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("label", "year_type", "previous_label", "start", "end"),
    [
        pytest.param(
            "2019/20 Q3", FIN, "2019/20 Q2", date(2019, 7, 1), date(2019, 9, 30),
            id="quarter-3-follows-quarter-2",
        ),
        pytest.param(
            "2019/20 Q4", FIN, "2019/20 Q3", date(2019, 10, 1), date(2019, 12, 31),
            id="quarter-4-follows-quarter-3",
        ),
        pytest.param(
            "2019/20 Q1", FIN, "2018/19 Q4", date(2019, 1, 1), date(2019, 3, 31),
            id="quarter-1-follows-last-years-quarter-4",
        ),
        pytest.param(
            "2000/01 Q1", FIN, "1999/00 Q4", date(2000, 1, 1), date(2000, 3, 31),
            id="quarter-1-across-the-century",
        ),
        pytest.param(
            "2019-12", CAL, "2019-11", date(2019, 11, 1), date(2019, 11, 30),
            id="month",
        ),
        pytest.param(
            "2020-01", CAL, "2019-12", date(2019, 12, 1), date(2019, 12, 31),
            id="january-follows-last-december",
        ),
        pytest.param(
            "2020-03", CAL, "2020-02", date(2020, 2, 1), date(2020, 2, 29),
            id="march-follows-leap-february",
        ),
        pytest.param(
            "2019/20", FIN, "2018/19", date(2018, 4, 1), date(2019, 3, 31),
            id="financial-year",
        ),
        pytest.param(
            "2000/01", FIN, "1999/00", date(1999, 4, 1), date(2000, 3, 31),
            id="financial-year-across-the-century",
        ),
        pytest.param(
            "2019/20", ACAD, "2018/19", date(2018, 9, 1), date(2019, 8, 31),
            id="academic-year",
        ),
        pytest.param(
            "2019", CAL, "2018", date(2018, 1, 1), date(2018, 12, 31),
            id="calendar-year",
        ),
        pytest.param(
            "2025", REP, "2024", date(2023, 4, 1), date(2024, 3, 31),
            id="reporting-year",
        ),
    ],
)  # fmt: skip
def test_previous_period_is_the_period_of_the_same_kind_before(
    label: str, year_type: YearType, previous_label: str, start: date, end: date
) -> None:
    period = parse_period(label, year_type)
    previous = previous_period(period)
    assert (previous.label, previous.start, previous.end) == (
        previous_label,
        start,
        end,
    )
    assert previous.kind is period.kind
    assert previous.year_type is period.year_type


_REPORTING_YEARS = [parse_period(y, REP) for y in ("2021", "2019", "2020")]
_ACADEMIC_YEARS = [parse_period(y, ACAD) for y in ("2018/19", "2019/20")]


@pytest.mark.parametrize(
    ("figure_end", "candidates", "expected_label"),
    [
        pytest.param(
            date(2019, 12, 31), _REPORTING_YEARS, "2019",
            id="quarter-3-compares-with-the-year-to-march-before-it",
        ),
        pytest.param(
            date(2020, 3, 31), _REPORTING_YEARS, "2020",
            id="a-period-ending-on-the-same-day-is-available",
        ),
        pytest.param(
            date(2020, 3, 30), _REPORTING_YEARS, "2019",
            id="a-period-ending-a-day-later-is-not",
        ),
        pytest.param(
            date(2030, 3, 31), _REPORTING_YEARS, "2021",
            id="latest-of-several-eligible-whatever-their-order",
        ),
        pytest.param(
            date(2019, 12, 31), _ACADEMIC_YEARS, "2018/19",
            id="academic-year-ending-august-before-the-quarter",
        ),
        pytest.param(
            date(2019, 3, 30), _REPORTING_YEARS, None,
            id="none-when-every-candidate-ends-later",
        ),
        pytest.param(date(2019, 12, 31), [], None, id="none-without-candidates"),
    ],
)  # fmt: skip
def test_comparison_period_is_the_latest_ending_on_or_before_the_figure(
    figure_end: date, candidates: list[Period], expected_label: str | None
) -> None:
    found = comparison_period(figure_end, candidates)
    assert (found.label if found else None) == expected_label


# --- Figures and suppression -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("12", D("12"), id="integer"),
        pytest.param("12.5", D("12.5"), id="decimal"),
        pytest.param("0", D("0"), id="zero"),
        pytest.param("-3.25", D("-3.25"), id="negative"),
        pytest.param("+4", D("4"), id="explicit-plus"),
        pytest.param(".5", D("0.5"), id="leading-point"),
        pytest.param("5.", D("5"), id="trailing-point"),
        pytest.param("1e3", D("1000"), id="exponent"),
        pytest.param("2.5E-1", D("0.25"), id="negative-exponent"),
        pytest.param("1,234", D("1234"), id="thousands-comma"),
        pytest.param("1,234,567.89", D("1234567.89"), id="two-thousands-commas"),
        pytest.param("-1,234", D("-1234"), id="negative-with-comma"),
        pytest.param("15.2%", D("15.2"), id="percent-sign"),
        pytest.param("15.2 %", D("15.2"), id="percent-sign-after-a-space"),
        pytest.param("1,234.5%", D("1234.5"), id="comma-and-percent"),
        pytest.param("  42  ", D("42"), id="surrounding-whitespace"),
        pytest.param("\ufeff42", D("42"), id="byte-order-mark"),
        pytest.param("999999999999", D("999999999999"), id="largest-allowed"),
        pytest.param("-999999999999.99", D("-999999999999.99"), id="most-negative"),
        pytest.param(42, D("42"), id="int"),
        pytest.param(D("3.14"), D("3.14"), id="decimal-object"),
        pytest.param(0.1, D("0.1"), id="float-read-as-written"),
    ],
)
def test_parse_figure_reads_numbers(text: object, expected: Decimal) -> None:
    figure = parse_figure(text)
    assert isinstance(figure.value, Decimal)
    assert figure.value == expected
    assert figure.symbol == ""
    assert figure.available


@pytest.mark.parametrize(
    "text",
    ["0", "-0", "7", "100", "120.50", "-3.25", "0.000", "999999999999", "12.0"],
)
def test_parse_figure_plain_cells_read_as_the_general_path_reads_them(
    text: str,
) -> None:
    """Plain cells take a short path; a space in front forces the general one."""
    fast, general = parse_figure(text), parse_figure(f" {text}")
    assert fast == general
    assert str(fast.value) == str(general.value)


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        *(
            pytest.param(s, s, id=f"symbol-{s}")
            for s in ("c", "x", "z", "low", "k", "u", ":", "..", "-")
        ),
        pytest.param("C", "c", id="upper-case-c"),
        pytest.param("LOW", "low", id="upper-case-low"),
        pytest.param(" x ", "x", id="symbol-with-whitespace"),
    ],
)
def test_parse_figure_keeps_suppression_symbols_as_not_available(
    text: str, symbol: str
) -> None:
    figure = parse_figure(text)
    assert figure.value is None  # never zero
    assert figure.symbol == symbol
    assert not figure.available


@pytest.mark.parametrize(
    ("text",),
    [
        pytest.param(None, id="none"),
        pytest.param("", id="empty"),
        pytest.param("   ", id="whitespace"),
        pytest.param("\ufeff", id="only-a-byte-order-mark"),
    ],
)
def test_parse_figure_reads_blanks_as_not_available_without_a_symbol(
    text: object,
) -> None:
    assert parse_figure(text) == Figure(None, "")


@pytest.mark.parametrize(
    ("text",),
    [
        pytest.param("abc", id="words"),
        pytest.param("12abc", id="trailing-letters"),
        pytest.param("1.2.3", id="two-points"),
        pytest.param("12,34", id="comma-not-a-thousands-separator"),
        pytest.param("1,2345", id="comma-before-four-digits"),
        pytest.param("1,234,56", id="short-last-group"),
        pytest.param("%", id="percent-sign-alone"),
        pytest.param("12%%", id="two-percent-signs"),
        pytest.param("0x10", id="hexadecimal"),
        pytest.param("£12", id="currency-sign"),
        pytest.param("NaN", id="string-nan"),
        pytest.param("nan", id="string-nan-lower"),
        pytest.param("inf", id="string-inf"),
        pytest.param("Infinity", id="string-infinity"),
        pytest.param("-Infinity", id="string-minus-infinity"),
        pytest.param("1e12", id="string-at-the-limit"),
        pytest.param("-1e12", id="string-negative-at-the-limit"),
        pytest.param("1000000000000", id="string-a-trillion"),
        pytest.param(10**12, id="int-at-the-limit"),
        pytest.param(1e12, id="float-at-the-limit"),
        pytest.param(float("nan"), id="float-nan"),
        pytest.param(float("inf"), id="float-infinity"),
        pytest.param(float("-inf"), id="float-minus-infinity"),
        pytest.param(D("NaN"), id="decimal-nan"),
        pytest.param(D("Infinity"), id="decimal-infinity"),
        pytest.param(D("-Infinity"), id="decimal-minus-infinity"),
        pytest.param(True, id="bool-true"),
        pytest.param(False, id="bool-false"),
    ],
)
def test_parse_figure_rejects_anything_else(text: object) -> None:
    with pytest.raises(FigureError):
        parse_figure(text)


def test_parse_figure_error_quotes_a_long_cell_shortened() -> None:
    cell = "not a number " * 10
    with pytest.raises(FigureError) as caught:
        parse_figure(cell)
    message = str(caught.value)
    assert "…" in message
    assert cell not in message
    assert cell[:39] in message


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        pytest.param(D(1), D(4), D(25), id="a-quarter"),
        pytest.param(D(5), D(5), D(100), id="all"),
        pytest.param(D(0), D(10), D(0), id="none-of-them"),
        pytest.param(D(3), D(0), None, id="zero-denominator"),
        pytest.param(D(0), D(0), None, id="zero-over-zero"),
    ],
)
def test_percentage(
    numerator: Decimal, denominator: Decimal, expected: Decimal | None
) -> None:
    assert percentage(numerator, denominator) == expected


def test_percentage_of_28_children_in_184_is_15_point_2() -> None:
    # "15.2% (28 children)": 2800 / 184 = 15.217...
    result = percentage(D(28), D(184))
    assert result is not None
    assert result.quantize(D("0.01")) == D("15.22")


# --- Direction of travel ------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "threshold", "expected"),
    [
        # Default threshold 0: LAIT's plain sign of the change.
        pytest.param("11", "10", HIGHER, None, Direction.IMPROVED, id="higher-up"),
        pytest.param("9", "10", HIGHER, None, Direction.DECLINED, id="higher-down"),
        pytest.param("10", "10", HIGHER, None, Direction.NO_CHANGE, id="higher-same"),
        pytest.param(
            "10.001", "10", HIGHER, None, Direction.IMPROVED, id="higher-tiny-rise"
        ),
        pytest.param("9", "10", LOWER, None, Direction.IMPROVED, id="lower-down"),
        pytest.param("11", "10", LOWER, None, Direction.DECLINED, id="lower-up"),
        pytest.param("10", "10", LOWER, None, Direction.NO_CHANGE, id="lower-same"),
        pytest.param(
            "9.999", "10", LOWER, None, Direction.IMPROVED, id="lower-tiny-fall"
        ),
        # A change between 0 and 1 (which a mutant `change < 1` calls better).
        pytest.param(
            "10.5", "10", LOWER, None, Direction.DECLINED,
            id="lower-rise-between-0-and-1",
        ),
        pytest.param(
            "9.5", "10", HIGHER, None, Direction.DECLINED,
            id="higher-fall-between-0-and-1",
        ),
        pytest.param(
            "11", "10", "higher", None, Direction.IMPROVED, id="polarity-as-string"
        ),
        # Threshold 2: the change must exceed it.
        pytest.param(
            "12", "10", HIGHER, "2", Direction.NO_CHANGE, id="higher-rise-at-threshold"
        ),
        pytest.param(
            "12.01", "10", HIGHER, "2", Direction.IMPROVED,
            id="higher-rise-beyond-threshold",
        ),
        pytest.param(
            "11", "10", HIGHER, "2", Direction.NO_CHANGE,
            id="higher-rise-within-threshold",
        ),
        pytest.param(
            "8", "10", HIGHER, "2", Direction.NO_CHANGE, id="higher-fall-at-threshold"
        ),
        pytest.param(
            "7.99", "10", HIGHER, "2", Direction.DECLINED,
            id="higher-fall-beyond-threshold",
        ),
        pytest.param(
            "8", "10", LOWER, "2", Direction.NO_CHANGE, id="lower-fall-at-threshold"
        ),
        pytest.param(
            "7.99", "10", LOWER, "2", Direction.IMPROVED,
            id="lower-fall-beyond-threshold",
        ),
        pytest.param(
            "12", "10", LOWER, "2", Direction.NO_CHANGE, id="lower-rise-at-threshold"
        ),
        pytest.param(
            "12.01", "10", LOWER, "2", Direction.DECLINED,
            id="lower-rise-beyond-threshold",
        ),
        pytest.param(
            "10", "10", LOWER, "2", Direction.NO_CHANGE, id="lower-same-with-threshold"
        ),
        # A fractional threshold, 0.5.
        pytest.param(
            "10.5", "10", LOWER, "0.5", Direction.NO_CHANGE,
            id="lower-rise-at-a-fractional-threshold",
        ),
        pytest.param(
            "10.51", "10", LOWER, "0.5", Direction.DECLINED,
            id="lower-rise-beyond-a-fractional-threshold",
        ),
        pytest.param(
            "10.49", "10", HIGHER, "0.5", Direction.NO_CHANGE,
            id="higher-rise-within-a-fractional-threshold",
        ),
        # n/a: no polarity, or a missing value.
        pytest.param("11", "10", NONE, None, Direction.NA, id="no-polarity-rise"),
        pytest.param("10", "10", NONE, None, Direction.NA, id="no-polarity-same"),
        pytest.param("11", None, HIGHER, None, Direction.NA, id="no-previous-higher"),
        pytest.param("11", None, LOWER, None, Direction.NA, id="no-previous-lower"),
        pytest.param(None, "10", HIGHER, None, Direction.NA, id="no-current"),
        pytest.param(None, None, LOWER, None, Direction.NA, id="neither"),
    ],
)  # fmt: skip
def test_direction_of_travel(
    current: str | None,
    previous: str | None,
    polarity: Polarity | str,
    threshold: str | None,
    expected: Direction,
) -> None:
    cur = None if current is None else D(current)
    prev = None if previous is None else D(previous)
    if threshold is None:
        assert direction(cur, prev, polarity) is expected
    else:
        assert direction(cur, prev, polarity, D(threshold)) is expected


# --- RAG -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "polarity", "tolerance", "expected"),
    [
        # Higher is better, target 80, tolerance 5: amber down to 75.
        pytest.param("85", "80", HIGHER, "5", Rag.GREEN, id="higher-beats-target"),
        pytest.param("80", "80", HIGHER, "5", Rag.GREEN, id="higher-meets-target"),
        pytest.param("79.99", "80", HIGHER, "5", Rag.AMBER, id="higher-just-misses"),
        pytest.param(
            "75", "80", HIGHER, "5", Rag.AMBER, id="higher-misses-by-the-tolerance"
        ),
        pytest.param(
            "74.99", "80", HIGHER, "5", Rag.RED, id="higher-misses-beyond-tolerance"
        ),
        pytest.param("60", "80", HIGHER, "5", Rag.RED, id="higher-far-below"),
        pytest.param("80", "80", HIGHER, "0", Rag.GREEN, id="higher-no-tolerance-meets"),
        pytest.param(
            "79.99", "80", HIGHER, "0", Rag.RED, id="higher-no-tolerance-means-no-amber"
        ),
        pytest.param("79", "80", HIGHER, None, Rag.RED, id="default-tolerance-is-0"),
        # Lower is better, target 10, tolerance 2: amber up to 12.
        pytest.param("9", "10", LOWER, "2", Rag.GREEN, id="lower-beats-target"),
        pytest.param("10", "10", LOWER, "2", Rag.GREEN, id="lower-meets-target"),
        pytest.param("11", "10", LOWER, "2", Rag.AMBER, id="lower-misses-within"),
        pytest.param(
            "12", "10", LOWER, "2", Rag.AMBER, id="lower-misses-by-the-tolerance"
        ),
        pytest.param(
            "12.01", "10", LOWER, "2", Rag.RED, id="lower-misses-beyond-tolerance"
        ),
        pytest.param("10", "10", LOWER, "0", Rag.GREEN, id="lower-no-tolerance-meets"),
        pytest.param(
            "10.01", "10", LOWER, "0", Rag.RED, id="lower-no-tolerance-means-no-amber"
        ),
        # A fractional tolerance, 0.5 (a mutant `tolerance > 1` drops its amber).
        pytest.param(
            "79.6", "80", HIGHER, "0.5", Rag.AMBER,
            id="higher-misses-within-a-fractional-tolerance",
        ),
        pytest.param(
            "79.5", "80", HIGHER, "0.5", Rag.AMBER,
            id="higher-misses-by-a-fractional-tolerance",
        ),
        pytest.param(
            "79.49", "80", HIGHER, "0.5", Rag.RED,
            id="higher-misses-beyond-a-fractional-tolerance",
        ),
        pytest.param(
            "10.25", "10", LOWER, "0.5", Rag.AMBER,
            id="lower-misses-within-a-fractional-tolerance",
        ),
        pytest.param(
            "10.6", "10", LOWER, "0.5", Rag.RED,
            id="lower-misses-beyond-a-fractional-tolerance",
        ),
        # n/a.
        pytest.param("85", "80", NONE, "5", Rag.NA, id="no-polarity"),
        pytest.param("85", None, HIGHER, "5", Rag.NA, id="no-target"),
        pytest.param(None, "80", HIGHER, "5", Rag.NA, id="no-value"),
        pytest.param("85", "80", "higher", "5", Rag.GREEN, id="polarity-as-string"),
    ],
)  # fmt: skip
def test_rag_by_target(
    value: str | None,
    target: str | None,
    polarity: Polarity | str,
    tolerance: str | None,
    expected: Rag,
) -> None:
    val = None if value is None else D(value)
    tgt = None if target is None else D(target)
    if tolerance is None:
        assert rag_by_target(val, tgt, polarity) is expected
    else:
        assert rag_by_target(val, tgt, polarity, D(tolerance)) is expected


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        pytest.param(1, Rag.GREEN, id="top-quartile-green"),
        pytest.param(2, Rag.AMBER, id="second-quartile-amber"),
        pytest.param(3, Rag.AMBER, id="third-quartile-amber"),
        pytest.param(4, Rag.RED, id="bottom-quartile-red"),
        pytest.param(None, Rag.NA, id="no-quartile"),
    ],
)
def test_rag_by_quartile(band: int | None, expected: Rag) -> None:
    assert rag_by_quartile(band) is expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # Target method delegates to rag_by_target.
        pytest.param(
            {"method": RagMethod.TARGET, "polarity": HIGHER, "value": D(76),
             "target": D(80), "tolerance": D(5)},
            Rag.AMBER, id="target-within-tolerance-amber",
        ),
        pytest.param(
            {"method": "target", "polarity": LOWER, "value": D("10.3"),
             "target": D(10), "tolerance": D("0.5")},
            Rag.AMBER, id="target-within-a-fractional-tolerance-amber",
        ),
        pytest.param(
            {"method": "target", "polarity": "lower", "value": D(9), "target": D(10)},
            Rag.GREEN, id="target-lower-beats-green",
        ),
        pytest.param(
            {"method": "target", "polarity": HIGHER, "value": D(76),
             "target": D(80)},
            Rag.RED, id="target-default-tolerance-no-amber",
        ),
        pytest.param(
            {"method": "target", "polarity": HIGHER, "value": D(76)},
            Rag.NA, id="target-without-a-target",
        ),
        # Quartile method.
        pytest.param(
            {"method": RagMethod.QUARTILE, "polarity": HIGHER, "value": D(1),
             "quartile": 1},
            Rag.GREEN, id="quartile-1-green",
        ),
        pytest.param(
            {"method": "quartile", "polarity": LOWER, "value": D(1), "quartile": 2},
            Rag.AMBER, id="quartile-2-amber",
        ),
        pytest.param(
            {"method": "quartile", "polarity": LOWER, "value": D(1), "quartile": 3},
            Rag.AMBER, id="quartile-3-amber",
        ),
        pytest.param(
            {"method": "quartile", "polarity": HIGHER, "value": D(1), "quartile": 4},
            Rag.RED, id="quartile-4-red",
        ),
        pytest.param(
            {"method": "quartile", "polarity": HIGHER, "value": D(1)},
            Rag.NA, id="quartile-without-a-quartile",
        ),
        pytest.param(
            {"method": "quartile", "polarity": HIGHER, "value": None, "quartile": 1},
            Rag.NA, id="quartile-without-a-value",
        ),
        pytest.param(
            {"method": "quartile", "polarity": HIGHER, "value": D(1), "quartile": 1,
             "target": D(100)},
            Rag.GREEN, id="quartile-ignores-the-target",
        ),
        # Manual method: whatever the performance team set.
        pytest.param(
            {"method": RagMethod.MANUAL, "polarity": HIGHER, "value": D(1),
             "manual": "red"},
            Rag.RED, id="manual-red",
        ),
        pytest.param(
            {"method": "manual", "polarity": LOWER, "value": D(1), "manual": "amber"},
            Rag.AMBER, id="manual-amber",
        ),
        pytest.param(
            {"method": "manual", "polarity": HIGHER, "value": D(1),
             "manual": Rag.GREEN},
            Rag.GREEN, id="manual-green-enum",
        ),
        pytest.param(
            {"method": "manual", "polarity": HIGHER, "value": D(90), "target": D(80),
             "quartile": 1, "manual": "red"},
            Rag.RED, id="manual-ignores-target-and-quartile",
        ),
        pytest.param(
            {"method": "manual", "polarity": HIGHER, "value": D(1)},
            Rag.NA, id="manual-not-set",
        ),
        pytest.param(
            {"method": "manual", "polarity": HIGHER, "value": D(1), "manual": ""},
            Rag.NA, id="manual-blank",
        ),
        # Method none, or polarity none: always n/a.
        pytest.param(
            {"method": RagMethod.NONE, "polarity": HIGHER, "value": D(90),
             "target": D(80)},
            Rag.NA, id="method-none-with-a-met-target",
        ),
        pytest.param(
            {"method": "none", "polarity": HIGHER, "value": D(1), "quartile": 1,
             "manual": "green"},
            Rag.NA, id="method-none-with-a-quartile-and-manual",
        ),
        pytest.param(
            {"method": "target", "polarity": NONE, "value": D(90), "target": D(80)},
            Rag.NA, id="polarity-none-target",
        ),
        pytest.param(
            {"method": "quartile", "polarity": "none", "value": D(1), "quartile": 1},
            Rag.NA, id="polarity-none-quartile",
        ),
        pytest.param(
            {"method": "manual", "polarity": NONE, "value": D(1), "manual": "red"},
            Rag.NA, id="polarity-none-manual",
        ),
    ],
)  # fmt: skip
def test_rag_by_method(kwargs: dict[str, object], expected: Rag) -> None:
    assert rag(**kwargs) is expected  # type: ignore[arg-type]


# --- National quartile, rank, neighbours ------------------------------------------------


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        # [1, 2, 3, 4]: h = 3p.
        pytest.param(["1", "2", "3", "4"], "0", "1", id="four-values-p0"),
        pytest.param(["1", "2", "3", "4"], "0.25", "1.75", id="four-values-q25"),
        pytest.param(["1", "2", "3", "4"], "0.5", "2.5", id="four-values-q50"),
        pytest.param(["1", "2", "3", "4"], "0.75", "3.25", id="four-values-q75"),
        pytest.param(["1", "2", "3", "4"], "1", "4", id="four-values-p1-is-the-max"),
        # [1..5]: h = 4p lands exactly on values.
        pytest.param(["1", "2", "3", "4", "5"], "0.25", "2", id="five-values-q25"),
        pytest.param(["1", "2", "3", "4", "5"], "0.5", "3", id="five-values-q50"),
        pytest.param(["1", "2", "3", "4", "5"], "0.75", "4", id="five-values-q75"),
        # Ties: [2, 4, 4, 10].
        pytest.param(["2", "4", "4", "10"], "0.25", "3.5", id="tied-q25"),
        pytest.param(["2", "4", "4", "10"], "0.5", "4", id="tied-q50"),
        pytest.param(["2", "4", "4", "10"], "0.75", "5.5", id="tied-q75"),
        # Seven rates: h = 6p.
        pytest.param(
            ["12.1", "15.3", "18.0", "20.4", "25.9", "31.2", "40.0"], "0.25", "16.65",
            id="seven-rates-q25",
        ),
        pytest.param(
            ["12.1", "15.3", "18.0", "20.4", "25.9", "31.2", "40.0"], "0.5", "20.4",
            id="seven-rates-q50",
        ),
        pytest.param(
            ["12.1", "15.3", "18.0", "20.4", "25.9", "31.2", "40.0"], "0.75", "28.55",
            id="seven-rates-q75",
        ),
        # Fewer values than quartiles.
        pytest.param(["10", "20"], "0.25", "12.5", id="two-values-q25"),
        pytest.param(["10", "20"], "0.5", "15", id="two-values-q50"),
        pytest.param(["10", "20"], "0.75", "17.5", id="two-values-q75"),
        pytest.param(["7"], "0.25", "7", id="one-value-q25"),
        pytest.param(["7"], "0.75", "7", id="one-value-q75"),
    ],
)  # fmt: skip
def test_quantile_is_linear_interpolation_type_7(
    values: list[str], p: str, expected: str
) -> None:
    assert quantile([D(v) for v in values], D(p)) == D(expected)


def test_quantile_of_no_values_raises() -> None:
    with pytest.raises(ValueError, match="no values"):
        quantile([], D("0.5"))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param(
            ds(3, None, 1, 4, None, 2), CutPoints(D("1.75"), D("2.5"), D("3.25"), 4),
            id="unsorted-with-suppressed-values-left-out",
        ),
        pytest.param(
            ds(1, 2, 3, 4, 5), CutPoints(D(2), D(3), D(4), 5), id="five-values",
        ),
        pytest.param(
            ds(20, 10), CutPoints(D("12.5"), D(15), D("17.5"), 2), id="two-values",
        ),
        pytest.param(ds(7), CutPoints(D(7), D(7), D(7), 1), id="one-value"),
        pytest.param([], None, id="no-values"),
        pytest.param([None, None], None, id="only-suppressed-values"),
    ],
)  # fmt: skip
def test_cut_points(values: list[Decimal | None], expected: CutPoints | None) -> None:
    assert cut_points(values) == expected


def test_suppressed_figures_take_no_part_in_cut_points() -> None:
    cells = ["1", "c", "2", "x", "3", "..", "4", ""]
    cuts = cut_points(parse_figure(cell).value for cell in cells)
    assert cuts == CutPoints(D("1.75"), D("2.5"), D("3.25"), 4)


_CUTS_2_3_4 = CutPoints(D(2), D(3), D(4), 5)  # from [1, 2, 3, 4, 5]
_CUTS_TIED = CutPoints(D("3.5"), D(4), D("5.5"), 4)  # from [2, 4, 4, 10]
_CUTS_ONE = CutPoints(D(7), D(7), D(7), 1)  # from [7]
_CUTS_TWO = CutPoints(D("12.5"), D(15), D("17.5"), 2)  # from [10, 20]


@pytest.mark.parametrize(
    ("value", "cuts", "polarity", "expected"),
    [
        # Lower is better: v <= Q25 -> 1, <= Q50 -> 2, <= Q75 -> 3, else 4.
        # A value on a cut-point goes to the better quartile.
        pytest.param("1", _CUTS_2_3_4, LOWER, 1, id="lower-below-q25"),
        pytest.param("2", _CUTS_2_3_4, LOWER, 1, id="lower-on-q25-is-better"),
        pytest.param("2.5", _CUTS_2_3_4, LOWER, 2, id="lower-between-q25-q50"),
        pytest.param("3", _CUTS_2_3_4, LOWER, 2, id="lower-on-q50-is-better"),
        pytest.param("3.5", _CUTS_2_3_4, LOWER, 3, id="lower-between-q50-q75"),
        pytest.param("4", _CUTS_2_3_4, LOWER, 3, id="lower-on-q75-is-better"),
        pytest.param("4.5", _CUTS_2_3_4, LOWER, 4, id="lower-above-q75"),
        pytest.param("5", _CUTS_2_3_4, LOWER, 4, id="lower-the-worst"),
        # Higher is better: v > Q75 -> 1, > Q50 -> 2, > Q25 -> 3, else 4.
        # A value on a cut-point goes to the worse quartile.
        pytest.param("5", _CUTS_2_3_4, HIGHER, 1, id="higher-the-best"),
        pytest.param("4.5", _CUTS_2_3_4, HIGHER, 1, id="higher-above-q75"),
        pytest.param("4", _CUTS_2_3_4, HIGHER, 2, id="higher-on-q75-is-worse"),
        pytest.param("3.5", _CUTS_2_3_4, HIGHER, 2, id="higher-between-q50-q75"),
        pytest.param("3", _CUTS_2_3_4, HIGHER, 3, id="higher-on-q50-is-worse"),
        pytest.param("2.5", _CUTS_2_3_4, HIGHER, 3, id="higher-between-q25-q50"),
        pytest.param("2", _CUTS_2_3_4, HIGHER, 4, id="higher-on-q25-is-worse"),
        pytest.param("1", _CUTS_2_3_4, HIGHER, 4, id="higher-below-q25"),
        # Tied authorities sitting on the median [2, 4, 4, 10].
        pytest.param("4", _CUTS_TIED, LOWER, 2, id="tied-on-median-lower"),
        pytest.param("4", _CUTS_TIED, HIGHER, 3, id="tied-on-median-higher"),
        pytest.param("2", _CUTS_TIED, LOWER, 1, id="tied-set-best-lower"),
        pytest.param("10", _CUTS_TIED, HIGHER, 1, id="tied-set-best-higher"),
        # Fewer values than quartiles: one authority, all cut-points equal.
        pytest.param("7", _CUTS_ONE, LOWER, 1, id="one-value-lower-on-cut"),
        pytest.param("7", _CUTS_ONE, HIGHER, 4, id="one-value-higher-on-cut"),
        pytest.param("6", _CUTS_ONE, LOWER, 1, id="one-value-lower-below"),
        pytest.param("8", _CUTS_ONE, LOWER, 4, id="one-value-lower-above"),
        pytest.param("8", _CUTS_ONE, HIGHER, 1, id="one-value-higher-above"),
        pytest.param("6", _CUTS_ONE, HIGHER, 4, id="one-value-higher-below"),
        # Two authorities [10, 20].
        pytest.param("10", _CUTS_TWO, LOWER, 1, id="two-values-lower-min"),
        pytest.param("15", _CUTS_TWO, LOWER, 2, id="two-values-lower-median"),
        pytest.param("20", _CUTS_TWO, LOWER, 4, id="two-values-lower-max"),
        pytest.param("20", _CUTS_TWO, HIGHER, 1, id="two-values-higher-max"),
        pytest.param("15", _CUTS_TWO, HIGHER, 3, id="two-values-higher-median"),
        pytest.param("10", _CUTS_TWO, HIGHER, 4, id="two-values-higher-min"),
        # No quartile.
        pytest.param("3", _CUTS_2_3_4, NONE, None, id="no-polarity"),
        pytest.param(None, _CUTS_2_3_4, HIGHER, None, id="no-value"),
        pytest.param("3", None, LOWER, None, id="no-cut-points"),
        pytest.param("4.5", _CUTS_2_3_4, "lower", 4, id="polarity-as-string"),
    ],
)
def test_quartile_bands_as_lait_does(
    value: str | None,
    cuts: CutPoints | None,
    polarity: Polarity | str,
    expected: int | None,
) -> None:
    assert quartile(None if value is None else D(value), cuts, polarity) == expected


_OTHERS = ds(10, 20, 20, 30, None)


@pytest.mark.parametrize(
    ("value", "others", "polarity", "expected"),
    [
        pytest.param("30", _OTHERS, HIGHER, 1, id="higher-best"),
        pytest.param("25", _OTHERS, HIGHER, 2, id="higher-between"),
        pytest.param("20", _OTHERS, HIGHER, 2, id="higher-tie-shares-rank"),
        pytest.param("10", _OTHERS, HIGHER, 4, id="higher-worst"),
        pytest.param("10", _OTHERS, LOWER, 1, id="lower-best"),
        pytest.param("20", _OTHERS, LOWER, 2, id="lower-tie-shares-rank"),
        pytest.param("25", _OTHERS, LOWER, 4, id="lower-between"),
        pytest.param("30", _OTHERS, LOWER, 4, id="lower-worst"),
        pytest.param("5", _OTHERS, "lower", 1, id="polarity-as-string"),
        pytest.param("20", [], HIGHER, 1, id="no-others"),
        pytest.param("20", [None, None], LOWER, 1, id="only-suppressed-others"),
        pytest.param(None, _OTHERS, HIGHER, None, id="no-value"),
        pytest.param("20", _OTHERS, NONE, None, id="no-polarity"),
    ],
)
def test_rank_is_one_plus_the_number_strictly_better(
    value: str | None,
    others: list[Decimal | None],
    polarity: Polarity | str,
    expected: int | None,
) -> None:
    assert rank(None if value is None else D(value), others, polarity) == expected


@pytest.mark.parametrize(
    ("values", "expected_mean", "expected_count"),
    [
        pytest.param(ds(1, 2, 3), D(2), 3, id="all-available"),
        pytest.param(ds(1, None, 2), D("1.5"), 2, id="suppressed-skipped"),
        pytest.param(
            ds(10, 20, None, 30, None, 40, None, 50, 60, 70), D(40), 7,
            id="ten-neighbours-seven-contribute",
        ),
        pytest.param(
            ds(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), D("5.5"), 10, id="ten-neighbours"
        ),
        pytest.param([D("10.5")], D("10.5"), 1, id="one-neighbour"),
        pytest.param([None, None], None, 0, id="only-suppressed"),
        pytest.param([], None, 0, id="no-neighbours"),
    ],
)  # fmt: skip
def test_neighbour_mean_and_how_many_contributed(
    values: list[Decimal | None],
    expected_mean: Decimal | None,
    expected_count: int,
) -> None:
    assert neighbour_mean(values) == (expected_mean, expected_count)


# --- Small numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("denominator", "numerator", "previous_numerator", "expected"),
    [
        pytest.param("29", None, None, True, id="denominator-below-30"),
        pytest.param("30", None, None, False, id="denominator-of-30"),
        pytest.param("0", None, None, True, id="denominator-of-0"),
        pytest.param("184", "28", "23", False, id="rise-of-5"),
        pytest.param("184", "28", "25", False, id="rise-of-3"),
        pytest.param("184", "28", "26", True, id="rise-of-2"),
        pytest.param("184", "28", "27", True, id="rise-of-1"),
        pytest.param("184", "28", "28", True, id="no-change-in-the-count"),
        pytest.param("184", "28", "30", True, id="fall-of-2"),
        pytest.param("184", "28", "31", False, id="fall-of-3"),
        pytest.param("184", "28", None, False, id="no-previous-count"),
        pytest.param("184", None, "28", False, id="no-current-count"),
        pytest.param(
            "29", "28", "10", True, id="small-denominator-whatever-the-change"
        ),
        pytest.param(None, "5", "4", True, id="no-denominator-small-change"),
        pytest.param(None, "10", "3", False, id="no-denominator-large-change"),
        pytest.param(None, None, None, False, id="nothing-known"),
    ],
)
def test_is_small_number(
    denominator: str | None,
    numerator: str | None,
    previous_numerator: str | None,
    expected: bool,
) -> None:
    def dec(v: str | None) -> Decimal | None:
        return None if v is None else D(v)

    assert (
        is_small_number(
            denominator=dec(denominator),
            numerator=dec(numerator),
            previous_numerator=dec(previous_numerator),
        )
        is expected
    )


def test_is_small_number_needs_only_the_denominator() -> None:
    assert is_small_number(denominator=D(29)) is True
    assert is_small_number(denominator=D(30)) is False
