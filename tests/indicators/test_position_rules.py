"""The overall position's pure rules (indicators.rating.position), on real
LAIT figures: Leicestershire (LA 855) and seven other shire counties,
2024-25 weekly unit cost of a looked-after child (LACFinance) and the 2025
placement stability measures (LACStable_2016on, lower is better;
LAC_LongStable%, higher is better), read from data/lait/bds_long_0.parquet.
The expected quartiles, ranks and positions were worked by hand:

LACFinance sorted 1855 2045 2085 2140 2380 2430 2725 2990:
  Q25 = 2045 + 0.75 * 40 = 2075, Q50 = 2140 + 0.5 * 240 = 2260,
  Q75 = 2430 + 0.25 * 295 = 2503.75 (spend: lower is "1, spends least").
LACStable_2016on sorted 5 9 10 10 11 12 15 16: Q25 9.75, Q50 10.5, Q75 12.75.
LAC_LongStable% sorted 61 64 65 70 71 75 76 86: Q25 64.75, Q50 70.5, Q75 75.25.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from indicators.rating.position import (
    Quadrant,
    QuartileCounts,
    ThemePosition,
    average,
    group_quartile,
    group_rank,
    quartile_counts,
    spend_quartile,
    theme_position,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "lait" / "bds_long_0.parquet"
COUNTIES = {855, 937, 885, 916, 860, 873, 850, 891}
MEASURES = {
    "LACFinance": "2024-25 (OT)",
    "LACStable_2016on": "2025",
    "LAC_LongStable%": "2025",
}


def real_figures() -> dict[str, dict[int, Decimal]]:
    """Each measure's figure for each of the eight counties, from the file."""
    table = pq.read_table(
        DATA, columns=["Short Desc", "Years", "Values", "LA Number"]
    ).to_pylist()
    found: dict[str, dict[int, Decimal]] = {m: {} for m in MEASURES}
    for row in table:
        measure, number = row["Short Desc"], row["LA Number"]
        if MEASURES.get(measure) == row["Years"] and int(number or 0) in COUNTIES:
            found[measure][int(number)] = Decimal(row["Values"])
    return found


FIGURES = real_figures()


def test_the_slice_holds_every_county_in_every_measure() -> None:
    assert {m: len(v) for m, v in FIGURES.items()} == dict.fromkeys(MEASURES, 8)


@pytest.mark.parametrize(
    ("la", "spend", "stable", "stable_rank", "long", "long_rank"),
    [
        (855, 4, 2, 3, 2, 3),  # Leicestershire: 2725; 10; 75
        (891, 4, 1, 1, 1, 1),  # Nottinghamshire: 2990; 5; 86
        (885, 1, 1, 2, 1, 2),  # Worcestershire: 1855; 9; 76
        (850, 3, 4, 7, 4, 8),  # Hampshire: 2430; 15; 61
    ],
)
def test_quartiles_and_ranks_among_the_group(
    la: int, spend: int, stable: int, stable_rank: int, long: int, long_rank: int
) -> None:
    finance = list(FIGURES["LACFinance"].values())
    moves = list(FIGURES["LACStable_2016on"].values())
    lasting = list(FIGURES["LAC_LongStable%"].values())
    assert spend_quartile(FIGURES["LACFinance"][la], finance) == spend
    value = FIGURES["LACStable_2016on"][la]
    assert group_quartile(value, moves, "lower") == stable
    assert group_rank(value, moves, "lower") == (stable_rank, 8)
    value = FIGURES["LAC_LongStable%"][la]
    assert group_quartile(value, lasting, "higher") == long
    assert group_rank(value, lasting, "higher") == (long_rank, 8)


def test_a_suppressed_figure_takes_no_part() -> None:
    # Without Nottinghamshire (5), Q25 of 9 10 10 11 12 15 16 is 10: 10 is
    # then in the top quartile (lower is better, on the cut-point), rank 2 of 7.
    moves = [v for la, v in FIGURES["LACStable_2016on"].items() if la != 891]
    population = [*moves, None]
    assert group_quartile(Decimal(10), population, "lower") == 1
    assert group_rank(Decimal(10), population, "lower") == (2, 7)


@pytest.mark.parametrize(
    ("spend", "outcomes", "expected", "quadrant", "words"),
    [
        ([4], [2, 2], ("4.00", "2.00"), Quadrant.HIGH_HIGH,
         "Leicestershire spends more than most and performs better than most"),
        ([1], [1, 1], ("1.00", "1.00"), Quadrant.LOW_HIGH,
         "Leicestershire spends less than most and performs better than most"),
        ([3], [4, 4], ("3.00", "4.00"), Quadrant.HIGH_LOW,
         "Leicestershire spends more than most and performs worse than most"),
        ([1, 2], [3, 4, None], ("1.50", "3.50"), Quadrant.LOW_LOW,
         "Leicestershire spends less than most and performs worse than most"),
        ([2, 3], [1], ("2.50", "1.00"), Quadrant.MIDDLE,
         "Leicestershire spends about as much as most and performs better than most"),
        ([1], [2, 3], ("1.00", "2.50"), Quadrant.MIDDLE,
         "Leicestershire spends less than most and performs about as well as most"),
    ],
)  # fmt: skip
def test_spend_against_performance(
    spend: list[int | None],
    outcomes: list[int | None],
    expected: tuple[str, str],
    quadrant: Quadrant,
    words: str,
) -> None:
    position = theme_position("Children Looked After", spend, outcomes)
    assert position is not None
    assert (str(position.spend), str(position.outcome)) == expected
    assert position.quadrant is quadrant
    assert position.words("Leicestershire") == f"{words} on Children Looked After."


@pytest.mark.parametrize(
    ("spend", "outcomes"), [([], [1]), ([None], [1]), ([2], []), ([2], [None])]
)
def test_no_position_without_both_spend_and_outcome(
    spend: list[int | None], outcomes: list[int | None]
) -> None:
    assert theme_position("Adoption", spend, outcomes) is None


def test_leicestershire_children_looked_after_from_the_real_figures() -> None:
    la = 855
    spend = spend_quartile(
        FIGURES["LACFinance"][la], list(FIGURES["LACFinance"].values())
    )
    outcomes = [
        group_quartile(FIGURES[m][la], list(FIGURES[m].values()), polarity)
        for m, polarity in (
            ("LACStable_2016on", "lower"),
            ("LAC_LongStable%", "higher"),
        )
    ]
    position = theme_position("Children Looked After", [spend], outcomes)
    assert position == ThemePosition(
        "Children Looked After", Decimal("4.00"), Decimal("2.00"), 1, 2
    )
    assert position.quadrant is Quadrant.HIGH_HIGH


@pytest.mark.parametrize(
    ("placed", "expected"),
    [
        ([], []),
        (
            [("A", 1), ("A", 2), ("A", None), ("B", 4), ("A", 1)],
            [
                QuartileCounts("A", (2, 1, 0, 0), 1),
                QuartileCounts("B", (0, 0, 0, 1), 0),
            ],
        ),
        ([("C", 3), ("C", 3)], [QuartileCounts("C", (0, 0, 2, 0), 0)]),
    ],
)
def test_quartile_counts_per_theme(
    placed: list[tuple[str, int | None]], expected: list[QuartileCounts]
) -> None:
    assert quartile_counts(placed) == expected


@pytest.mark.parametrize(
    ("counts", "words"),
    [
        (QuartileCounts("A", (2, 1, 0, 0), 1),
         "2 in the top quartile, 1 in the second, 0 in the third, 0 in the bottom; "
         "1 without a quartile"),
        (QuartileCounts("B", (0, 0, 0, 3), 0),
         "0 in the top quartile, 0 in the second, 0 in the third, 3 in the bottom"),
    ],
)  # fmt: skip
def test_quartile_counts_in_words(counts: QuartileCounts, words: str) -> None:
    assert counts.words == words


@pytest.mark.parametrize(
    ("bands", "expected"),
    [
        ([], None),
        ([None], None),
        ([1, 2], Decimal("1.50")),
        ([1, 1, 2], Decimal("1.33")),
    ],
)
def test_average_quartile(bands: list[int | None], expected: Decimal | None) -> None:
    assert average(bands) == expected
