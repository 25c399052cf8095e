"""Table-driven tests of the period before and the comparison period (indicators/rating/)
against DESIGN.md, worked out by hand from the calendar."""

from __future__ import annotations

from datetime import date

import pytest

from indicators.rating import (
    Period,
    YearType,
    comparison_period,
    parse_period,
    previous_period,
)
from tests.indicators.rating_cases import (
    ACAD,
    CAL,
    FIN,
    REP,
)


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
