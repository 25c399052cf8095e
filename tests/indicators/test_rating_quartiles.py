"""Table-driven tests of the national quartile, rank and neighbours
(indicators/rating/) against DESIGN.md.

Every expected value was worked out by hand: the quantiles by the type-7
formula x[h] + (h - floor h)(x[h+1] - x[h]) with h = (n - 1)p, and the
quartiles from LAIT's asymmetric cut-point rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.rating import (
    CutPoints,
    Polarity,
    cut_points,
    neighbour_mean,
    parse_figure,
    quantile,
    quartile,
    rank,
)
from tests.indicators.rating_cases import (
    HIGHER,
    LOWER,
    NONE,
    D,
    ds,
)

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
