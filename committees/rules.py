"""The committees' rules as pure functions over plain values (no ORM): the
municipal year, action references, resolution letters and overdue."""

from __future__ import annotations

import datetime

# The municipal year starts at the annual council meeting in May; councils
# number their actions by it ("CFS (25/26) 07").
MUNICIPAL_YEAR_START_MONTH = 5

# Statuses in which an action is still owed (and so can be overdue).
OUTSTANDING = frozenset({"open", "in_progress"})


def municipal_year(day: datetime.date) -> int:
    """The year in which the municipal year containing `day` starts
    (1 May 2025 to 30 April 2026 is 2025)."""
    if day.month >= MUNICIPAL_YEAR_START_MONTH:
        return day.year
    return day.year - 1


def municipal_year_label(start_year: int) -> str:
    """`25/26` for the municipal year starting in May 2025."""
    return f"{start_year % 100:02d}/{(start_year + 1) % 100:02d}"


def action_reference(committee_code: str, start_year: int, sequence: int) -> str:
    """The council's style: committee code, municipal year and a sequence of
    at least two digits, e.g. `CFS (25/26) 07`."""
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    return f"{committee_code} ({municipal_year_label(start_year)}) {sequence:02d}"


def letter_index(letter: str) -> int:
    """1 for `a`, 26 for `z`, 27 for `aa` (bijective base 26, as spreadsheet
    columns count), so that a long item's letters keep their order."""
    if not letter or not letter.isascii() or not letter.isalpha():
        raise ValueError(f"not a resolution letter: {letter!r}")
    index = 0
    for char in letter.lower():
        index = index * 26 + (ord(char) - ord("a") + 1)
    return index


def letter_for(index: int) -> str:
    """The letter for position `index` (1 -> `a`, 27 -> `aa`)."""
    if index < 1:
        raise ValueError("letters start at 1")
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


def next_letter(existing: list[str]) -> str:
    """The letter after the last one used in an item: `c` after `a` and `b`;
    `a` for an item without resolutions."""
    used = [letter_index(letter) for letter in existing if letter]
    return letter_for(max(used, default=0) + 1)


def is_overdue(
    due_date: datetime.date | None, status: str, today: datetime.date
) -> bool:
    """Overdue is derived, never stored: still owed and due before today (an
    action due today is not yet late). `today` is the council's local date."""
    return due_date is not None and status in OUTSTANDING and due_date < today
