"""The two ways benchmark figures and their history are written, timed on
one file: the set-based SQL upsert (PostgreSQL) and the ORM path with
django-simple-history's bulk helpers (the SQLite demo's). bench/README.md
gives the figures. Run against a migrated PostgreSQL database that may be
written to (it adds four indicators whose codes start with "hist-"):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scr_hist DEBUG=1 \\
        .venv/bin/python manage.py shell -c "from bench.history_paths import main; main()"
"""

from __future__ import annotations

import csv
import tempfile
import time
from pathlib import Path

from indicators import imports
from indicators.models import Indicator, Theme
from indicators.services.benchmarks import benchmarks_write

HEADER = [
    "time_period", "time_identifier", "geographic_level", "country_code",
    "country_name", "region_code", "region_name", "old_la_code", "new_la_code",
    "la_name", "rate", "count", "base",
]  # fmt: skip
AUTHORITIES = 300
YEARS = range(2011, 2026)


def ees_file(path: Path, shift: int) -> Path:
    """England and 300 authorities over 15 years; `shift` changes every value."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for year in YEARS:
            geo = [str(year), "Reporting year"]
            out.writerow([*geo, "National", "E92000001", "England", "", "", "", "", "", "50", "500", "1000"])  # fmt: skip
            for n in range(AUTHORITIES):
                value = str(10 + (n + shift) % 80)
                out.writerow([*geo, "Local authority", "E92000001", "England", "E12000004", "East Midlands", str(100 + n), f"E0{6000001 + n}", f"Authority {n}", value, value, "100"])  # fmt: skip
    return path


def timed(code: str, *, set_based: bool, folder: Path) -> list[tuple[float, int, int]]:
    """Seconds, created and updated for a first import and a changed one."""
    theme, _ = Theme.objects.get_or_create(
        name="Bench history", defaults={"slug": "bench-history"}
    )
    indicator, _ = Indicator.objects.get_or_create(
        code=code,
        defaults={
            "name": code, "theme": theme, "unit": "percent", "polarity": "higher",
            "rag_method": "target", "frequency": "annual", "decimals": 1,
            "year_type": Indicator.YearType.CALENDAR,
        },
    )  # fmt: skip
    results = []
    for shift in (0, 1):
        path = ees_file(folder / f"{code}-{shift}.csv", shift)
        validated = imports.validate_benchmarks(
            path, year_type=indicator.year_type, value_column="rate", filters={},
            numerator_column="count", denominator_column="base",
        )  # fmt: skip
        assert not validated.errors, validated.errors[:3]
        start = time.perf_counter()
        counts = benchmarks_write(
            indicator=indicator, rows=validated.rows, job=None,
            validated=validated, set_based=set_based,
        )  # fmt: skip
        seconds = round(time.perf_counter() - start, 2)
        results.append((seconds, counts["created"], counts["updated"]))
    return results


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for run in (1, 2):
            for name, set_based in (("sql", True), ("orm", False)):
                print(
                    name,
                    timed(
                        f"hist-{name}-{run}", set_based=set_based, folder=Path(folder)
                    ),
                )
