"""The bounded scan of a workbook's parts: each streamed through a defused
XML parser (no DTDs, no entities, no tree kept), or searched byte by byte
when it is not well-formed, for the furthest cell a parser would place."""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from indicators.files.bounds import (
    MAX_COLUMNS,
    XLSX_MAX_CELLS,
    XLSX_MAX_ROWS,
)
from indicators.files.errors import FileRejected
from indicators.files.names import safe_filename


@dataclass(frozen=True)
class SheetExtent:
    """How far a sheet reaches: its furthest row and column holding a value
    (1-based; 0 for an empty sheet)."""

    rows: int
    columns: int


CELL_REFERENCE = re.compile(r"\s*\$?([A-Za-z]+)\$?([0-9]+)\s*")


class _NotXml(Exception):
    pass


def _parse_xml(stream: IO[bytes], start: Callable[[str, dict[str, str]], None]) -> None:
    """Stream a part of the workbook through defusedxml's expat reader,
    calling `start` with each element's name (with any namespace prefix, as
    `x:c`) and attributes, and keeping no tree, so memory stays flat however
    long the part. A document type declaration, an entity declaration or an
    external reference stops the parse (a workbook needs none, and they are
    how XML bombs work). Raises `_NotXml` for a part that is not
    well-formed."""
    from xml.sax import SAXParseException

    from defusedxml import (
        DTDForbidden,
        EntitiesForbidden,
        ExternalReferenceForbidden,
    )
    from defusedxml.expatreader import DefusedExpatParser

    class Reader(DefusedExpatParser):
        """defusedxml's reader, with its guards, calling `start` straight
        from expat: the SAX layer's objects for each element and text run
        would make the scan three times slower."""

        def reset(self) -> None:
            super().reset()
            # The expat parser reset() has just made (xml.sax.expatreader's
            # own attribute, as defusedxml's reset() uses it; not in stubs).
            expat = self._parser  # type: ignore[attr-defined]
            expat.StartElementHandler = start
            expat.EndElementHandler = None
            expat.CharacterDataHandler = None

    # Entities and external references are refused by default; a workbook
    # has no document type either, so that is refused too.
    parser = Reader(forbid_dtd=True)
    try:
        parser.parse(stream)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise FileRejected(
            "the workbook cannot be read: it declares a document type or entities, "
            f"which are refused ({type(exc).__name__})"
        ) from None
    except SAXParseException as exc:
        raise _NotXml(str(exc)) from None


def sheet_names(
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


def scan_part(
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
