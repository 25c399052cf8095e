"""Whether the LAIT import's memory is flat in file size: peak RSS over the
process's baseline, importing 1/8, 1/4, 1/2 and the whole of DfE's file
(slices made by measure, in the file's order), each in a fresh child process
on an emptied database (`resource.getrusage`, as bench/lait.py measures).

    DATABASE_URL=postgres://.../scratch DEBUG=1 python -m bench.lait_memory

The database must be migrated (a scratch one: its figures, ratings and
figures' history are truncated before each import). Prints one line per fraction and the JSON at the end.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "lait" / "bds_long_0.parquet"
DICTIONARY = ROOT / "data" / "lait" / "lait_data_dictionary.csv"
FRACTIONS = (8, 4, 2, 1)


def slices(folder: Path) -> dict[int, Path]:
    """The first 1/n of the file's measures (whole measures, in order)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(DATA)
    measures = list(dict.fromkeys(table["Short Desc"].to_pylist()))
    paths = {}
    for n in FRACTIONS:
        path = folder / f"lait-1-{n}.parquet"
        wanted = pa.array(measures[: len(measures) // n])
        chosen = table.filter(pc.is_in(table["Short Desc"], value_set=wanted))
        pq.write_table(chosen, path, row_group_size=32_768)
        paths[n] = path
    return paths


def child(path: str) -> None:
    """One import in this process: its rows, seconds and peak over baseline."""
    import time

    from bench.support import current_rss_mb, peak_rss_mb, setup_django

    setup_django()
    from django.db import connection

    from indicators.services.lait_import import lait_import

    with connection.cursor() as cursor:  # not through the ORM: no history
        cursor.execute(
            "TRUNCATE indicators_rating, indicators_observation, "
            "indicators_historicalobservation CASCADE"
        )
    baseline = current_rss_mb()
    start = time.perf_counter()
    validated, counts = lait_import(Path(path), DICTIONARY)
    assert not validated.errors, validated.errors[:3]
    print(json.dumps({
        "rows": validated.rows_read,
        "seconds": round(time.perf_counter() - start, 1),
        "baseline_mb": round(baseline, 1),
        "peak_mb": round(peak_rss_mb(), 1),
        "over_baseline_mb": round(peak_rss_mb() - baseline, 1),
    }))  # fmt: skip


def main() -> None:
    """Children only, from a small parent: Linux keeps a process's peak RSS
    across fork and exec, so a parent that had read the whole file would
    give every child its own peak (the slices are written by a child too)."""
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        _python("--slices", folder)
        for n in FRACTIONS:
            path = Path(folder) / f"lait-1-{n}.parquet"
            results[f"1/{n}"] = json.loads(_python(str(path)).splitlines()[-1])
            print(f"1/{n}: {results[f'1/{n}']}", flush=True)
    print(json.dumps(results, indent=2))


def _python(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "bench.lait_memory", *args],
        check=True, capture_output=True, text=True, cwd=ROOT,
    ).stdout  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:2] == ["--slices"]:
        slices(Path(sys.argv[2]))
    elif len(sys.argv) > 1:
        child(sys.argv[1])
    else:
        main()
