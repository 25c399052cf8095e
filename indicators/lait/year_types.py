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


# Words in a measure's name that make it a count or rate over the year to its
# reference date, though its year type is a snapshot's: the workforce's
# turnover, absence, starters and leavers (DfE's children's social work
# workforce statistics count them over the year to 30 September).
_OVER_THE_YEAR = ("turnover", "absence", "during the year")


def measured_for(name: str, year_type: LaitYearType | None) -> rating.Measured:
    """How a measure's figure is measured: at its year type's reference date
    (a snapshot: children looked after at 31 March, social workers at 30
    September, the January school census) unless its name says it counts
    over the year to that date; over its period for every other year type."""
    if year_type is None or not year_type.snapshot:
        return rating.Measured.OVER
    words = " ".join(name.split()).casefold()
    if any(word in words for word in _OVER_THE_YEAR):
        return rating.Measured.OVER
    return rating.Measured.AT
