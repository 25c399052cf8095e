"""`make bench`'s LAIT case: DfE's whole LAIT file (data/lait/bds_long_0.parquet,
641,070 rows, 434 measures) imported end to end through the real import job,
as `manage.py import_lait` does, with its recompute, on a database of its
own: time, rows per second, where the time goes, queries and the worker's
peak memory. Then the same file again (nothing changes), and the pages of a
committee following 250 of the measures (bench/lait_pages.py).

Run as the `LAIT` size (`BENCH_SIZES=LAIT make bench`, or with the others);
the step runs in its own process (`python -m bench.lait ARGS OUT`), so its
`resource.getrusage` peak is the import's own.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.specs import NEIGHBOURS
from bench.support import peak_rss_mb, say, setup_django

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "lait" / "bds_long_0.parquet"
DICTIONARY = ROOT / "data" / "lait" / "lait_data_dictionary.csv"


def run(runner: Any, migrate: Any, bench_url: str) -> dict[str, Any]:
    """The LAIT case, from the orchestrator: a fresh database is migrated
    (`migrate`), the step runs in a child process, then the table's floor is
    measured on 40 of the imported measures (bench/database.py)."""
    from bench import database

    started = time.time()
    migrate()
    result: dict[str, Any] = runner.lait(data=str(DATA), dictionary=str(DICTIONARY))
    say("LAIT: floor of the observation table on 40 imported measures")
    floor = database.table_floor(bench_url, result["floor_codes"])
    result["floor"] = floor
    per_row = floor["with_keys_median_seconds"] / floor["figures_per_file"]
    first = result["first"]
    result["import_over_floor"] = round(first["seconds"] / (per_row * first["rows"]), 1)
    # The pages of a committee following 250 measures (bench/lait_pages.py):
    # the floor took the ratings of its 40 measures, so they are rebuilt first,
    # after what autovacuum would do in time.
    result["vacuum_analyze_seconds"] = database.vacuum_analyze(bench_url)
    say("LAIT: recompute of every rating (the floor deleted some)")
    result["recompute"] = runner.step("recompute")
    say("LAIT: pages of a committee following 16, then 250 measures")
    result["committee_pages"] = runner.step(
        "lait_pages",
        neighbours=str(NEIGHBOURS),
        requests=int(os.environ.get("BENCH_REQUESTS", 30)),
    )
    result["elapsed_seconds"] = round(time.time() - started, 1)
    return result


def _one_import(data: Path, dictionary: Path) -> dict[str, Any]:
    from bench.steps import Phases, QueryCounter, run_job
    from indicators import lait
    from indicators.services import lait_import

    phases = Phases()
    phases.wrap(lait_import, "read_lait", "read_validate")
    phases.wrap(lait_import, "figures_upsert_sql", "upsert")
    phases.wrap(lait_import, "recompute", "recompute")
    phases.wrap(lait_import, "lait_write", "write_and_recompute")
    with open(dictionary, "rb") as handle:
        stored = lait_import.lait_dictionary_store(handle, dictionary.name)
    counter = QueryCounter()
    start = time.perf_counter()
    with counter.active():
        job = run_job("lait", data, {"dictionary": stored})
    seconds = time.perf_counter() - start
    rows = lait.lait_row_count(data) or job.rows_read
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds),
        "counts": {k: v for k, v in job.counts.items() if k != "notes"},
        "phases_seconds": {k: round(v, 2) for k, v in phases.seconds.items()},
        "queries": counter.count,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def step(args: dict[str, Any]) -> dict[str, Any]:
    from bench.support import current_rss_mb

    baseline = round(current_rss_mb(), 1)
    data, dictionary = Path(args["data"]), Path(args["dictionary"])
    say(f"LAIT: importing {data.name} with its recompute")
    first = _one_import(data, dictionary)
    say(f"LAIT: {first['rows']:,} rows in {first['seconds']} s; the same file again")
    again = _one_import(data, dictionary)
    say(f"LAIT: again in {again['seconds']} s ({again['counts']})")
    from django.db.models import Count

    from indicators.models import Indicator

    codes = Indicator.objects.annotate(n=Count("observations")).order_by("-n", "code")
    return {
        "kind": "lait",
        "baseline_rss_mb": baseline,
        "first": first,
        "again": again,
        "floor_codes": list(codes.values_list("code", flat=True)[:40]),
    }


def main(argv: list[str]) -> None:
    args_path, out_path = argv
    setup_django()
    result = step(json.loads(Path(args_path).read_text()))
    result["step_peak_rss_mb"] = round(peak_rss_mb(), 1)
    Path(out_path).write_text(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
