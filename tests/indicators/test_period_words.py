"""How a period is said (DESIGN, "Year types and how a period is said"):
every year type, as a count over the year, a snapshot at its end and a
two-year measure; quarters by their months and number. Expected strings
written out by hand."""

from __future__ import annotations

import pytest

from indicators import formatting
from indicators.models import Indicator, Period
from indicators.rating import (
    Measured,
    YearType,
    month_period,
    parse_ees_time_period,
    parse_period,
    quarter_period,
)

OVER, AT = Measured.OVER, Measured.AT
YEARS = {
    YearType.FINANCIAL: "2024/25",
    YearType.ACADEMIC: "2024/25",
    YearType.CALENDAR: "2025",
    YearType.REPORTING: "2025",
    YearType.SEPTEMBER: "2025",
    YearType.JANUARY: "2025",
}


@pytest.mark.parametrize(
    ("year_type", "over", "at", "two_years"),
    [
        (YearType.FINANCIAL, "in 2024/25", "at 31 March 2025",
         "in the two years to 31 March 2025"),
        (YearType.ACADEMIC, "in the 2024/25 academic year", "at 31 August 2025",
         "in the two years to 31 August 2025"),
        (YearType.CALENDAR, "in 2025", "at 31 December 2025",
         "in the two years to 31 December 2025"),
        (YearType.REPORTING, "in the year to 31 March 2025", "at 31 March 2025",
         "in the two years to 31 March 2025"),
        (YearType.SEPTEMBER, "in the year to 30 September 2025",
         "at 30 September 2025", "in the two years to 30 September 2025"),
        (YearType.JANUARY, "in the year to January 2025",
         "at the January 2025 school census", "in the two years to January 2025"),
    ],
)  # fmt: skip
def test_a_year_is_said_by_its_type_and_how_it_is_measured(
    year_type: YearType, over: str, at: str, two_years: str
) -> None:
    period = parse_period(YEARS[year_type], year_type)
    assert formatting.say_period(period, OVER, 1) == over
    assert formatting.say_period(period, AT, 1) == at
    assert formatting.say_period(period, OVER, 2) == two_years
    # A snapshot is at one date, however many years its indicator spans.
    assert formatting.say_period(period, AT, 2) == at


@pytest.mark.parametrize(
    ("quarter", "over", "at"),
    [
        (1, "in April to June 2025 (quarter 1)", "at 30 June 2025"),
        (2, "in July to September 2025 (quarter 2)", "at 30 September 2025"),
        (3, "in October to December 2025 (quarter 3)", "at 31 December 2025"),
        (4, "in January to March 2026 (quarter 4)", "at 31 March 2026"),
    ],
)
def test_a_quarter_is_said_by_its_months_and_number(
    quarter: int, over: str, at: str
) -> None:
    period = quarter_period(2025, quarter)
    assert formatting.say_period(period, OVER, 1) == over
    assert formatting.say_period(period, AT, 1) == at


@pytest.mark.parametrize(
    ("period", "measured", "span", "name", "for_", "after_from"),
    [
        (quarter_period(2025, 3), OVER, 1, "October to December 2025 (quarter 3)",
         "for October to December 2025 (quarter 3)",
         "October to December 2025 (quarter 3)"),
        (quarter_period(2025, 3), AT, 1, "at 31 December 2025",
         "at 31 December 2025", "31 December 2025"),
        (parse_period("2025", YearType.REPORTING), OVER, 1, "year to 31 March 2025",
         "for the year to 31 March 2025", "the year to 31 March 2025"),
        (parse_period("2025", YearType.REPORTING), OVER, 2,
         "two years to 31 March 2025", "for the two years to 31 March 2025",
         "the two years to 31 March 2025"),
        (parse_period("2024/25", YearType.ACADEMIC), OVER, 1, "2024/25 academic year",
         "for the 2024/25 academic year", "the 2024/25 academic year"),
        (parse_period("2024/25", YearType.FINANCIAL), OVER, 1, "2024/25",
         "for 2024/25", "2024/25"),
        (month_period(2025, 12), OVER, 1, "December 2025", "for December 2025",
         "December 2025"),
        (month_period(2025, 12), AT, 1, "at 31 December 2025",
         "at 31 December 2025", "31 December 2025"),
        (parse_period("2025", YearType.REPORTING), OVER, 3,
         "three years to 31 March 2025", "for the three years to 31 March 2025",
         "the three years to 31 March 2025"),
        # LAIT's rolling ranges: RTA's 2014-16, Hosp_Adm_Alc's 2013/14-15/16.
        (parse_period("2016", YearType.CALENDAR), OVER, 3,
         "three years to 31 December 2016",
         "for the three years to 31 December 2016",
         "the three years to 31 December 2016"),
        (parse_period("2015/16", YearType.FINANCIAL), OVER, 3,
         "three years to 31 March 2016", "for the three years to 31 March 2016",
         "the three years to 31 March 2016"),
    ],
)  # fmt: skip
def test_a_periods_name_in_a_cell_and_after_for_or_from(
    period, measured, span, name, for_, after_from
) -> None:  # type: ignore[no-untyped-def]
    said = formatting.period_name(period, measured, span)
    assert said == name
    assert formatting.with_preposition(said, "for") == for_
    assert formatting.with_preposition(said, "") == after_from


def test_the_contracts_short_labels_still_read_in_a_sentence() -> None:
    """Paragraphs drafted before the change keep '2019/20 Q3' in their facts."""
    assert formatting.with_preposition("2019/20 Q3") == "in 2019/20 Q3"
    assert formatting.with_preposition("2019/20 Q3", "") == "2019/20 Q3"


def _stored(period) -> Period:  # type: ignore[no-untyped-def]
    return Period(
        kind=period.kind.value, year_type=period.year_type.value,
        label=period.label, start=period.start, end=period.end,
    )  # fmt: skip


def test_a_stored_period_is_said_for_its_indicator() -> None:
    workforce = _stored(parse_ees_time_period("2025", YearType.SEPTEMBER))
    agency = Indicator(code="sw-agency", measured=AT, span_years=1)
    turnover = Indicator(code="sw-turnover", measured=OVER, span_years=1)
    assert workforce.display_label == "year to 30 September 2025"
    assert workforce.name_for(agency) == "at 30 September 2025"
    assert workforce.name_for(turnover) == "year to 30 September 2025"
    moves = Indicator(code="school-moves", measured=OVER, span_years=2)
    year = _stored(parse_ees_time_period("2025", YearType.REPORTING))
    assert year.name_for(moves) == "two years to 31 March 2025"
    q2 = _stored(quarter_period(2025, 2))
    assert q2.display_label == "July to September 2025 (quarter 2)"


@pytest.mark.parametrize(
    ("name", "axis"),
    [
        ("year to 31 March 2025", "Mar 2025"),
        ("at 30 September 2025", "Sep 2025"),
        ("two years to 31 March 2024", "Mar 2024"),
        ("October to December 2025 (quarter 3)", "Oct-Dec 2025"),
        ("2024/25 academic year", "2024/25 academic year"),
        ("2019/20 Q3", "2019/20 Q3"),
    ],
)
def test_a_report_charts_axis_shortens_the_name(name: str, axis: str) -> None:
    from reports.charts import short_label

    assert short_label(name) == axis
