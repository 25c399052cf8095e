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
"""

from __future__ import annotations

import codecs
import csv
import io
import posixpath
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

# --- Bounds -------------------------------------------------------------------------
# Chosen from what the contract's files need, with room to spare: a return has
# 7 columns, indicator definitions 14, DfE's neighbour model 24 and the widest
# EES file in the demo 32.
MAX_COLUMNS = 200
# Python's own default, stated: a commentary may hold 10,000 characters.
MAX_FIELD_CHARS = 131_072
# One cell at its longest and the rest of the row besides.
MAX_ROW_CHARS = 262_144
# Calamine allocates every cell of the range from A1 to the furthest cell with
# a value (measured: about 32 bytes a cell, 163 MB at peak for 5 million), so
# the bound is on cells: 4,194,304 is about 130 MB. That is a return of
# 7 columns and 599,186 rows, or a million rows of 4 columns (Excel's own
# limit is 1,048,576 rows); a return for 2,000 indicators over 13 quarters is
# 26,000 rows.
XLSX_MAX_CELLS = 4_194_304
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_UNCOMPRESSED = 100 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_MAX_ENTRIES = 1000

csv.field_size_limit(MAX_FIELD_CHARS)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls or other OLE compound files


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


# --- File names ----------------------------------------------------------------------

# Control (Cc), format (Cf: the bidi overrides and isolates U+202A-202E and
# U+2066-2069, marks, zero-width characters), surrogate, private-use and
# unassigned characters, and line or paragraph separators.
UNSAFE_IN_NAMES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def safe_filename(name: str, limit: int = 255) -> str:
    """An uploaded file's name as it may be stored and shown: its last path
    part, without the characters that can disguise it (a right-to-left
    override makes "invoice<RLO>xcs.exe" show as "invoiceexe.scx") or break
    a line, spaces collapsed."""
    base = PurePosixPath(str(name).replace("\\", "/")).name
    kept = "".join(ch for ch in base if unicodedata.category(ch) not in UNSAFE_IN_NAMES)
    return " ".join(kept.split())[:limit] or "upload"


# --- Tables --------------------------------------------------------------------------


def read_table(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    """The header (normalised) and an iterator of data rows, for a CSV file or
    the first sheet of an XLSX workbook (read with python-calamine: values,
    never formulas, and no external links), each within the bounds above."""
    with open(path, "rb") as probe:
        head = probe.read(8)
    if head.startswith(ZIP_MAGIC):
        xlsx_extent(path)  # refuses a workbook past the bounds, unparsed
        return _read_xlsx(path)
    if head.startswith(OLE_MAGIC):
        raise FileRejected(
            "this is an old Excel (.xls) or other binary file: save it as .xlsx or .csv"
        )
    return _read_csv(path)


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


# --- CSV -----------------------------------------------------------------------------

CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _encoding_of(handle: IO[bytes]) -> str:
    """UTF-8 (with or without BOM), or else Windows-1252, the encoding Excel on
    Windows saves, so that a pound sign survives. One streaming pass in 1 MB
    chunks: memory stays flat whatever the file's size."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    cp1252 = True
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        if b"\x00" in chunk:
            raise FileRejected("the file contains NUL bytes: it is not a CSV text file")
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
        if cp1252 and not CP1252_UNDEFINED.isdisjoint(chunk):
            cp1252 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if utf8:
        return "utf-8-sig"
    if cp1252:
        return "cp1252"
    raise FileRejected("the file is neither UTF-8 nor Windows-1252 text")


class _BoundedLines:
    """The file's lines as text, streamed, for `csv.reader`, which pulls lines
    until a row is complete. Each line is read with a length limit, and the
    characters given for the current row are counted, so that no row (one
    long line, or many lines inside quotes) can grow past MAX_ROW_CHARS."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text
        self.row = 1  # the row being read, as a spreadsheet numbers it
        self.used = 0

    def __iter__(self) -> _BoundedLines:
        return self

    def __next__(self) -> str:
        line = self.text.readline(MAX_ROW_CHARS + 1)
        if not line:
            raise StopIteration
        self.used += len(line)
        if self.used > MAX_ROW_CHARS:
            raise FileRejected(
                f"row {self.row} is longer than {MAX_ROW_CHARS:,} characters, "
                "the most one row may hold: is this really a table of figures?",
                row=self.row,
            )
        return line

    def next_row(self) -> None:
        self.row += 1
        self.used = 0


def _read_csv(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    handle = open(path, "rb")  # noqa: SIM115 - closed when the rows are done
    try:
        encoding = _encoding_of(handle)
        handle.seek(0)
        text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    except BaseException:
        handle.close()
        raise
    lines = _BoundedLines(text)
    reader = csv.reader(lines)
    try:
        header = _bounded_row(lines, next(reader))
    except StopIteration:
        text.close()
        raise FileRejected("the file is empty") from None
    except csv.Error as exc:
        text.close()
        raise _unreadable(exc, lines.row) from None
    except BaseException:
        text.close()
        raise
    return [normalise_header(h) for h in header], _csv_rows(text, lines, reader)


def _csv_rows(
    text: IO[str], lines: _BoundedLines, reader: Iterator[list[str]]
) -> Iterator[list[str]]:
    with text:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _unreadable(exc, lines.row) from None
            yield _bounded_row(lines, row)


def _bounded_row(lines: _BoundedLines, row: list[str]) -> list[str]:
    """Refuse a row with text past MAX_COLUMNS (empty cells past it, as a
    spreadsheet's CSV export can leave, are dropped)."""
    number = lines.row
    lines.next_row()
    if len(row) <= MAX_COLUMNS:
        return row
    width = len(row)
    while width > MAX_COLUMNS and not row[width - 1].strip():
        width -= 1
    if width > MAX_COLUMNS:
        what = "the header" if number == 1 else f"row {number}"
        raise FileRejected(
            f"{what} has {width:,} columns: at most {MAX_COLUMNS} can be read. "
            "Remove the columns you do not need and upload the file again",
            row=number,
        )
    del row[MAX_COLUMNS:]
    return row


def _unreadable(exc: csv.Error, row: int) -> FileRejected:
    detail = str(exc)
    if "field larger than field limit" in detail:
        detail = (
            f"field larger than field limit in row {row}: a cell may hold at most "
            f"{MAX_FIELD_CHARS:,} characters"
        )
    return FileRejected(f"the file is not a readable CSV: {detail}", row=row)


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


@dataclass(frozen=True)
class SheetExtent:
    """How far a sheet reaches: its furthest row and column holding a value
    (1-based; 0 for an empty sheet)."""

    rows: int
    columns: int


CELL_REFERENCE = re.compile(r"\s*\$?([A-Za-z]+)\$?([0-9]+)\s*")
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
            names = _sheet_names(archive, {i.filename.lower(): i for i in infos})
            extents = {
                info.filename.lower(): _scan_part(
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


class _NotXml(Exception):
    pass


def _parse_xml(stream: IO[bytes], start: Callable[[str, dict[str, str]], None]) -> None:
    """Stream a part of the workbook through expat, calling `start` with
    each element's name (with any namespace prefix, as `x:c`) and
    attributes, and keeping no tree, so memory stays flat however long the
    part. Defused as defusedxml's own expat reader is: a document type
    declaration, an entity declaration or an external reference stops the
    parse (a workbook needs none, and they are how XML bombs work). Raises
    `_NotXml` for a part that is not well-formed."""
    from xml.parsers import expat

    from defusedxml import (
        DTDForbidden,
        EntitiesForbidden,
        ExternalReferenceForbidden,
    )

    def doctype(name: str, sysid: Any, pubid: Any, internal: Any) -> None:
        raise DTDForbidden(name, sysid, pubid)

    def entity(name: str, *args: Any) -> None:
        raise EntitiesForbidden(name, None, None, None, None, None)

    def external(context: Any, base: Any, sysid: Any, pubid: Any) -> None:
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.StartElementHandler = start
    try:
        parser.ParseFile(stream)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise FileRejected(
            "the workbook cannot be read: it declares a document type or entities, "
            f"which are refused ({type(exc).__name__})"
        ) from None
    except expat.ExpatError as exc:
        raise _NotXml(str(exc)) from None


def _sheet_names(
    archive: zipfile.ZipFile, parts: dict[str, zipfile.ZipInfo]
) -> dict[str, str]:
    """The part (in lower case) where each sheet the workbook lists may be
    stored, with the sheet's name, in the workbook's order. A relative
    target is resolved both as the standard says and as a simple join, so
    that either reading finds its name."""
    names: list[tuple[str, str]] = []  # (relationship id, sheet name)
    targets: dict[str, list[str]] = {}

    def sheet(tag: str, attributes: dict[str, str]) -> None:
        if tag.rpartition(":")[2] == "sheet":
            rid = next(
                (v for k, v in attributes.items() if k.rpartition(":")[2] == "id"), ""
            )
            names.append((rid, attributes.get("name", "")))

    def relationship(tag: str, attributes: dict[str, str]) -> None:
        if tag.rpartition(":")[2] == "Relationship":
            target = attributes.get("Target", "")
            if target.startswith("/"):
                found = [target.lstrip("/")]
            else:
                joined = f"xl/{target}"
                found = [posixpath.normpath(joined), joined]
            targets[attributes.get("Id", "")] = [t.lower() for t in found]

    try:
        with archive.open(parts["xl/workbook.xml"]) as stream:
            _parse_xml(stream, sheet)
        rels = parts.get("xl/_rels/workbook.xml.rels")
        if rels is not None:
            with archive.open(rels) as stream:
                _parse_xml(stream, relationship)
    except _NotXml as exc:
        raise FileRejected(
            f"the workbook cannot be read: its list of sheets is not valid XML ({exc})"
        ) from None
    found: dict[str, str] = {}
    for rid, name in names:
        for part in targets.get(rid, []):
            found.setdefault(part, name)
    return found


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper()[:4]:  # past 3 letters is past any limit
        number = number * 26 + ord(letter) - 64
    return number


_COLUMN_NUMBERS: dict[str, int] = {}


def _reference(text: str) -> tuple[int, int] | None:
    """(row, column) of a cell reference such as "XFD1048576", or None. The
    column letters' numbers are remembered: a sheet repeats a few of them."""
    match = CELL_REFERENCE.fullmatch(text)
    if match is None:
        return None
    letters, digits = match.groups()
    column = _COLUMN_NUMBERS.get(letters)
    if column is None:
        column = _column_number(letters)
        if len(_COLUMN_NUMBERS) < 20_000:
            _COLUMN_NUMBERS[letters] = column
    return int(digits[:9]), column


def _cell_name(row: int, column: int) -> str:
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{row}"


def _refuse_extent(sheet: str, row: int, column: int, what: str) -> None:
    cells = row * column
    if cells > XLSX_MAX_CELLS or row > XLSX_MAX_ROWS:
        reason = (
            f"reading from A1 to there is {cells:,} cells, and at most "
            f"{XLSX_MAX_CELLS:,} are read"
        )
    elif column > MAX_COLUMNS:
        reason = (
            f"that is column {column:,}, and at most {MAX_COLUMNS} columns "
            f"(A to {_cell_name(1, MAX_COLUMNS)[:-1]}) are read"
        )
    else:
        return
    shown = safe_filename(sheet, limit=60)
    raise FileRejected(
        f"the sheet '{shown}' {what} {_cell_name(row, column)}: {reason}. Delete "
        "the rows and columns past your data, or save the sheet as CSV, and "
        "upload it again"
    )


def _scan_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str
) -> SheetExtent:
    """The furthest cell with a value in a part read as a sheet, refusing it
    as soon as its
    declared dimension or a cell passes the bounds. A cell is placed by its
    own reference, or after the previous cell when it has none, as calamine
    places it; a cell counts once a value, inline string or formula starts
    inside it (an empty styled cell takes no room in calamine's range)."""
    row = column = cell_row = cell_column = far_row = far_column = 0
    counted = True

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal row, column, cell_row, cell_column, far_row, far_column, counted
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if tag == "c":
            where = _reference(attributes["r"]) if "r" in attributes else None
            if where is None:
                column += 1
                cell_row, cell_column = row, column
            else:
                cell_row, cell_column = where
                column = cell_column
            counted = False
        elif not counted and tag in ("v", "is", "f"):
            counted = True
            if cell_row > far_row or cell_column > far_column:
                far_row, far_column = (
                    max(far_row, cell_row),
                    max(far_column, cell_column),
                )
                _refuse_extent(sheet, far_row, far_column, "has a value in cell")
        elif tag == "row":
            where = _reference("A" + attributes.get("r", ""))
            row = where[0] if where else row + 1
            column = 0
        elif tag == "dimension":
            where = _reference(attributes.get("ref", "").rpartition(":")[2])
            if where is not None:
                _refuse_extent(sheet, *where, "declares its last cell as")

    try:
        with archive.open(info) as stream:
            _parse_xml(stream, start)
    except _NotXml:
        return _scan_bytes(archive, info, sheet)
    return SheetExtent(far_row, far_column)


LOOSE_REFERENCE = re.compile(rb"""\sr\s*=\s*["']\s*\$?([A-Za-z]+)\$?([0-9]+)""")


def _scan_bytes(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str
) -> SheetExtent:
    """A part that is not well-formed XML (an image, or a sheet broken on
    purpose that a lenient parser may still read): every `r="..."` cell
    reference in its bytes, valued or not, refused past the bounds."""
    far_row = far_column = 0
    tail = b""
    with archive.open(info) as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            data = tail + chunk
            for match in LOOSE_REFERENCE.finditer(data):
                where = _reference(match.group(1).decode() + match.group(2).decode())
                if where and (where[0] > far_row or where[1] > far_column):
                    far_row, far_column = (
                        max(far_row, where[0]),
                        max(far_column, where[1]),
                    )
                    _refuse_extent(sheet, far_row, far_column, "has a cell at")
            tail = data[-256:]
    return SheetExtent(far_row, far_column)


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[list[str]]]:
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
