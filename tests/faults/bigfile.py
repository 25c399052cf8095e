"""A large benchmark file in the Department for Education's EES layout: the
real national, regional and local-authority rows of table D3 (child
protection plans), then synthetic authorities, year by year, until the file
has the rows asked for. Deterministic, so every run imports the same
figures."""

from __future__ import annotations

import csv
import random
from pathlib import Path

DFE = Path(__file__).resolve().parents[2] / "data" / "dfe"
SOURCE = DFE / "d3_cpps_subsequent_plan_2013_to_2025.csv"
VALUE_COLUMN = "CPP_subsequent_percent"
REGIONS = [f"E1200000{n}" for n in range(1, 10)]


def make_big_benchmark_file(path: Path, rows: int = 200_000) -> int:
    """Write the file; return how many figures importing it creates (one per
    data row: every row is a distinct area and year)."""
    with open(SOURCE, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        real = list(reader)
    years = sorted({row[0] for row in real})
    column = {name: i for i, name in enumerate(header)}
    rng = random.Random(855)
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(real)
        written = len(real)
        authority = 0
        while written < rows:
            code = f"E{90_000_000 + authority:08d}"
            region = REGIONS[authority % len(REGIONS)]
            for year in years:
                if written >= rows:
                    break
                starts = rng.randint(40, 900)
                repeat = rng.randint(0, starts // 3)
                row = [""] * len(header)
                row[column["time_period"]] = year
                row[column["time_identifier"]] = "Reporting year"
                row[column["geographic_level"]] = "Local authority"
                row[column["country_code"]] = "E92000001"
                row[column["country_name"]] = "England"
                row[column["region_code"]] = region
                row[column["region_name"]] = f"Region {region[-1]}"
                row[column["new_la_code"]] = code
                row[column["la_name"]] = f"Synthetic authority {authority}"
                row[column["category"]] = real[0][column["category"]]
                row[column["CPP_start"]] = str(starts)
                row[column["CPP_subsequent"]] = str(repeat)
                row[column[VALUE_COLUMN]] = f"{100 * repeat / starts:.1f}"
                writer.writerow(row)
                written += 1
            authority += 1
    return written
