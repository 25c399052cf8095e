"""Comparison with every authority: national cut-points and quartile,
rank, and the statistical neighbours' mean."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators.rating.enums import Polarity


def quantile(sorted_values: Sequence[Decimal], p: Decimal) -> Decimal:
    """Linear-interpolation quantile (Excel QUARTILE.INC, R type 7)."""
    if not sorted_values:
        raise ValueError("no values")
    h = (len(sorted_values) - 1) * p
    lower = int(h)
    fraction = h - lower
    if lower + 1 >= len(sorted_values):
        return sorted_values[-1]
    low, high = sorted_values[lower], sorted_values[lower + 1]
    return low + fraction * (high - low)


LOW = "low"  # DfE's symbol for a positive value that rounds to zero


def ranked_value(value: Decimal | None, symbol: str = "") -> Decimal | None:
    """What a figure counts as in ranks and cut-points: its value; 0 for
    `low` (a positive value that rounds to zero: LAIT ranks it as 0, e.g.
    Sunderland's agency rate 2025); None, taking no part, for a suppressed
    one (`c`, `x`, ...). It is still shown as "low"."""
    if value is not None:
        return value
    return Decimal(0) if symbol == LOW else None


@dataclass(frozen=True)
class CutPoints:
    q25: Decimal
    q50: Decimal
    q75: Decimal
    count: int


def cut_points(values: Iterable[Decimal | None]) -> CutPoints | None:
    """Q25, Q50 and Q75 of the available values (suppressed ones take no part)."""
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return None
    return CutPoints(
        quantile(ordered, Decimal("0.25")),
        quantile(ordered, Decimal("0.5")),
        quantile(ordered, Decimal("0.75")),
        len(ordered),
    )


def quartile(
    value: Decimal | None, cuts: CutPoints | None, polarity: Polarity | str
) -> int | None:
    """DfE LAIT's banding: 1 is the best 25%.

    Lower is better: v <= Q25 -> 1, v <= Q50 -> 2, v <= Q75 -> 3, else 4.
    Higher is better: v > Q75 -> 1, v > Q50 -> 2, v > Q25 -> 3, else 4.
    """
    polarity = Polarity(polarity)
    if value is None or cuts is None or polarity is Polarity.NONE:
        return None
    if polarity is Polarity.LOWER:
        if value <= cuts.q25:
            return 1
        if value <= cuts.q50:
            return 2
        if value <= cuts.q75:
            return 3
        return 4
    if value > cuts.q75:
        return 1
    if value > cuts.q50:
        return 2
    if value > cuts.q25:
        return 3
    return 4


def rank(
    value: Decimal | None, others: Iterable[Decimal | None], polarity: Polarity | str
) -> int | None:
    """1 + the number of other values strictly better than `value`.

    `others` should be the whole population excluding the home value itself
    (including it is harmless: it is never strictly better than itself).
    """
    polarity = Polarity(polarity)
    if value is None or polarity is Polarity.NONE:
        return None
    if polarity is Polarity.HIGHER:
        return 1 + sum(1 for v in others if v is not None and v > value)
    return 1 + sum(1 for v in others if v is not None and v < value)


def neighbour_mean(values: Iterable[Decimal | None]) -> tuple[Decimal | None, int]:
    """Mean of the neighbours' available values, and how many contributed."""
    available = [v for v in values if v is not None]
    if not available:
        return None, 0
    return sum(available, Decimal(0)) / len(available), len(available)
