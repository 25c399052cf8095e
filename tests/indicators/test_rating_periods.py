"""Table-driven tests of reading period labels (indicators/rating/) against DESIGN.md."""

from __future__ import annotations

from datetime import date

import pytest

from indicators.rating import (
    PeriodError,
    PeriodKind,
    YearType,
    month_period,
    parse_ees_time_period,
    parse_period,
    quarter_period,
)
from tests.indicators.rating_cases import (
    ACAD,
    CAL,
    FIN,
    MONTH,
    QUARTER,
    REP,
    YEAR,
)

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
