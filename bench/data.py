"""Synthetic national data in the real EES tidy-CSV layout.

One file per indicator, shaped like DfE's own (see data/dfe/*.csv): the
standard geography columns (`time_period, time_identifier, geographic_level,
country_code, country_name, region_code, region_name, old_la_code,
new_la_code, la_name`, in either of the two orders DfE's files use), a filter
column, and three measure columns (a count, its base and the published figure).
Each year has one national row, nine regional rows and one row for each of
the 153 live authorities in indicators/data/las.csv. About 2% of authority
figures are suppressed with DfE's symbols; some files start with a byte-order
mark. Everything is seeded, so a size always produces the same bytes.

Also written: the indicator definitions, the home authority's quarterly
return (published figures for the last years), a 5,000-row return (CSV and
XLSX) on earlier quarters, and files for the memory-versus-file-size test.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.specs import (
    HOME_AREA,
    LAST_YEAR,
    MEMORY_BREAKDOWNS,
    NEIGHBOURS,
    RETURN_ROWS,
    SIZES,
    Geography,
    Spec,
    make_specs,
    spare_spec,
)
from bench.writers import (
    RETURN_HEADER,
    quarter_labels,
    return_rows,
    write_csv,
    write_ees,
    write_indicators,
    write_xlsx,
)

# What the benchmark's other modules read from here.
__all__ = ["HOME_AREA", "NEIGHBOURS", "SIZES", "Dataset", "generate"]


@dataclass
class Dataset:
    size: str
    directory: Path
    specs: list[Spec]
    benchmark_files: list[Path]
    benchmark_rows: int
    indicators_file: Path
    home_return: Path
    home_rows: int
    return_csv: Path
    return_xlsx: Path
    return_rows: int
    spare: Spec
    memory_files: list[tuple[int, Path, int]]  # (breakdowns, path, rows)
    bytes: int

    def summary(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "indicators": len(self.specs),
            "authorities": len(Geography.load().authorities),
            "years": SIZES[self.size]["years"],
            "benchmark_files": len(self.benchmark_files),
            "benchmark_rows": self.benchmark_rows,
            "home_return_rows": self.home_rows,
            "return_rows": self.return_rows,
            "megabytes": round(self.bytes / 1e6, 1),
        }


def generate(size: str, directory: Path) -> Dataset:
    """Write every file for one size into `directory`."""
    shape = SIZES[size]
    geography = Geography.load()
    specs = make_specs(shape["indicators"])
    spare = spare_spec()
    rng = random.Random(f"bench-{size}")
    (directory / "ees").mkdir(parents=True, exist_ok=True)
    files, rows = [], 0
    for spec in specs:
        path = directory / "ees" / spec.filename
        rows += write_ees(path, spec, geography, shape["years"], rng)
        files.append(path)
    indicators_file = directory / "indicators.csv"
    write_indicators(indicators_file, [*specs, spare])

    # The home authority's published quarterly figures for the benchmark years.
    years = shape["years"]
    home_quarters = quarter_labels(LAST_YEAR - years, LAST_YEAR - 1)
    quarterly = [s for s in specs if s.frequency == "quarterly"]
    home = return_rows(quarterly, home_quarters, rng)
    home_return = directory / "home_return.csv"
    write_csv(home_return, RETURN_HEADER, home)

    # 5,000 rows on earlier quarters (so they create figures, not update them).
    needed = -(-RETURN_ROWS // len(specs))
    first = LAST_YEAR - years - (needed + 3) // 4
    earlier = quarter_labels(first, LAST_YEAR - years - 1)[-needed:]
    big = return_rows(specs, list(reversed(earlier)), rng)[:RETURN_ROWS]
    return_csv, return_xlsx = (
        directory / "return_5000.csv",
        directory / "return_5000.xlsx",
    )
    write_csv(return_csv, RETURN_HEADER, big)
    write_xlsx(return_xlsx, RETURN_HEADER, big)

    memory = []
    for breakdowns in MEMORY_BREAKDOWNS:
        path = directory / f"memory_{breakdowns}.csv"
        count = write_ees(path, spare, geography, 10, rng, breakdowns=breakdowns)
        memory.append((breakdowns, path, count))

    total = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
    return Dataset(
        size=size,
        directory=directory,
        specs=specs,
        benchmark_files=files,
        benchmark_rows=rows,
        indicators_file=indicators_file,
        home_return=home_return,
        home_rows=len(home),
        return_csv=return_csv,
        return_xlsx=return_xlsx,
        return_rows=len(big),
        spare=spare,
        memory_files=memory,
        bytes=total,
    )
