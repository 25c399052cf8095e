"""The year types that carry their reference date: DfE's workforce year to
30 September and the January school census, beside the reporting year to 31
March, read from labels and EES time periods, and the year before each."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from indicators import lait
from indicators.rating import (
    PeriodError,
    PeriodKind,
    YearType,
    comparison_period,
    parse_ees_time_period,
    parse_period,
    previous_period,
    quarter_period,
)

CSWW = Path(__file__).parents[2] / "data/dfe/csww_indicators_2017_to_2025.csv"


@pytest.mark.parametrize(
    ("time_period", "year_type", "start", "end", "label"),
    [
        # The workforce file's 2025: counted at 30 September 2025.
        ("2025", YearType.SEPTEMBER, date(2024, 10, 1), date(2025, 9, 30), "2025"),
        ("2017", YearType.SEPTEMBER, date(2016, 10, 1), date(2017, 9, 30), "2017"),
        # The same text for a year to 31 March ends six months earlier.
        ("2025", YearType.REPORTING, date(2024, 4, 1), date(2025, 3, 31), "2025"),
        # The January 2025 school census.
        ("2025", YearType.JANUARY, date(2024, 2, 1), date(2025, 1, 31), "2025"),
        ("2024", YearType.JANUARY, date(2023, 2, 1), date(2024, 1, 31), "2024"),
    ],
)
def test_an_ees_year_ends_on_its_year_types_reference_date(
    time_period: str, year_type: YearType, start: date, end: date, label: str
) -> None:
    period = parse_ees_time_period(time_period, year_type)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert (period.kind, period.year_type) == (PeriodKind.YEAR, year_type)
    # The contract's label reads back to the same period.
    assert parse_period(label, year_type) == period


def test_every_year_in_the_workforce_file_ends_on_30_september() -> None:
    with CSWW.open(newline="", encoding="utf-8-sig") as handle:
        years = sorted({row["time_period"] for row in csv.DictReader(handle)})
    assert years == [str(y) for y in range(2017, 2026)]
    ends = [parse_ees_time_period(y, YearType.SEPTEMBER).end for y in years]
    assert ends == [date(y, 9, 30) for y in range(2017, 2026)]


@pytest.mark.parametrize(
    ("label", "year_type", "before_start", "before_end"),
    [
        ("2025", YearType.SEPTEMBER, date(2023, 10, 1), date(2024, 9, 30)),
        ("2025", YearType.JANUARY, date(2023, 2, 1), date(2024, 1, 31)),
        ("2025", YearType.REPORTING, date(2023, 4, 1), date(2024, 3, 31)),
    ],
)
def test_the_year_before_keeps_the_reference_date(
    label: str, year_type: YearType, before_start: date, before_end: date
) -> None:
    before = previous_period(parse_period(label, year_type))
    assert (before.start, before.end, before.label) == (
        before_start,
        before_end,
        str(before_end.year),
    )
    assert before.year_type is year_type


@pytest.mark.parametrize(
    ("text", "year_type"),
    [
        ("2024/25", YearType.SEPTEMBER),  # a September year is said by its end
        ("2024/25", YearType.JANUARY),
    ],
)
def test_a_split_year_is_refused_for_a_year_said_by_its_end(
    text: str, year_type: YearType
) -> None:
    with pytest.raises(PeriodError, match="write e.g. '2025'"):
        parse_period(text, year_type)
    with pytest.raises(PeriodError, match="e.g. '2025'"):
        parse_ees_time_period(text.replace("/", ""), year_type)


def test_the_quarter_to_30_september_compares_with_the_workforce_year() -> None:
    """2025/26 Q2 ends on 30 September 2025, the day DfE counts the
    workforce: it compares with 2025, not with the year before."""
    workforce = [parse_ees_time_period(y, YearType.SEPTEMBER) for y in ("2024", "2025")]
    q2, q1 = quarter_period(2025, 2), quarter_period(2025, 1)
    assert comparison_period(q2.end, workforce) == workforce[1]
    assert comparison_period(q1.end, workforce) == workforce[0]


@pytest.mark.parametrize(
    ("name", "year_type"),
    [
        ("Annual (end of Sept)", YearType.SEPTEMBER),
        ("Annual - January", YearType.JANUARY),
        ("Annual", YearType.REPORTING),
        ("Financial Year", YearType.FINANCIAL),
        ("Academic Year", YearType.ACADEMIC),
        ("Calendar Year", YearType.CALENDAR),
    ],
)
def test_laits_year_types_map_to_the_projects(name: str, year_type: YearType) -> None:
    found = lait.year_type_of(name)
    assert found is not None and found.year_type is year_type
