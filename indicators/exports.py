"""Safe spreadsheet exports: text that a spreadsheet would run as a formula
is neutralised, characters a workbook cannot hold are taken out; numbers
stay numbers."""

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
from tablib import Dataset

from indicators.text import clean_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")


def neutralise(value: Any) -> Any:
    """Text cleaned of the characters a workbook refuses (clean_text), then
    prefixed with a single quote if it starts like a formula (OWASP's
    CSV-injection advice). Numbers, dates and None pass unchanged. Safe to
    apply twice."""
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeTableExport(TableExport):
    """django-tables2's export with every text cell and heading passed
    through `neutralise`, whatever the table's columns do: a row stored
    before text was cleaned on input (a control character openpyxl refuses)
    still exports, and no cell can start a formula. Every table page's
    ExportMixin sets `export_class = SafeTableExport`."""

    def table_to_dataset(
        self,
        table: Any,
        exclude_columns: Any,
        dataset_kwargs: dict[str, Any] | None = None,
    ) -> Dataset:
        try:
            title = table.Meta.model._meta.verbose_name_plural.title()
        except AttributeError:
            title = "Export Data"
        dataset = Dataset(**{"title": title, **(dataset_kwargs or {})})
        for i, row in enumerate(table.as_values(exclude_columns=exclude_columns)):
            cells = [neutralise(cell) for cell in row]
            if i == 0:
                dataset.headers = cells
            else:
                dataset.append(cells)
        return dataset


def export_number(value: Decimal | None) -> Decimal | None:
    """A figure exactly as stored, without trailing zeros of the column type."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


class SpreadsheetExport(SafeTableExport):
    """django-tables2's export, with headers for each reader. A CSV is read by
    programs: its header row is each column's name (the contract's
    `indicator_code, ...`). An XLSX is read by people: its header row is each
    column's verbose name ("Indicator code"), bold, frozen in place while the
    rows scroll, with a filter on every column. Every text cell is cleaned
    and neutralised (`SafeTableExport`)."""

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
    table = [list(row) for row in rows]
    width = max(len(headers), 1)
    sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{len(table) + 1}"
    for n, header in enumerate(headers, start=1):
        longest = max([len(str(header)), *(len(str(r[n - 1])) for r in table[:200])])
        sheet.column_dimensions[get_column_letter(n)].width = min(longest + 2, 60)
    bold = Font(bold=True)
    heading = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=_xlsx_text(header))
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in table:
        sheet.append([_xlsx_text(v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_text(value: str) -> str:
    """Text as an XLSX cell can hold it: the control characters the format
    refuses (which openpyxl raises on, failing the whole download) are
    dropped. Tab, line feed and carriage return are allowed."""
    return ILLEGAL_CHARACTERS_RE.sub("", clean_text(value))


def _sheet_title(title: str) -> str:
    """Excel refuses a sheet name over 31 characters or with []:*?/\\ in it."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return (cleaned or "Sheet1")[:31]
