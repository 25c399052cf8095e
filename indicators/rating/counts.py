"""What lies behind a change in a rate (DESIGN.md, "Small numbers, in
words"): did the count rise or fall, and did the rate move mainly because
its base changed? "Lower as a percentage but actually five more children"
is the case the committee cares most about."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


def _sign(x: Decimal) -> int:
    return (x > 0) - (x < 0)


@dataclass(frozen=True)
class CountChange:
    """The change behind a rate, from `before` (numerator, base) to now."""

    count: Decimal  # the numerator now minus before: +5 is five more children
    base: Decimal  # the base (denominator) now minus before
    rate: int  # the sign of the rate's change: -1, 0 or 1
    against_rate: bool  # the count moved the other way from the rate
    base_driven: bool  # the base's part in the rate's change outweighs the count's


def count_change(
    numerator: Decimal | None,
    denominator: Decimal | None,
    previous_numerator: Decimal | None,
    previous_denominator: Decimal | None,
) -> CountChange | None:
    """The count and the base behind a rate's change; None unless both
    figures have a numerator and a positive base.

    The rate's change is split into the count's part and the base's part
    (each averaged over both orders, so that the two parts add up to the
    change and neither figure is favoured): the change is base-driven when
    the base's part is the larger. Worked in whole numbers, by multiplying
    both parts by 2 x both bases, so that nothing is lost to division."""
    if (
        numerator is None
        or denominator is None
        or previous_numerator is None
        or previous_denominator is None
        or denominator <= 0
        or previous_denominator <= 0
    ):
        return None
    n, d, pn, pd = numerator, denominator, previous_numerator, previous_denominator
    rate = _sign(n * pd - pn * d)
    count_part = (n - pn) * (pd + d)
    base_part = (n + pn) * (pd - d)
    return CountChange(
        count=n - pn,
        base=d - pd,
        rate=rate,
        against_rate=rate != 0 and _sign(n - pn) == -rate,
        base_driven=rate != 0 and abs(base_part) > abs(count_part),
    )
