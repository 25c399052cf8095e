"""Which area each benchmark row's figure belongs to (DESIGN.md,
"Authorities that change code"): a figure filed under an old code goes to
the live authority with its LA number, and a joint return's figure to each
member council, as DfE's LAIT gives it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from indicators.imports.benchmarks import BenchmarkRow
from indicators.rating.authorities import joint_members

# (ONS code, LA number) -> the ONS code of the area the figure belongs to,
# or None when neither is known (`services.authority_resolver`).
Resolve = Callable[[str, str], str | None]


def assign_areas(
    rows: list[BenchmarkRow], resolve: Resolve, notes: list[str]
) -> list[BenchmarkRow]:
    """The rows, each under the code of the area its figure belongs to, a
    joint return's once for each member (its counts left out: they are the
    joint service's, not the member's). Where two rows land on one area and
    period, the authority's own figure beats a joint return's, and a figure
    filed under the area's current code beats one under an old code; the
    other is noted. An unknown code is kept as it is (a new area)."""
    # (area, period) -> (standing, the row as placed, the row as filed)
    chosen: dict[
        tuple[str, object], tuple[tuple[bool, bool], BenchmarkRow, BenchmarkRow]
    ] = {}
    order: list[tuple[str, object]] = []
    for row in rows:
        authority = row.level == "local_authority"
        members = (
            joint_members(row.code, row.la_number) if authority else [(row.code, "")]
        )
        joint = len(members) > 1
        for code, number in members:
            # England and the regions are placed by their own code.
            target = (resolve(code, number) if authority else None) or code
            placed = replace(
                row,
                code=target,
                la_number=number or row.la_number,
                joint=row.name if joint else "",
                numerator=None if joint else row.numerator,
                denominator=None if joint else row.denominator,
            )
            standing = (not joint, code == target)
            key = (target, row.period.key)
            held = chosen.get(key)
            if held is None:
                order.append(key)
            elif held[0] >= standing:
                notes.append(_passed_over(row, held[2]))
                continue
            else:
                notes.append(_passed_over(held[2], row))
            chosen[key] = (standing, placed, row)
    return [chosen[key][1] for key in order]


def _passed_over(row: BenchmarkRow, kept: BenchmarkRow) -> str:
    return (
        f"row {row.row}: {row.name or row.code} {row.period.label} left out; "
        f"row {kept.row} ({kept.name or kept.code}) gives the same authority's figure"
    )
