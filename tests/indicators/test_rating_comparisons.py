"""Table-driven tests of two rules the report's words rest on (DESIGN.md,
"Similar to" and "Small numbers, in words"): how a figure compares with
England, the region or the neighbours, and the count and base behind a
rate's change. The figures are DfE's, from data/dfe/, unless a row says
otherwise."""

from __future__ import annotations

import pytest

from indicators.rating import (
    Comparison,
    CountChange,
    comparison,
    count_change,
)
from tests.indicators.rating_cases import HIGHER, LOWER, NONE, D

# --- Similar to -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "other", "polarity", "threshold", "expected"),
    [
        # Repeat child protection plans (d3), Leicestershire 2025 against
        # England's 24.5, the indicator's threshold 0.5: within it.
        pytest.param(
            "24.8", "24.5", LOWER, "0.5", Comparison.SIMILAR, id="cpp-similar"
        ),
        # ... and against the neighbours' 25.9: beyond it, lower is better.
        pytest.param("24.8", "25.9", LOWER, "0.5", Comparison.BETTER, id="cpp-better"),
        # Leicestershire 2024: 26.9 against England's 24.7.
        pytest.param("26.9", "24.7", LOWER, "0.5", Comparison.WORSE, id="cpp-worse"),
        # On the threshold exactly: still similar (the threshold is inclusive,
        # as in the direction of travel).
        pytest.param(
            "25.0", "24.5", LOWER, "0.5", Comparison.SIMILAR, id="on-threshold"
        ),
        pytest.param("25.1", "24.5", LOWER, "0.5", Comparison.WORSE, id="just-beyond"),
        # School moves (la_cla_school_moves), Leicestershire 2024: 21 against
        # England's 20. With no threshold, worse; with a threshold of 1
        # (published in whole percentages), similar.
        pytest.param("21", "20", LOWER, "0", Comparison.WORSE, id="school-moves-0"),
        pytest.param("21", "20", LOWER, "1", Comparison.SIMILAR, id="school-moves-1"),
        # Higher is better: care leavers in EET, 59 against England's 54.
        pytest.param("59", "54", HIGHER, "0", Comparison.BETTER, id="higher-better"),
        pytest.param("54", "59", HIGHER, "0", Comparison.WORSE, id="higher-worse"),
        pytest.param("54", "55", HIGHER, "2", Comparison.SIMILAR, id="higher-similar"),
        # Equal: the same as, whatever the threshold.
        pytest.param("16.5", "16.5", HIGHER, "0", Comparison.SAME, id="same-0"),
        pytest.param("16.5", "16.5", LOWER, "1", Comparison.SAME, id="same-1"),
        # No polarity (children looked after per 10,000: 47 against 67) or
        # no figure: no judgement.
        pytest.param("47", "67", NONE, "0", Comparison.NA, id="no-polarity"),
        pytest.param(None, "67", LOWER, "0", Comparison.NA, id="no-value"),
        pytest.param("47", None, LOWER, "0", Comparison.NA, id="no-other"),
    ],
)
def test_comparison_is_similar_within_the_threshold(
    value: str | None, other: str | None, polarity: str, threshold: str, expected: str
) -> None:
    got = comparison(
        None if value is None else D(value),
        None if other is None else D(other),
        polarity,
        D(threshold),
    )
    assert got == expected


def test_comparison_threshold_defaults_to_zero() -> None:
    assert comparison(D("21"), D("20"), LOWER) == Comparison.WORSE


# --- The count and the base behind a rate's change ------------------------------


def change(n: int, d: int, pn: int, pd: int) -> CountChange | None:
    return count_change(D(n), D(d), D(pn), D(pd))


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        # Leicestershire 2016 (d3): 131 of 430 against 103 of 600. The rate
        # rose 13.3 points; 28 more children, but the base fell by 170, which
        # did more of it: the count's part 28 x 1030, the base's 234 x 170.
        pytest.param(
            (131, 430),
            (103, 600),
            CountChange(D(28), D(-170), 1, False, True),
            id="leicestershire-2016-base-driven-rise",
        ),
        # Leicestershire 2017: 100 of 527 against 131 of 430. The fall came
        # from 31 fewer children more than from the larger base.
        pytest.param(
            (100, 527),
            (131, 430),
            CountChange(D(-31), D(97), -1, False, False),
            id="leicestershire-2017-count-driven-fall",
        ),
        # Leicestershire 2025, the committee's case: lower as a percentage
        # (24.8 against 26.9) but 4 more children, 153 of 618 against 149 of 553.
        pytest.param(
            (153, 618),
            (149, 553),
            CountChange(D(4), D(65), -1, True, True),
            id="leicestershire-2025-lower-but-more-children",
        ),
        # Kensington and Chelsea 2019: 12 of 55 (21.8%) against 13 of 99
        # (13.1%): the rate rose while one fewer child.
        pytest.param(
            (12, 55),
            (13, 99),
            CountChange(D(-1), D(-44), 1, True, True),
            id="kensington-2019-higher-but-fewer-children",
        ),
        # The demo's illustrative quarter (the case): 28 of 184
        # against 30 of 143; the fall came from the base growing.
        pytest.param(
            (28, 184),
            (30, 143),
            CountChange(D(-2), D(41), -1, False, True),
            id="demo-quarter-base-driven-fall",
        ),
        # The demo's adoptions: 9 of 9 against 7 of 13: 2 more children, but
        # the rise came from adoptions falling from 13 to 9.
        pytest.param(
            (9, 9),
            (7, 13),
            CountChange(D(2), D(-4), 1, False, True),
            id="adoptions-base-driven-rise",
        ),
        # Leicestershire re-referrals 2025 (c1): 1,721 of 6,752 against 1,476 of
        # 6,236: more re-referrals drove the rise, not the larger base.
        pytest.param(
            (1721, 6752),
            (1476, 6236),
            CountChange(D(245), D(516), 1, False, False),
            id="re-referrals-2025-count-driven-rise",
        ),
        # The same count over a smaller base: all of the change is the base's.
        pytest.param(
            (5, 25),
            (5, 30),
            CountChange(D(0), D(-5), 1, False, True),
            id="same-count-smaller-base",
        ),
        # The same rate from different counts: no change to explain.
        pytest.param(
            (10, 40),
            (5, 20),
            CountChange(D(5), D(20), 0, False, False),
            id="same-rate",
        ),
        # Small counts, the parts worked by hand (x 2 x both bases): 2 of 3
        # against 1 of 1, the count's part 1 x 4 = 4, the base's 3 x -2 = -6:
        # base-driven; 3 of 4 against 1 of 2, the count's 2 x 6 = 12, the
        # base's 4 x -2 = -8: not.
        pytest.param(
            (2, 3),
            (1, 1),
            CountChange(D(1), D(2), -1, True, True),
            id="small-rate-fall-with-one-more",
        ),
        pytest.param(
            (3, 4),
            (1, 2),
            CountChange(D(2), D(2), 1, False, False),
            id="count-part-larger",
        ),
    ],
)
def test_count_change(
    now: tuple[int, int], before: tuple[int, int], expected: CountChange
) -> None:
    assert change(*now, *before) == expected


@pytest.mark.parametrize(
    ("numerator", "denominator", "previous_numerator", "previous_denominator"),
    [
        (None, "184", "30", "143"),
        ("28", None, "30", "143"),
        ("28", "184", None, "143"),
        ("28", "184", "30", None),
        ("0", "0", "30", "143"),  # a zero base: no rate to explain
        ("28", "184", "0", "0"),
    ],
)
def test_count_change_needs_both_counts_and_bases(
    numerator: str | None,
    denominator: str | None,
    previous_numerator: str | None,
    previous_denominator: str | None,
) -> None:
    values = [
        None if v is None else D(v)
        for v in (numerator, denominator, previous_numerator, previous_denominator)
    ]
    assert count_change(*values) is None
