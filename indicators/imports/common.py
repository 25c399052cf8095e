"""What validating every kind of file shares: the outcome (`Validated`:
rows ready to write, or every row error, counted), columns found by name,
and data rows numbered as a spreadsheet shows them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from indicators.files import (
    FileRejected,
    RowError,
)

MAX_ERRORS = 1000
PROGRESS_EVERY = 2000


@dataclass
class Validated:
    """The outcome of validating a file: rows ready to write, or errors."""

    rows: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)  # the first MAX_ERRORS
    rows_read: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)
    # Every error is counted, though only the first MAX_ERRORS are kept.
    errors_total: int = 0
    rows_with_errors: int = 0
    _last_error_row: int = field(default=0, repr=False)

    def error(self, row: int, column: str, value: object, reason: str) -> None:
        self.errors_total += 1
        # A row's errors are recorded while that row is read, one row at a
        # time, so a change of row number is a new row with errors.
        if row != self._last_error_row:
            self.rows_with_errors += 1
            self._last_error_row = row
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, show(value), reason))


def show(value: object, limit: int = 80) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Reading tables ----------------------------------------------------------------


class Columns:
    """Find columns by normalised name; report missing ones as errors."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.index: dict[str, int] = {}
        for position, name in enumerate(header):
            self.index.setdefault(name, position)

    def require(self, *names: str) -> None:
        missing = [name for name in names if name not in self.index]
        if missing:
            raise FileRejected(
                f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}",
                column=", ".join(missing),
            )

    def first_present(self, *names: str) -> str | None:
        return next((n for n in names if n in self.index), None)

    def get(self, row: list[str], name: str) -> str:
        position = self.index.get(name)
        if position is None or position >= len(row):
            return ""
        return row[position].strip()


def rows_with_numbers(
    rows: Iterator[list[str]], progress: Callable[[int], None] | None
) -> Iterator[tuple[int, list[str]]]:
    """Data rows numbered as a spreadsheet shows them (header = row 1),
    skipping wholly blank lines."""
    for count, row in enumerate(rows, start=2):
        if progress and count % PROGRESS_EVERY == 0:
            progress(count - 1)
        if not "".join(row).strip():
            continue
        yield count, row
