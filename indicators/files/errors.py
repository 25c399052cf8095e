"""What a reader says about a file it refuses: the row, column, value and
reason (`RowError`), raised as `FileRejected` when the whole file goes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet row number: 1 is the header
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


class FileRejected(Exception):
    """The file as a whole cannot be read (not a table, no header, too big
    to read safely, ...)."""

    def __init__(self, reason: str, column: str = "", row: int = 1) -> None:
        super().__init__(reason)
        self.error = RowError(row, column, "", reason)


def normalise_header(name: object) -> str:
    return str(name or "").replace("\ufeff", "").strip().lower()
