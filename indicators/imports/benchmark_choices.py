"""What step two of a benchmark upload offers: the file's own columns and
values, read once, within bounds."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indicators.files import (
    OLE_MAGIC,
    ZIP_MAGIC,
    FileRejected,
    read_table,
)
from indicators.imports.common import Columns, show

# The columns every EES file has: never a figure, never a filter.
EES_STANDARD_COLUMNS = frozenset({
    "time_period", "time_identifier", "geographic_level", "geographical_level",
    "country_code", "country_name", "region_code", "region_name",
    "old_la_code", "new_la_code", "la_name", "la_code",
})  # fmt: skip


# --- What step two of a benchmark upload offers ---------------------------------------

FILTER_MAX_VALUES = 60  # a column with more values is not offered as a filter
FILTER_MAX_VALUE_CHARS = 200  # nor one with a longer value: it is not a category
FILTER_MAX_OPTIONS = 2000  # the filters offered hold at most this many values
COLUMN_NAME_MAX_CHARS = 200
ANALYSE_MAX_ROWS = 200_000


@dataclass(frozen=True)
class BenchmarkChoices:
    """The choices step two of a benchmark upload offers, from the file's
    own columns and values: the columns that may hold the figure, and the
    columns that can narrow the rows, each with its values."""

    measures: list[str]
    filters: dict[str, list[str]]
    columns: int
    rows_read: int
    complete: bool  # False when the file is longer than ANALYSE_MAX_ROWS
    # Columns that could narrow the rows but are past FILTER_MAX_OPTIONS.
    filters_left_out: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "measures": self.measures,
            "filters": self.filters,
            "columns": self.columns,
            "rows_read": self.rows_read,
            "complete": self.complete,
            "filters_left_out": self.filters_left_out,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BenchmarkChoices:
        return cls(
            measures=list(data["measures"]),
            filters={k: list(v) for k, v in data["filters"].items()},
            columns=int(data["columns"]),
            rows_read=int(data["rows_read"]),
            complete=bool(data["complete"]),
            filters_left_out=list(data.get("filters_left_out", [])),
        )


def benchmark_choices(path: Path) -> BenchmarkChoices:
    """Read an uploaded EES file once, within bounds, for step two: at most
    MAX_COLUMNS columns (a wider file is refused with the reason), names of
    at most COLUMN_NAME_MAX_CHARS, the first ANALYSE_MAX_ROWS rows, and per
    column at most FILTER_MAX_VALUES values of at most
    FILTER_MAX_VALUE_CHARS each, and FILTER_MAX_OPTIONS values offered in
    all (columns past that are named, not offered). What it returns is
    bounded by those
    numbers whatever the file, so the page built from it is too."""
    header, rows = _ees_table(path)
    columns = Columns(header)
    candidates = [
        position
        for position, name in enumerate(header)
        if name
        and name not in EES_STANDARD_COLUMNS
        and columns.index[name] == position  # a repeated name: its first only
    ]
    values, rows_read, complete = _column_values(rows, candidates, len(header))
    if rows_read == 0:
        raise FileRejected("the file has a header but no rows")
    filters, left_out = _offered(header, values)
    return BenchmarkChoices(
        measures=[header[position] for position in candidates],
        filters=filters,
        columns=len(header),
        rows_read=rows_read,
        complete=complete,
        filters_left_out=left_out,
    )


def _ees_table(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    """The file's header and rows, refused unless it is an EES CSV file
    with sensible column names."""
    with open(path, "rb") as probe:
        if probe.read(8).startswith((ZIP_MAGIC, OLE_MAGIC)):
            raise FileRejected(
                "national benchmark data must be an EES CSV file, not a workbook"
            )
    header, rows = read_table(path)
    columns = Columns(header)
    if columns.first_present("geographic_level", "geographical_level") is None:
        raise FileRejected(
            "missing column: geographic_level (is this an EES open-data CSV file?)",
            column="geographic_level",
        )
    columns.require("time_period")
    for name in header:
        if len(name) > COLUMN_NAME_MAX_CHARS:
            raise FileRejected(
                f"a column's name is longer than {COLUMN_NAME_MAX_CHARS} characters "
                f"('{show(name, 40)}'): is the first line the header?"
            )
    return header, rows


def _column_values(
    rows: Iterator[list[str]], candidates: list[int], width: int
) -> tuple[dict[int, set[str]], int, bool]:
    """Each candidate column's values over the first ANALYSE_MAX_ROWS rows
    (a column is dropped once it has too many or too long a value), the
    rows read, and whether that was the whole file."""
    values: dict[int, set[str]] = {position: set() for position in candidates}
    rows_read, complete = 0, True
    for row in rows:
        if rows_read >= ANALYSE_MAX_ROWS:
            complete = False
            break
        rows_read += 1
        if not values:
            continue
        for position in list(values):
            if position >= len(row) or position >= width:
                continue
            cell = row[position].strip()
            bucket = values[position]
            if cell in bucket or not cell:
                continue
            if len(bucket) >= FILTER_MAX_VALUES or len(cell) > FILTER_MAX_VALUE_CHARS:
                del values[position]
            else:
                bucket.add(cell)
    return values, rows_read, complete


def _offered(
    header: list[str], values: dict[int, set[str]]
) -> tuple[dict[str, list[str]], list[str]]:
    """The filters offered (columns with two values or more, within
    FILTER_MAX_OPTIONS in all) and the columns left out for want of room."""
    filters: dict[str, list[str]] = {}
    left_out: list[str] = []
    offered = 0
    for position, bucket in values.items():
        if len(bucket) < 2:
            continue
        if offered + len(bucket) > FILTER_MAX_OPTIONS:
            left_out.append(header[position])
            continue
        offered += len(bucket)
        filters[header[position]] = sorted(bucket)
    return filters, left_out
