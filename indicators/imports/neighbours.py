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
    seen_pairs: dict[tuple[str, str], int] = {}
    seen_ranks: dict[tuple[str, int], int] = {}

    def add(
        number: int,
        area_raw: str,
        area_column: str,
        neighbour_raw: str,
        column: str,
        rank: int,
        closeness: str,
    ) -> None:
        area = resolve(area_raw)
        if area is None:
            result.error(
                number, area_column, area_raw, "unknown authority code or LA number"
            )
            return
        neighbour = resolve(neighbour_raw)
        if neighbour is None:
            result.error(
                number, column, neighbour_raw, "unknown authority code or LA number"
            )
            return
        if neighbour == area:
            result.error(
                number,
                column,
                neighbour_raw,
                "an authority cannot be its own neighbour",
            )
            return
        if (area, neighbour) in seen_pairs:
            result.error(
                number,
                column,
                neighbour_raw,
                f"duplicate neighbour: already given in row {seen_pairs[area, neighbour]}",
            )
            return
        if len(closeness.strip()) > 40:
            result.error(
                number,
                f"{column}P",
                closeness,
                "is longer than 40 characters",
            )
            return
        if (area, rank) in seen_ranks:
            result.error(
                number,
                column,
                str(rank),
                f"duplicate rank {rank}: already given in row {seen_ranks[area, rank]}",
            )
            return
        seen_pairs[area, neighbour] = seen_ranks[area, rank] = number
        result.rows.append(
            NeighbourRow(number, area, neighbour, rank, closeness.strip())
        )

    for number, row in rows_with_numbers(rows, progress):
        result.rows_read += 1
        if wide:
            area_raw = columns.get(row, "old_la_code")
            for r in ranks:
                neighbour_raw = columns.get(row, f"sn_{r}")
                if neighbour_raw == "":
                    continue
                add(
                    number,
                    area_raw,
                    "old_la_code",
                    neighbour_raw,
                    f"SN_{r}",
                    r,
                    columns.get(row, f"sn_{r}p"),
                )
        else:
            rank_raw = columns.get(row, "rank")
            if not rank_raw.isdecimal() or not 1 <= int(rank_raw) <= 50:
                result.error(
                    number,
                    "rank",
                    rank_raw,
                    "must be a whole number from 1 (closest) to 50",
                )
                continue
            add(
                number,
                columns.get(row, "la_code"),
                "la_code",
                columns.get(row, "neighbour_code"),
                "neighbour_code",
                int(rank_raw),
                "",
            )
    if result.rows_read == 0 and not result.errors:
        raise FileRejected("the file has a header but no rows")
    return result
