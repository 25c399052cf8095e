"""What the rating-rule tests share: short names for decimals, year types,
polarities and period kinds."""

from __future__ import annotations

from decimal import Decimal

from indicators.rating import PeriodKind, Polarity, YearType

D = Decimal
FIN, ACAD, CAL, REP = (
    YearType.FINANCIAL,
    YearType.ACADEMIC,
    YearType.CALENDAR,
    YearType.REPORTING,
)
HIGHER, LOWER, NONE = Polarity.HIGHER, Polarity.LOWER, Polarity.NONE
QUARTER, YEAR, MONTH = PeriodKind.QUARTER, PeriodKind.YEAR, PeriodKind.MONTH


def ds(*values: str | int | None) -> list[Decimal | None]:
    return [None if v is None else D(v) for v in values]
