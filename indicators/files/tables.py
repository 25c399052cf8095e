"""A CSV file or the first sheet of an XLSX workbook, as a header and a
stream of rows of text, each within the bounds (`indicators.files.bounds`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from indicators.files.bounds import (
    OLE_MAGIC,
    ZIP_MAGIC,
)
from indicators.files.csv_text import read_csv
from indicators.files.errors import FileRejected
from indicators.files.xlsx import read_xlsx, xlsx_extent

# --- Tables --------------------------------------------------------------------------


def read_table(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    """The header (normalised) and an iterator of data rows, for a CSV file or
    the first sheet of an XLSX workbook (read with python-calamine: values,
    never formulas, and no external links), each within the bounds above."""
    with open(path, "rb") as probe:
        head = probe.read(8)
    if head.startswith(ZIP_MAGIC):
        xlsx_extent(path)  # refuses a workbook past the bounds, unparsed
        return read_xlsx(path)
    if head.startswith(OLE_MAGIC):
        raise FileRejected(
            "this is an old Excel (.xls) or other binary file: save it as .xlsx or .csv"
        )
    return read_csv(path)


def expected_rows(path: Path) -> int:
    """The data rows in a file, for a progress bar: the lines of a CSV (a
    quoted line break counts too, so "about"), or the furthest row of a
    workbook's first sheet, from the same bounded scan that guards the
    parser (nothing builds the sheet's range). Refuses what `read_table`
    refuses in a workbook."""
    with open(path, "rb") as handle:
        if handle.read(8).startswith(ZIP_MAGIC):
            return max(xlsx_extent(path).rows - 1, 0)
        handle.seek(0)
        lines = sum(
            chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")
        )
    return max(lines - 1, 0)
