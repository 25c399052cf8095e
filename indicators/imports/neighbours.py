"""Statistical neighbours: DfE's wide layout or the long one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from indicators.files import (
    FileRejected,
    read_table,
)
from indicators.imports.common import Columns, Validated, rows_with_numbers

# --- Statistical neighbours ------------------------------------------------------------


@dataclass(frozen=True)
class NeighbourRow:
    row: int
    area_code: str
    neighbour_code: str
    rank: int
    closeness: str = ""


def validate_neighbours(
    path: Path,
    resolve: Callable[[str], str | None],
    progress: Callable[[int], None] | None = None,
) -> Validated:
    """Either DfE's wide layout (old_la_code, SN_1, SN_1P, ... SN_10, SN_10P) or
    the long one (la_code, neighbour_code, rank). `resolve` turns an ONS code or
    LA number into a live area's ONS code, or None when unknown."""
    result = Validated()
    header, rows = read_table(path)
    columns = Columns(header)
    wide = "sn_1" in columns.index
    if wide:
        columns.require("old_la_code")
        ranks = [r for r in range(1, 21) if f"sn_{r}" in columns.index]
    else:
        columns.require("la_code", "neighbour_code", "rank")
    links = _Links(result, resolve)
    for number, row in rows_with_numbers(rows, progress):
        result.rows_read += 1
        if wide:
            _read_wide(links, number, row, columns, ranks)
        else:
            _read_long(links, number, row, columns)
    if result.rows_read == 0 and not result.errors:
        raise FileRejected("the file has a header but no rows")
    return result


def _read_wide(
    links: _Links, number: int, row: list[str], columns: Columns, ranks: list[int]
) -> None:
    """A row of DfE's layout: an authority and its neighbours SN_1 to SN_n,
    each with its closeness (SN_1P ...)."""
    area_raw = columns.get(row, "old_la_code")
    for r in ranks:
        neighbour_raw = columns.get(row, f"sn_{r}")
        if neighbour_raw == "":
            continue
        links.add(
            number, (area_raw, "old_la_code"), (neighbour_raw, f"SN_{r}"), r,
            columns.get(row, f"sn_{r}p"),
        )  # fmt: skip


def _read_long(links: _Links, number: int, row: list[str], columns: Columns) -> None:
    """A row of the long layout: an authority, one neighbour and its rank."""
    rank_raw = columns.get(row, "rank")
    if not rank_raw.isdecimal() or not 1 <= int(rank_raw) <= 50:
        links.result.error(
            number, "rank", rank_raw, "must be a whole number from 1 (closest) to 50"
        )
        return
    links.add(
        number,
        (columns.get(row, "la_code"), "la_code"),
        (columns.get(row, "neighbour_code"), "neighbour_code"),
        int(rank_raw),
        "",
    )


class _Links:
    """The neighbour links read so far, each checked against the others."""

    def __init__(self, result: Validated, resolve: Callable[[str], str | None]):
        self.result, self.resolve = result, resolve
        self.seen_pairs: dict[tuple[str, str], int] = {}
        self.seen_ranks: dict[tuple[str, int], int] = {}

    def add(
        self,
        number: int,
        area_cell: tuple[str, str],
        neighbour_cell: tuple[str, str],
        rank: int,
        closeness: str,
    ) -> None:
        """Keep one link (each cell as its text and its column), or record
        the first problem with it."""
        (area_raw, area_column), (neighbour_raw, column) = area_cell, neighbour_cell
        area = self.resolve(area_raw)
        if area is None:
            return self.error(number, area_column, area_raw, UNKNOWN)
        neighbour = self.resolve(neighbour_raw)
        if neighbour is None:
            return self.error(number, column, neighbour_raw, UNKNOWN)
        if neighbour == area:
            return self.error(
                number,
                column,
                neighbour_raw,
                "an authority cannot be its own neighbour",
            )
        if (area, neighbour) in self.seen_pairs:
            given = self.seen_pairs[area, neighbour]
            return self.error(
                number, column, neighbour_raw,
                f"duplicate neighbour: already given in row {given}",
            )  # fmt: skip
        if len(closeness.strip()) > 40:
            return self.error(
                number, f"{column}P", closeness, "is longer than 40 characters"
            )
        if (area, rank) in self.seen_ranks:
            given = self.seen_ranks[area, rank]
            return self.error(
                number, column, str(rank),
                f"duplicate rank {rank}: already given in row {given}",
            )  # fmt: skip
        self.seen_pairs[area, neighbour] = self.seen_ranks[area, rank] = number
        self.result.rows.append(
            NeighbourRow(number, area, neighbour, rank, closeness.strip())
        )

    def error(self, number: int, column: str, value: str, reason: str) -> None:
        self.result.error(number, column, value, reason)


UNKNOWN = "unknown authority code or LA number"
