"""The words the rules speak in: polarity, direction of travel, RAG, how an
indicator is rated, year types and kinds of period, and the order each sorts
in."""

from __future__ import annotations

from enum import StrEnum


class Polarity(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"


class Direction(StrEnum):
    IMPROVED = "improved"
    NO_CHANGE = "no significant change"
    DECLINED = "declined"
    NA = "n/a"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NA = "n/a"


# Orders by meaning, for every list that sorts by them: the worst first and
# "not rated" or "not applicable" last (alphabetical order put amber before
# red and "n/a" among the ratings). Quartiles sort by number, 1 being the
# best, and a figure with no quartile comes after the fourth.
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NA)
DIRECTION_ORDER = (
    Direction.DECLINED,
    Direction.NO_CHANGE,
    Direction.IMPROVED,
    Direction.NA,
)
NO_QUARTILE_ORDER = 5


class RagMethod(StrEnum):
    TARGET = "target"
    QUARTILE = "quartile"
    MANUAL = "manual"
    NONE = "none"


class YearType(StrEnum):
    """A year and the date it is said by, as LAIT's dictionary has them."""

    FINANCIAL = "financial"  # April to March, 2024/25
    ACADEMIC = "academic"  # September to August, 2024/25
    CALENDAR = "calendar"  # January to December, 2025
    REPORTING = "reporting"  # the year to 31 March, 2025 (DfE's "Annual")
    SEPTEMBER = "september"  # the year to 30 September, 2025 ("Annual (end of Sept)")
    JANUARY = "january"  # to the January school census, 2025 ("Annual - January")


class Measured(StrEnum):
    """Whether a figure counts over its period or is a snapshot at its end."""

    OVER = "over"
    AT = "at"


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
