"""Reading a CSV file as text within the bounds: its encoding found in one
streaming pass, each row counted as it streams, so that a one-row file of
millions of fields never becomes a list of millions."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from indicators.files.bounds import (
    MAX_COLUMNS,
    MAX_FIELD_CHARS,
    MAX_ROW_CHARS,
)
from indicators.files.errors import FileRejected, normalise_header

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


def read_csv(path: Path) -> tuple[list[str], Iterator[list[str]]]:
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
