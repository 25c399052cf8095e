"""The data dictionary's year types (`Year_Type`): the project's year type
for each and, for a snapshot, the date its figures are counted at."""

from __future__ import annotations

from dataclasses import dataclass

from indicators import rating


@dataclass(frozen=True, slots=True)
class LaitYearType:
    """A dictionary `Year_Type`: the project's year type for its periods and,
    for a snapshot, the date its figures are counted at."""

    name: str
    year_type: rating.YearType
    split: bool  # whether its years are academic or financial (2019/20)
    snapshot: str = ""  # e.g. "at 30 September"; '' for a count over the year
    snapshot_month: int | None = None
    snapshot_day: int | None = None


# A single year (`2025`) names the year that ends in it, for every type: KS2
# 2025 is 2024/25, a financial-year count for 2025 the year to 31 March 2025,
# the workforce 2025 the count at 30 September 2025.
LAIT_YEAR_TYPES = {
    t.name.casefold(): t
    for t in (
        LaitYearType("Academic Year", rating.YearType.ACADEMIC, split=True),
        LaitYearType("Financial Year", rating.YearType.FINANCIAL, split=True),
        LaitYearType("Calendar Year", rating.YearType.CALENDAR, split=False),
        # CLA, CIN and CPP counts and rates at 31 March: DfE's reporting year.
        LaitYearType("Annual", rating.YearType.REPORTING, False, "at 31 March", 3, 31),
        # The social work workforce, counted at 30 September (turnover and
        # absence over the year to it); the September Guarantee likewise.
        LaitYearType(
            "Annual (end of Sept)",
            rating.YearType.SEPTEMBER,
            False,
            "at 30 September",
            9,
            30,
        ),
        # The school census, taken in January (its day varies year to year).
        LaitYearType(
            "Annual - January",
            rating.YearType.JANUARY,
            False,
            "at the January school census",
            1,
            None,
        ),
    )
}


def year_type_of(value: LaitYearType | str | None) -> LaitYearType | None:
    if value is None or isinstance(value, LaitYearType):
        return value
    return LAIT_YEAR_TYPES.get(" ".join(value.split()).casefold())
