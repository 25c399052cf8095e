"""Reading uploaded tables safely: a CSV file, or the first sheet of an XLSX
workbook, as a header and a stream of rows of text.

A file's size is not its cost. Every reader here is bounded before it builds
anything, and a file past a bound is refused whole with a reason a person can
act on (`FileRejected`):

- CSV: at most `MAX_COLUMNS` columns, `MAX_FIELD_CHARS` characters in a cell
  and `MAX_ROW_CHARS` characters in a row, checked as the file streams, so a
  one-row file of millions of fields never becomes a list of millions.
- XLSX: the zip's listing first (size, ratio, parts, macros); then every
  sheet's XML is streamed through a defused parser (no DTDs, no entities)
  and its declared `<dimension>` and furthest cell with a value are checked
  against `MAX_COLUMNS` and `XLSX_MAX_CELLS` before python-calamine sees the
  file. Calamine builds a dense range from the first to the furthest cell,
  about 32 bytes a cell, so a 1.6 KB workbook with one cell at XFD1048576
  would ask for 549,755,813,888 bytes and abort the process reading it.

Nothing here knows about indicators; `indicators.imports` validates rows.

Callers use this package's names (`from indicators import files`); the
modules are `bounds`, `errors`, `names` (safe file names), `tables` (the
entry point), `csv_text`, `xlsx` and `xlsx_scan`.
"""

from __future__ import annotations

from indicators.files.bounds import (
    MAX_COLUMNS,
    MAX_FIELD_CHARS,
    MAX_ROW_CHARS,
    OLE_MAGIC,
    XLSX_MAX_CELLS,
    XLSX_MAX_ENTRIES,
    XLSX_MAX_RATIO,
    XLSX_MAX_ROWS,
    XLSX_MAX_UNCOMPRESSED,
    ZIP_MAGIC,
)
from indicators.files.errors import FileRejected, RowError, normalise_header
from indicators.files.names import UNSAFE_IN_NAMES, safe_filename
from indicators.files.tables import expected_rows, read_table
from indicators.files.xlsx import check_xlsx_container, xlsx_extent
from indicators.files.xlsx_scan import SheetExtent

__all__ = [
    "MAX_COLUMNS",
    "MAX_FIELD_CHARS",
    "MAX_ROW_CHARS",
    "OLE_MAGIC",
    "UNSAFE_IN_NAMES",
    "XLSX_MAX_CELLS",
    "XLSX_MAX_ENTRIES",
    "XLSX_MAX_RATIO",
    "XLSX_MAX_ROWS",
    "XLSX_MAX_UNCOMPRESSED",
    "ZIP_MAGIC",
    "FileRejected",
    "RowError",
    "SheetExtent",
    "check_xlsx_container",
    "expected_rows",
    "normalise_header",
    "read_table",
    "safe_filename",
    "xlsx_extent",
]
