"""Which periods are open for the home authority's figures on a given day."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from indicators import rating

# --- Which periods are open ----------------------------------------------------------------

DEFAULT_QUARTERS_OPEN = 4


def quarter_of(day: date) -> rating.Period:
    """The financial quarter (Q1 April to June) that `day` falls in."""
    start_year = day.year if day.month >= 4 else day.year - 1
    return rating.quarter_period(start_year, (day.month - 4) % 12 // 3 + 1)


def closes_on(period: rating.Period, quarters_open: int) -> date:
    """The last day a period is open for entry: the end of the quarter
    `quarters_open` quarters after the one it ends in (a quarter ending 30
    September 2025, open for 4, closes at the end of 30 September 2026)."""
    year, month = divmod(
        period.end.year * 12 + period.end.month - 1 + 3 * quarters_open, 12
    )
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


@dataclass(frozen=True)
class EntryWindow:
    """The periods open for the home authority's figures on `today`.

    A period opens the day after it ends (figures describe what happened) and
    stays open for `quarters_open` quarters after that, so a figure reported
    one or two quarters in arrears still has a period to go to. After that it
    is closed: only the performance team (`may_enter_closed`, which is also
    given to imports from the command line) may enter a late figure. A period
    that has not ended is open to nobody."""

    today: date
    quarters_open: int = DEFAULT_QUARTERS_OPEN
    may_enter_closed: bool = False

    def problem(self, period: rating.Period) -> str | None:
        """Why a figure for `period` cannot be entered now, or None."""
        if period.end >= self.today:
            opens = period.end + timedelta(days=1)
            return (
                f"{period.label} has not ended: its figures can be entered from"
                f" {_day(opens)}"
            )
        closed = closes_on(period, self.quarters_open)
        if closed < self.today and not self.may_enter_closed:
            return (
                f"{period.label} is closed for entry (it was open until {_day(closed)}):"
                " ask the performance team to enter a late figure"
            )
        return None

    def open_quarters(self) -> list[rating.Period]:
        """The quarters open to officers, newest first: the last
        `quarters_open` quarters that have ended."""
        quarter = rating.previous_period(quarter_of(self.today))
        found = []
        for _ in range(self.quarters_open):
            found.append(quarter)
            quarter = rating.previous_period(quarter)
        return found


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
