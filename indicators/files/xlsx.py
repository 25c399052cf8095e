"""Reading the first sheet of an XLSX workbook safely. The zip's listing
first (size, ratio, parts, macros); then every part's XML is streamed
through a defused parser (`xlsx_scan`), and its declared `<dimension>` and
furthest cell with a value are checked against `MAX_COLUMNS` and
`XLSX_MAX_CELLS` before python-calamine sees the file. Calamine builds a
dense range from the first to the furthest cell, about 32 bytes a cell, so a
1.6 KB workbook with one cell at XFD1048576 would ask for 549,755,813,888
bytes and abort the process reading it."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from indicators.files.bounds import (
    MAX_COLUMNS,
    XLSX_MAX_ENTRIES,
    XLSX_MAX_RATIO,
    XLSX_MAX_UNCOMPRESSED,
)
from indicators.files.errors import FileRejected, normalise_header
from indicators.files.xlsx_scan import SheetExtent, scan_part, sheet_names

# --- XLSX ----------------------------------------------------------------------------


def check_xlsx_container(path: Path) -> None:
    """Refuse a workbook before parsing it when its zip listing declares too
    much (a 0.3 MB file can declare 315 MB), holds macros, or is not a
    workbook at all. Reading the listing costs well under a millisecond."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileRejected(
            f"the file looks like a workbook but cannot be opened: {exc}"
        ) from None
    if len(entries) > XLSX_MAX_ENTRIES:
        raise FileRejected(
            f"the workbook has {len(entries)} parts; more than {XLSX_MAX_ENTRIES} is refused"
        )
    names = {e.filename.lower() for e in entries}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise FileRejected(
            "the file is a zip archive but not an Excel workbook (.xlsx)"
        )
    if any(name.endswith("vbaproject.bin") for name in names):
        raise FileRejected(
            "macro-enabled workbooks are refused: save it as a plain .xlsx"
        )
    if "xl/workbook.xml" not in names:
        raise FileRejected(
            "binary workbooks (.xlsb) are not read: save it as a plain .xlsx"
        )
    total = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries) or 1
    if total > XLSX_MAX_UNCOMPRESSED:
        raise FileRejected(
            f"the workbook unpacks to {total // (1024 * 1024)} MB; more than 100 MB is refused"
        )
    if total / packed > XLSX_MAX_RATIO:
        raise FileRejected(
            "the workbook is compressed suspiciously tightly (over 100:1) and is refused"
        )


_extent_cache: dict[tuple[str, int, int], SheetExtent] = {}


def xlsx_extent(path: Path) -> SheetExtent:
    """Check a workbook before any parser builds a range from it, and return
    its first sheet's extent. The zip listing first; then every part of the
    archive, streamed through a defused parser as if it were a sheet: its
    declared `<dimension>` and the place of every cell with a value (its own
    reference, or the place after the previous cell when it has none, as
    calamine places it), so that a lying or missing dimension does not help.
    Every part is scanned, not only the sheet the workbook lists first, so
    that no disagreement with calamine about where a sheet is stored lets
    one through; a part that is not well-formed XML is searched for cell
    references byte by byte instead, since a lenient parser may still read
    it. The answer for an unchanged file is kept, since the job counts its
    rows and then reads it."""
    stat = Path(path).stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key in _extent_cache:
        return _extent_cache[key]
    check_xlsx_container(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            names = sheet_names(archive, {i.filename.lower(): i for i in infos})
            extents = {
                info.filename.lower(): scan_part(
                    archive, info, names.get(info.filename.lower(), info.filename)
                )
                for info in infos
            }
    except (
        zipfile.BadZipFile,
        RuntimeError,
        NotImplementedError,
        OSError,
        EOFError,
        zlib.error,
    ) as exc:
        # Encrypted parts, unknown compression, a bad checksum, a cut-off file.
        raise FileRejected(f"the workbook cannot be read: {exc}") from None
    extent = next(
        (extents[part] for part in names if part in extents), SheetExtent(0, 0)
    )
    _extent_cache.clear()
    _extent_cache[key] = extent
    return extent


def read_xlsx(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:  # calamine raises its own error types
        raise FileRejected(f"the workbook cannot be read: {exc}") from None
    if sheet.width > MAX_COLUMNS:  # never, after the scan; kept as a guard
        raise FileRejected(
            f"the first sheet has {sheet.width:,} columns: at most {MAX_COLUMNS} can be read"
        )
    rows = iter(sheet.iter_rows())
    try:
        header = next(rows)
    except StopIteration:
        raise FileRejected("the first sheet is empty") from None
    header_cells = _refuse_nul(1, [], _xlsx_cells(header))
    names = [normalise_header(h) for h in header_cells]
    return names, _stop_after_blank_run(
        _refuse_nul(number, names, _xlsx_cells(r))
        for number, r in enumerate(rows, start=2)
    )


def _refuse_nul(number: int, names: list[str], cells: list[str]) -> list[str]:
    """A workbook can spell a NUL character (`_x0000_`), which no text column
    of the database, nor the job's record of errors, can hold."""
    for position, cell in enumerate(cells):
        if "\x00" in cell:
            raise FileRejected(
                "the cell contains a NUL character, which is not text",
                column=names[position] if position < len(names) else "",
                row=number,
            )
    return cells


MAX_BLANK_RUN = 1000


def _stop_after_blank_run(rows: Iterator[list[str]]) -> Iterator[list[str]]:
    """A sheet can declare a million empty rows: stop after a long run of
    blank ones rather than reading them all."""
    blank = 0
    for row in rows:
        if any(cell.strip() for cell in row):
            blank = 0
        else:
            blank += 1
            if blank >= MAX_BLANK_RUN:
                return
        yield row


def _xlsx_cells(row: list[Any]) -> list[str]:
    cells = []
    for cell in row:
        if isinstance(cell, float) and cell.is_integer():
            cells.append(str(int(cell)))
        elif isinstance(cell, float):
            cells.append(repr(cell))
        else:
            cells.append("" if cell is None else str(cell))
    return cells
