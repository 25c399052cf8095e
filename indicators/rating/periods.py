"""Periods: reading the contract's labels and EES time periods, and the
period before or to compare with."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from indicators.rating.enums import PeriodKind, YearType


class PeriodError(ValueError):
    """A period label that cannot be read."""


# --- Periods ---------------------------------------------------------------

# First month of the year for each year type. A reporting year (DfE children's
# social care) is the year to 31 March, a September year (the social work
# workforce) the year to 30 September and a January year the year to the
# January school census: each labelled by the calendar year it ends in.
_YEAR_START_MONTH = {
    YearType.FINANCIAL: 4,
    YearType.ACADEMIC: 9,
    YearType.CALENDAR: 1,
    YearType.REPORTING: 4,
    YearType.SEPTEMBER: 10,
    YearType.JANUARY: 2,
}
# The year types whose years are said by the single year they end in.
ENDING_YEAR_TYPES = (YearType.REPORTING, YearType.SEPTEMBER, YearType.JANUARY)
SPLIT_YEAR_TYPES = (YearType.FINANCIAL, YearType.ACADEMIC)


@dataclass(frozen=True, order=True)
class Period:
    """A span of time a figure describes. Ordered by end date, then start."""

    end: date
    start: date
    kind: PeriodKind
    year_type: YearType
    label: str

    @property
    def key(self) -> tuple[str, str, date]:
        return (self.kind.value, self.year_type.value, self.start)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _span(start_year: int, start_month: int, months: int) -> tuple[date, date]:
    end_year, end_month = _add_months(start_year, start_month, months - 1)
    if not (date.min.year <= start_year and end_year <= date.max.year):
        raise PeriodError(f"the year {start_year} is out of range")
    return date(start_year, start_month, 1), _month_end(end_year, end_month)


def _split_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def year_period(start_year: int, year_type: YearType) -> Period:
    """The year of `year_type` that starts in `start_year`."""
    year_type = YearType(year_type)
    start, end = _span(start_year, _YEAR_START_MONTH[year_type], 12)
    if year_type in SPLIT_YEAR_TYPES:
        label = _split_year_label(start_year)
    elif year_type in ENDING_YEAR_TYPES:
        label = str(end.year)
    else:
        label = str(start_year)
    return Period(end, start, PeriodKind.YEAR, year_type, label)


def quarter_period(start_year: int, quarter: int) -> Period:
    """Financial-year quarter: Q1 Apr-Jun ... Q4 Jan-Mar of `start_year`/+1."""
    if quarter not in (1, 2, 3, 4):
        raise PeriodError(f"quarter must be 1 to 4, not {quarter}")
    year, month = _add_months(start_year, 4, 3 * (quarter - 1))
    start, end = _span(year, month, 3)
    label = f"{_split_year_label(start_year)} Q{quarter}"
    return Period(end, start, PeriodKind.QUARTER, YearType.FINANCIAL, label)


def month_period(year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise PeriodError(f"month must be 1 to 12, not {month}")
    start, end = _span(year, month, 1)
    return Period(
        end, start, PeriodKind.MONTH, YearType.CALENDAR, f"{year}-{month:02d}"
    )


_QUARTER_RE = re.compile(r"^(\d{4})\s*/\s*(\d{2})\s*Q([1-4])$", re.IGNORECASE)
_SPLIT_YEAR_RE = re.compile(r"^(\d{4})\s*/\s*(\d{2})$")
_YEAR_RE = re.compile(r"^(\d{4})$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_EES_SPLIT_RE = re.compile(r"^(\d{4})(\d{2})$")


def _check_split(first: int, second: int, text: str) -> None:
    if (first + 1) % 100 != second:
        raise PeriodError(
            f"'{text}' is not a year: {second:02d} does not follow {first}"
        )


FIRST_YEAR, LAST_YEAR = 1900, 2999  # the years a period label may start in


def _check_year_range(text: str) -> None:
    """Refuse '0000/01 Q1' or '9999/00 Q4': a date cannot hold the year, or the
    year before it that direction of travel compares with."""
    if (match := re.match(r"^(\d{4})", text)) and not (
        FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR
    ):
        raise PeriodError(
            f"'{text}' is out of range: years run from {FIRST_YEAR} to {LAST_YEAR}"
        )


def parse_period(text: str, year_type: YearType | str) -> Period:
    """Read a period label as the contract writes it.

    `2019/20 Q3` is a financial-year quarter; `2019/20` a financial or academic
    year and `2019` a calendar or reporting year, as `year_type` says;
    `2019-12` a month. Raises PeriodError with a reason otherwise.
    """
    year_type = YearType(year_type)
    cleaned = " ".join(str(text).split())
    _check_year_range(cleaned)
    if match := _QUARTER_RE.match(cleaned):
        first, second, quarter = (int(g) for g in match.groups())
        _check_split(first, second, cleaned)
        return quarter_period(first, quarter)
    if match := _MONTH_RE.match(cleaned):
        return month_period(int(match.group(1)), int(match.group(2)))
    if match := _SPLIT_YEAR_RE.match(cleaned):
        first, second = int(match.group(1)), int(match.group(2))
        _check_split(first, second, cleaned)
        if year_type not in SPLIT_YEAR_TYPES:
            raise PeriodError(
                f"'{cleaned}' is a split year, but this indicator uses {year_type} years"
                f" (write e.g. '{first + 1 if year_type in ENDING_YEAR_TYPES else first}')"
            )
        return year_period(first, year_type)
    if match := _YEAR_RE.match(cleaned):
        year = int(match.group(1))
        if year_type is YearType.CALENDAR:
            return year_period(year, year_type)
        if year_type in ENDING_YEAR_TYPES:
            return year_period(year - 1, year_type)
        raise PeriodError(
            f"'{cleaned}' is a single year, but this indicator uses {year_type} years"
            f" (write e.g. '{_split_year_label(year)}')"
        )
    raise PeriodError(
        f"'{text}' is not a period: use e.g. '2019/20 Q3', '2019/20', '2019' or '2019-12'"
    )


def parse_ees_time_period(time_period: str, year_type: YearType | str) -> Period:
    """Read an EES `time_period` with the indicator's year type.

    `201920` is the split year 2019/20; `2025` is a single year, which for a
    reporting year means the year to 31 March 2025, for a September year (the
    workforce) the year to 30 September 2025.
    """
    year_type = YearType(year_type)
    cleaned = str(time_period).strip()
    _check_year_range(cleaned)
    if match := _EES_SPLIT_RE.match(cleaned):
        first, second = int(match.group(1)), int(match.group(2))
        _check_split(first, second, cleaned)
        if year_type is YearType.REPORTING:
            # DfE sometimes labels a year to 31 March as 202425: it ends in 2025.
            return year_period(first, year_type)
        if year_type in ENDING_YEAR_TYPES:
            raise PeriodError(
                f"'{cleaned}' is a split year, but this indicator uses"
                f" {year_type} years (e.g. '{first + 1}')"
            )
        if year_type is YearType.CALENDAR:
            raise PeriodError(
                f"'{cleaned}' is a split year, but this indicator uses calendar years"
            )
        return year_period(first, year_type)
    if _YEAR_RE.match(cleaned):
        if year_type is YearType.CALENDAR or year_type in ENDING_YEAR_TYPES:
            return parse_period(cleaned, year_type)
        raise PeriodError(
            f"'{cleaned}' is a single year, but this indicator uses {year_type} years"
        )
    raise PeriodError(
        f"'{time_period}' is not an EES time period (e.g. '201920' or '2025')"
    )


def previous_period(period: Period) -> Period:
    """The period of the same kind immediately before `period`."""
    if period.kind is PeriodKind.MONTH:
        year, month = _add_months(period.start.year, period.start.month, -1)
        return month_period(year, month)
    if period.kind is PeriodKind.QUARTER:
        quarter = int(period.label[-1])
        start_year = int(period.label[:4])
        if quarter == 1:
            return quarter_period(start_year - 1, 4)
        return quarter_period(start_year, quarter - 1)
    return year_period(period.start.year - 1, period.year_type)


def comparison_period(figure_end: date, candidates: Iterable[Period]) -> Period | None:
    """The latest candidate period that ends on or before the figure's own end.

    National data is mostly annual and the committee's figures quarterly: a
    figure is compared "by available comparisons".
    """
    eligible = [p for p in candidates if p.end <= figure_end]
    return max(eligible, default=None)
