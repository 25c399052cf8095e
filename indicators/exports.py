"""Safe spreadsheet exports: text that a spreadsheet would run as a formula
is neutralised; numbers stay numbers."""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django_tables2.export import TableExport
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")


def neutralise(value: Any) -> Any:
    """Prefix text cells that start like a formula with a single quote (OWASP's
    CSV-injection advice). Numbers, dates and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_number(value: Decimal | None) -> Decimal | None:
    """A figure exactly as stored, without trailing zeros of the column type."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


class SpreadsheetExport(TableExport):
    """django-tables2's export, with headers for each reader. A CSV is read by
    programs: its header row is each column's name (the contract's
    `indicator_code, ...`). An XLSX is read by people: its header row is each
    column's verbose name ("Indicator code"), bold, frozen in place while the
    rows scroll, with a filter on every column."""

    def __init__(
        self,
        export_format: str,
        table: Any,
        exclude_columns: Any = None,
        dataset_kwargs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(export_format, table, exclude_columns, dataset_kwargs)
        excluded = set(exclude_columns or ())
        columns = [
            column
            for column in table.columns.iterall()
            if not (column.column.exclude_from_export or column.name in excluded)
        ]
        self.readable_headers = list(self.dataset.headers or [])
        self.dataset.headers = [column.name for column in columns]

    def export(self) -> bytes | str:
        if self.format != self.XLSX:
            return super().export()
        return xlsx_bytes(
            self.readable_headers, list(self.dataset), title=self.dataset.title
        )


def xlsx_bytes(
    headers: list[str], rows: Iterable[Iterable[Any]], *, title: str = "Sheet1"
) -> bytes:
    """A workbook of one sheet that a person can work in: bold header row,
    frozen, with an autofilter over every column and row. Cells are written
    as given (callers neutralise text; numbers stay numbers)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    sheet.freeze_panes = "A2"
    rows = [list(row) for row in rows]
    width = max(len(headers), 1)
    sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{len(rows) + 1}"
    for n, header in enumerate(headers, start=1):
        longest = max([len(str(header)), *(len(str(r[n - 1])) for r in rows[:200])])
        sheet.column_dimensions[get_column_letter(n)].width = min(longest + 2, 60)
    bold = Font(bold=True)
    heading = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=_xlsx_text(header))
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([_xlsx_text(v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_text(value: str) -> str:
    """Text as an XLSX cell can hold it: the control characters the format
    refuses (which openpyxl raises on, failing the whole download) are
    dropped. Tab, line feed and carriage return are allowed."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _sheet_title(title: str) -> str:
    """Excel refuses a sheet name over 31 characters or with []:*?/\\ in it."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return (cleaned or "Sheet1")[:31]
