"""The committee's comparisons as rules: the same quarter last year, the run
of quarters, last year's quarterly average, the year to date, and "similar
to". Series from the demo's return (data/demo/leicestershire_return_
illustrative.csv) and regional figures from data/dfe/, expected values
worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from indicators import rating
from indicators.rating.comparisons import (
    Point,
    Run,
    compare_with,
    last_year_quarterly_average,
    run_of_quarters,
    same_quarter_last_year,
    year_to_date,
)

IMPROVED, DECLINED = rating.Direction.IMPROVED, rating.Direction.DECLINED
NO_CHANGE, NA = rating.Direction.NO_CHANGE, rating.Direction.NA


def quarters(
    first: str,
    *values: str | None,
    counts: list[tuple[int | None, int]] = [],  # noqa: B006
) -> list[Point]:
    """Consecutive financial quarters from `first` ('2025/26 Q1'), each with
    its value and, when given, its numerator and denominator."""
    year, quarter = int(first[:4]), int(first[-1])
    points = []
    for n, value in enumerate(values):
        span = rating.quarter_period(year, quarter)
        num, den = counts[n] if counts else (None, None)
        points.append(
            Point(
                span.start, span.end, D(value) if value is not None else None,
                D(num) if num is not None else None,
                D(den) if den is not None else None,
            )
        )  # fmt: skip
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return points


# --- The same quarter last year -------------------------------------------------

CPP = quarters("2025/26 Q1", "25.4", "22.7", "24.2", "21.8", "21.0", "15.2")


def test_the_same_quarter_last_year_is_the_one_a_year_before():
    found = same_quarter_last_year(CPP, CPP[-1])  # 2026/27 Q2 -> 2025/26 Q2
    assert found is not None and found.value == D("22.7")
    assert found.start.isoformat() == "2025-07-01"


def test_there_is_no_same_quarter_last_year_without_a_figure_for_it():
    assert same_quarter_last_year(CPP[2:], CPP[-1]) is None


# --- The run of quarters ----------------------------------------------------------

RUNS = [
    # cpp-second-plan (lower, threshold 0.5), 2025/26 Q2 to 2026/27 Q2:
    # 22.7 -> 24.2 declined; 21.8, 21.0, 15.2 each down by more than 0.5.
    ("three improvements in a row", CPP[1:], "lower", "0.5", Run(IMPROVED, 3)),
    # The demo's own commentary for 2024/25 Q1: "Fewer repeat plans for the
    # third quarter running" (27.3, 26.3, 25.2, 24.1).
    ("the commentary's third quarter running",
     quarters("2023/24 Q2", "27.3", "26.3", "25.2", "24.1"), "lower", "0.5",
     Run(IMPROVED, 3)),
    # assessments-45-days (higher, threshold 1): 85.5, 78.4, 82.1, 86.8.
    ("an improvement continued", quarters("2025/26 Q3", "85.5", "78.4", "82.1", "86.8"),
     "higher", "1", Run(IMPROVED, 2)),
    # ehcp-20-weeks (higher, 1), 2024/25 Q3 to 2025/26 Q4.
    ("five in a row", quarters("2024/25 Q3", "28.6", "31.2", "37.0", "42.2", "47.6", "52.3"),
     "higher", "1", Run(IMPROVED, 5)),
    # re-referrals (lower, 0.5): 24.9, 26.7 up, 25.5 down, 27.4 up.
    ("a decline after an improvement", quarters("2025/26 Q3", "24.9", "26.7", "25.5", "27.4"),
     "lower", "0.5", Run(DECLINED, 1)),
    # re-referrals 2024/25 Q1 to Q4: 22.9, 24.1, 24.3 (+0.2: within 0.5), 25.0.
    ("a change within the threshold ends a run",
     quarters("2024/25 Q1", "22.9", "24.1", "24.3", "25.0"), "lower", "0.5",
     Run(DECLINED, 1)),
    # youth-reoffending (lower, 1): 27.6 -> 27.8 is within the threshold.
    ("no significant change", quarters("2025/26 Q2", "27.6", "27.8"), "lower", "1",
     Run(NO_CHANGE, 0)),
    # cla-number has no polarity: no direction, no run.
    ("no polarity", quarters("2025/26 Q4", "696", "695", "707"), "none", "0", Run(NA, 0)),
    ("a gap between quarters ends it", [CPP[3], CPP[5]], "lower", "0.5", Run(NA, 0)),
    ("a missing value ends it", quarters("2025/26 Q3", "24.2", None, "21.0", "15.2"),
     "lower", "0.5", Run(IMPROVED, 1)),
    ("one quarter alone", CPP[-1:], "lower", "0.5", Run(NA, 0)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("points", "polarity", "threshold", "expected"),
    [case[1:] for case in RUNS],
    ids=[case[0] for case in RUNS],
)
def test_the_run_of_quarters(points, polarity, threshold, expected):
    assert run_of_quarters(points, polarity, D(threshold)) == expected


# --- Last year's quarterly average (counts) -------------------------------------------

CLA = quarters("2024/25 Q1", "662", "655", "671", "669", "680", "682", "678", "696", "695", "707")  # fmt: skip
AVERAGES = [
    # 2026/27 Q2 against 2025/26: (680 + 682 + 678 + 696) / 4 = 684.
    ("a year ago", CLA, CLA[-1], D("684")),
    # 2025/26 Q1 against 2024/25: (662 + 655 + 671 + 669) / 4 = 664.25.
    ("its first quarter", CLA[:5], CLA[4], D("664.25")),
    ("a quarter missing last year", CLA[:3] + CLA[4:], CLA[-1], D("684")),
    ("last year incomplete", CLA[1:], CLA[4], None),
]


@pytest.mark.parametrize(
    ("points", "latest", "expected"),
    [case[1:] for case in AVERAGES],
    ids=[case[0] for case in AVERAGES],
)
def test_last_years_quarterly_average(points, latest, expected):
    assert last_year_quarterly_average(points, latest) == expected


# --- The year to date (cumulative measures) -----------------------------------------

ADOPTION = quarters(
    "2025/26 Q4", "90.9", "53.8", "88.9", counts=[(10, 11), (7, 13), (8, 9)]
)
ASSESSMENTS = quarters(
    "2025/26 Q1", "87.9", "90.3", "85.5", "78.4",
    counts=[(1229, 1398), (1318, 1460), (1254, 1467), (1070, 1365)],
)  # fmt: skip
YEAR_TO_DATE = [
    # adoption-18-months, 2026/27 Q1 and Q2: 7 + 8 of 13 + 9 = 15 of 22, 68.2%.
    ("pooled, not averaged", ADOPTION, ADOPTION[-1], "percent", ("68.2", 15, 22)),
    # assessments-45-days, 2025/26: 4,871 of 5,690 = 85.6%.
    ("a whole year", ASSESSMENTS, ASSESSMENTS[-1], "percent", ("85.6", 4871, 5690)),
    ("the first quarter is the year to date", ADOPTION, ADOPTION[1], "percent",
     ("53.8", 7, 13)),
    # ehcp-20-weeks' on-time plans as a count: 81 + 112.
    ("counts are added", quarters("2026/27 Q1", "81", "112"), None, "number",
     ("193", None, None)),
    ("a quarter of the year missing", ADOPTION[2:], ADOPTION[-1], "percent", None),
    ("a count missing", quarters("2026/27 Q1", "53.8", "88.9", counts=[(7, 13), (None, 9)]),
     None, "percent", None),
    ("a rate cannot be pooled without its base", ADOPTION, ADOPTION[-1], "rate", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("points", "latest", "unit", "expected"),
    [case[1:] for case in YEAR_TO_DATE],
    ids=[case[0] for case in YEAR_TO_DATE],
)
def test_the_year_to_date(points, latest, unit, expected):
    found = year_to_date(points, latest or points[-1], unit)
    if expected is None:
        assert found is None
        return
    assert found is not None
    value, numerator, denominator = expected
    assert round(found.value, 1) == D(value)
    assert found.numerator == (D(numerator) if numerator else None)
    assert found.denominator == (D(denominator) if denominator else None)
    assert found.start.month == 4 and found.end == (latest or points[-1]).end


# --- Similar to, better than, worse than ------------------------------------------------

COMPARISONS = [
    # re-referrals 2026/27 Q2, 27.4%, against the East Midlands' 24.7% (2025).
    ("worse than the region", "27.4", "24.7", "lower", "0.5", "worse than"),
    # cpp-second-plan 15.2% against the East Midlands' 26.0% (2025).
    ("better than the region", "15.2", "26.0", "lower", "0.5", "better than"),
    # The case: school moves 21% against England's 20%, threshold 1.
    ("within the threshold", "21", "20", "lower", "1", "similar to"),
    ("exactly the threshold", "24.7", "24.2", "lower", "0.5", "similar to"),
    ("no threshold: equal only", "21", "20", "lower", "0", "worse than"),
    # care-leavers-eet 59% against the East Midlands' 56%.
    ("higher is better", "59", "56", "higher", "0", "better than"),
    # cla-rate 47 against the East Midlands' 62: no polarity.
    ("no polarity", "47", "62", "none", "0", "lower than"),
    ("no polarity, similar", "62", "62", "none", "0", "similar to"),
    ("equal, with polarity", "21", "21", "lower", "0", "the same as"),
]


@pytest.mark.parametrize(
    ("value", "other", "polarity", "threshold", "expected"),
    [case[1:] for case in COMPARISONS],
    ids=[case[0] for case in COMPARISONS],
)
def test_compare_with(value, other, polarity, threshold, expected):
    assert compare_with(D(value), D(other), polarity, D(threshold)) == expected
