"""The measured steps that need Django. Each runs in its own process
(`python -m bench.steps NAME ARGS.json OUT.json`), so that the peak resident
memory `resource.getrusage` reports is that step's own.

Imports go through the real import job, as the management commands do:
`import_job_create` stores the file and queues `run_import` on commit, which
(no broker configured, so Celery runs it eagerly in this process) claims the
job and calls `import_job_run`; `import_job_wait` follows the job row.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import lait_pages
from bench.pages import step_pages
from bench.support import (
    current_rss_mb,
    p95,
    peak_rss_mb,
    say,
    setup_django,
    user_named,
)

# --- Instrumentation (bench-side only: wraps functions at run time) ----------------


class Phases:
    """Time spent in named functions, found by module attribute. Wrapping is
    best effort: a function renamed by later work is simply not broken out."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.missing: list[str] = []

    def wrap(self, module: Any, name: str, label: str) -> None:
        original = getattr(module, name, None)
        if original is None:
            self.missing.append(f"{module.__name__}.{name}")
            return

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + (
                    time.perf_counter() - start
                )

        setattr(module, name, timed)


class QueryCounter:
    """Counts SQL statements through `connection.execute_wrapper` without
    keeping their text (CaptureQueriesContext would hold every bulk INSERT)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: Any,
    ) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - start

    @contextmanager
    def active(self) -> Iterator[QueryCounter]:
        from django.db import connection

        with connection.execute_wrapper(self):
            yield self


def import_phases(kind: str) -> Phases:
    """Time an import's phases where its runner calls them (each name is
    looked up in the runner's module when it is called)."""
    from indicators import imports
    from indicators.services import benchmarks
    from returns.services import returns

    phases = Phases()
    if kind == "benchmarks":
        phases.wrap(imports, "validate_benchmarks", "read_validate")
        phases.wrap(benchmarks, "benchmarks_write", "write_and_recompute")
        phases.wrap(benchmarks, "recompute", "recompute")
    else:
        phases.wrap(returns, "validate_return", "read_validate")
        phases.wrap(returns, "return_write", "write_and_recompute")
        phases.wrap(returns, "recompute", "recompute")
    return phases


def run_job(kind: str, path: Path, options: dict[str, Any], user: Any = None) -> Any:
    """One import through the job, exactly as `manage.py import_*` does."""
    from indicators.models import ImportJob
    from indicators.services import import_job_create, import_job_wait

    job = import_job_create(
        kind=kind, file=path, filename=path.name, options=options, user=user
    )
    job = import_job_wait(job=job, timeout=3600)
    if job.status != ImportJob.Status.SUCCEEDED:
        raise RuntimeError(
            f"import of {path.name} ended {job.status}: {job.message} {job.errors[:5]}"
        )
    return job


# --- Steps -------------------------------------------------------------------------


def step_setup(args: dict[str, Any]) -> dict[str, Any]:
    """Users, indicator definitions and statistical neighbours."""
    from bench.support import make_users
    from indicators.models import ImportJob

    make_users()
    lead = user_named("performance")
    start = time.perf_counter()
    job = run_job(ImportJob.Kind.INDICATORS, Path(args["indicators"]), {}, lead)
    indicators_s = time.perf_counter() - start
    say(f"indicator definitions: {job.message}")
    start = time.perf_counter()
    job = run_job(ImportJob.Kind.NEIGHBOURS, Path(args["neighbours"]), {}, lead)
    neighbours_s = time.perf_counter() - start
    say(f"statistical neighbours: {job.message}")
    return {
        "indicators_seconds": round(indicators_s, 2),
        "neighbours_seconds": round(neighbours_s, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def step_home_return(args: dict[str, Any]) -> dict[str, Any]:
    """The home authority's quarterly figures, published, as one return."""
    from indicators.models import ImportJob

    phases = import_phases("returns")
    counter = QueryCounter()
    start = time.perf_counter()
    with counter.active():
        job = run_job(
            ImportJob.Kind.RETURNS,
            Path(args["file"]),
            {"publish": True},
            user_named("performance"),
        )
    seconds = time.perf_counter() - start
    say(f"home return: {job.message} in {seconds:.1f}s")
    return {
        "rows": job.rows_read,
        "seconds": round(seconds, 3),
        "rows_per_second": round(job.rows_read / seconds),
        "queries": counter.count,
        "phases": {k: round(v, 3) for k, v in phases.seconds.items()},
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def step_benchmarks(args: dict[str, Any]) -> dict[str, Any]:
    """Every indicator's EES file, one import job each, in one process (as one
    worker would run them); the first is reported apart as the warm-up."""
    from indicators.models import ImportJob

    files = [Path(p) for p in args["files"]]
    options = args["options"]
    user = user_named("performance")
    phases = import_phases("benchmarks")
    baseline_rss = current_rss_mb()
    per_file: list[float] = []
    queries: list[int] = []
    rows_read = 0
    peaks: list[float] = []
    start = time.perf_counter()
    last_report = start
    for n, (path, opts) in enumerate(zip(files, options, strict=True), start=1):
        counter = QueryCounter()
        file_start = time.perf_counter()
        with counter.active():
            job = run_job(ImportJob.Kind.BENCHMARKS, path, opts, user)
        per_file.append(time.perf_counter() - file_start)
        queries.append(counter.count)
        if n > 1:
            rows_read += job.rows_read
        peaks.append(peak_rss_mb())
        if n == 1:
            # The first import also warms the process (imports, caches).
            phases.seconds.clear()
        now = time.perf_counter()
        if now - last_report > 15 or n == len(files):
            last_report = now
            rate = rows_read / max(now - start - per_file[0], 1e-9)
            say(
                f"benchmark import {n}/{len(files)} files, {rate:,.0f} rows/s, "
                f"peak RSS {peaks[-1]:.0f} MB"
            )
    steady = per_file[1:] or per_file
    seconds = sum(steady)
    return {
        "files": len(files),
        "rows_steady": rows_read,
        "seconds_total": round(sum(per_file), 2),
        "seconds_steady": round(seconds, 2),
        "first_file_seconds": round(per_file[0], 3),
        "per_file_median_seconds": round(statistics.median(steady), 4),
        "per_file_p95_seconds": round(p95(steady), 4),
        "rows_per_second": round(rows_read / seconds) if seconds else None,
        "queries_per_file_min": min(queries),
        "queries_per_file_max": max(queries),
        "phases_steady_seconds": {k: round(v, 2) for k, v in phases.seconds.items()},
        "phases_missing": phases.missing,
        "baseline_rss_mb": round(baseline_rss, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "peak_rss_after_first_file_mb": round(peaks[0], 1),
        "peak_rss_after_tenth_file_mb": round(peaks[min(9, len(peaks) - 1)], 1),
    }


def _rolled_back_import(
    kind: str, path: Path, options: dict[str, Any]
) -> tuple[Any, float, int, dict[str, float]]:
    """Run one import inside a transaction that is then rolled back, so that
    the next measurement starts from the same state. `import_job_wait` runs
    the queued task itself when on-commit has not fired (eager Celery)."""
    from django.db import transaction

    phases = import_phases(kind)
    counter = QueryCounter()
    with transaction.atomic():
        start = time.perf_counter()
        with counter.active():
            job = run_job(kind, path, options, user_named("performance"))
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return job, seconds, counter.count, phases.seconds


def step_return(args: dict[str, Any]) -> dict[str, Any]:
    """A 5,000-row return (CSV or XLSX), published, rolled back afterwards."""
    from indicators.models import ImportJob

    path = Path(args["file"])
    baseline_rss = current_rss_mb()
    job, seconds, queries, phases = _rolled_back_import(
        ImportJob.Kind.RETURNS, path, {"publish": True}
    )
    say(f"return {path.suffix}: {job.message} in {seconds:.1f}s")
    return {
        "format": path.suffix.lstrip("."),
        "rows": job.rows_read,
        "created": job.counts.get("created"),
        "seconds": round(seconds, 3),
        "rows_per_second": round(job.rows_read / seconds),
        "queries": queries,
        "phases": {k: round(v, 3) for k, v in phases.items()},
        "baseline_rss_mb": round(baseline_rss, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "file_kb": round(path.stat().st_size / 1024),
    }


def step_memory(args: dict[str, Any]) -> dict[str, Any]:
    """Peak memory of one benchmark import against the size of its file: the
    rows kept are the same (one breakdown); only the file grows."""
    from indicators.models import ImportJob

    path = Path(args["file"])
    baseline_rss = current_rss_mb()
    job, seconds, _, _ = _rolled_back_import(
        ImportJob.Kind.BENCHMARKS, path, args["options"]
    )
    peak = peak_rss_mb()
    say(
        f"memory: {job.rows_read:,} rows read ({path.stat().st_size / 1e6:.1f} MB), "
        f"peak RSS {peak:.0f} MB"
    )
    return {
        "rows_read": job.rows_read,
        "rows_kept": job.counts.get("created"),
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "seconds": round(seconds, 3),
        "baseline_rss_mb": round(baseline_rss, 1),
        "peak_rss_mb": round(peak, 1),
        "growth_mb": round(peak - baseline_rss, 1),
    }


def step_recompute(args: dict[str, Any]) -> dict[str, Any]:
    from indicators.models import Indicator, Observation, Rating
    from indicators.services import recompute

    counter = QueryCounter()
    start = time.perf_counter()
    with counter.active():
        written = recompute()
    seconds = time.perf_counter() - start
    indicators = Indicator.objects.count()
    say(f"recompute: {written} ratings in {seconds:.1f}s, {counter.count} queries")
    return {
        "ratings": written,
        "ratings_stored": Rating.objects.count(),
        "indicators": indicators,
        "observations": Observation.all_objects.count(),
        "seconds": round(seconds, 3),
        "ratings_per_second": round(written / seconds) if seconds else None,
        "queries": counter.count,
        "queries_per_indicator": round(counter.count / max(indicators, 1), 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


STEPS = {
    "setup": step_setup,
    "home_return": step_home_return,
    "benchmarks": step_benchmarks,
    "return": step_return,
    "memory": step_memory,
    "recompute": step_recompute,
    "pages": step_pages,
    "lait_pages": lait_pages.step,
}


def main(argv: list[str]) -> None:
    name, args_path, out_path = argv
    args = json.loads(Path(args_path).read_text())
    setup_django()
    result = STEPS[name](args)
    result["step_peak_rss_mb"] = round(peak_rss_mb(), 1)
    Path(out_path).write_text(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
