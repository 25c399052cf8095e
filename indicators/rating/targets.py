"""Targets: which one is in force for a period."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from indicators.rating.enums import PeriodKind
from indicators.rating.periods import Period


@dataclass(frozen=True)
class TargetInForce:
    """The target that applies to a period, and the period it was set for."""

    value: Decimal
    set_for: Period

    def is_own(self, period: Period) -> bool:
        return self.set_for.key == period.key


def target_in_force(
    period: Period, targets: Iterable[tuple[Period, Decimal]]
) -> TargetInForce | None:
    """A target holds until it is replaced. For `period`, in this order:

    1. the target set for the period itself;
    2. the target of a year that contains it (a quarter takes its year's);
    3. the latest target set for an earlier period of the same kind, or for
       an earlier year (latest by end, then start: when a year and its last
       quarter end together, the quarter's, the more specific, wins).

    None when no target applies (nothing set before the period began)."""
    year = PeriodKind.YEAR
    containing: list[tuple[Period, Decimal]] = []
    earlier: list[tuple[Period, Decimal]] = []
    for set_for, value in targets:
        if set_for.key == period.key:
            return TargetInForce(value, set_for)
        if (
            set_for.kind is year
            and period.kind is not year
            and set_for.start <= period.start
            and period.end <= set_for.end
        ):
            containing.append((set_for, value))
        elif set_for.end < period.start and set_for.kind in (period.kind, year):
            earlier.append((set_for, value))
    found = max(
        containing or earlier, key=lambda t: (t[0].end, t[0].start), default=None
    )
    return TargetInForce(found[1], found[0]) if found else None
