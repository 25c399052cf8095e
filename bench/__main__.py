"""`make bench`: synthetic national data at each size, measured end to end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scrutineer python -m bench

Environment: BENCH_SIZES (default `S,M,LAIT`; `L` adds the 3-million-figure
size, `LAIT` is DfE's whole LAIT file through `import_lait`), BENCH_REQUESTS (requests per page, default 30), BENCH_USERS (default
50) and BENCH_LOAD_SECONDS (default 60) for the load test, BENCH_KEEP=1 to
keep the database and the generated files afterwards. Results go to
bench/results/latest.json and latest.md.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench import data, database, lait, report

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
T0 = time.time()


def say(message: str) -> None:
    print(f"[{time.time() - T0:7.1f}s] {message}", flush=True)


def machine() -> dict[str, Any]:
    meminfo = dict(
        line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines()
    )
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    import django

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return done.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_files": len(git("status", "--porcelain").splitlines()),
        "nproc": os.cpu_count(),
        "cpu": model,
        "ram_gib": round(int(meminfo["MemTotal"].split()[0]) / 2**20, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
    }


class Runner:
    """Runs steps in child processes with the benchmark's environment."""

    def __init__(self, work: Path, bench_url: str, var: Path, source: Path) -> None:
        self.work = work
        self.source = source
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": bench_url,
            "DEBUG": "0",
            "SECRET_KEY": "make-bench-only-secret-key-not-for-production-0123456789abc",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "CELERY_BROKER_URL": "",  # eager: the task runs in the measured process
            "MEDIA_ROOT": str(work / "media"),
            "SCRUTINEER_VAR_DIR": str(var),
            "SCRUTINEER_HOME_AREA": data.HOME_AREA,
            "LOG_LEVEL": "WARNING",
            "BENCH_T0": str(T0),
            "PYTHONPATH": str(source),
        }
        self.calls = 0

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=self.source,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def _child(self, module: str, name: str | None, args: dict[str, Any]) -> Any:
        self.calls += 1
        stem = self.work / f"call-{self.calls}"
        args_path, out_path = (
            stem.with_suffix(".in.json"),
            stem.with_suffix(".out.json"),
        )
        args_path.write_text(json.dumps(args, default=str))
        command = [sys.executable, "-m", module]
        if name:
            command.append(name)
        load_before = round(os.getloadavg()[0], 2)
        subprocess.run(
            [*command, str(args_path), str(out_path)],
            cwd=self.source,
            env=self.env,
            check=True,
        )
        # The machine may be shared: note how busy it was as the step began.
        return json.loads(out_path.read_text()) | {"loadavg_1m_before": load_before}

    def step(self, name: str, **args: Any) -> Any:
        return self._child("bench.steps", name, args)

    def load(self, **args: Any) -> Any:
        return self._child("bench.load", None, args)

    def lait(self, **args: Any) -> Any:
        return self._child("bench.lait", None, args)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving config.wsgi with 4 sync workers on loopback, started
    afresh for each scenario so that one scenario's queue cannot spill into
    the next."""

    def __init__(self, runner: Runner, name: str) -> None:
        self.runner = runner
        self.port = free_port()
        self.log = runner.work / "gunicorn.log"
        self.access_log = runner.work / f"gunicorn-access-{name}.log"

    def completed(self) -> int:
        """Responses with status 200 the server has logged so far, including
        those whose client had already given up waiting."""
        if not self.access_log.exists():
            return 0
        with open(self.access_log) as handle:
            return sum('" 200 ' in line for line in handle)

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "config.wsgi:application",
                "--workers", "4", "--bind", f"127.0.0.1:{self.port}",
                "--timeout", "120", "--error-logfile", str(self.log),
                "--access-logfile", str(self.access_log), "--log-level", "warning",
            ],
            cwd=self.runner.source,
            env=self.runner.env,
        )  # fmt: skip
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/healthz", timeout=2
                ) as response:
                    if response.status == 200:
                        return self
            except OSError:
                if time.time() > deadline or self.process.poll() is not None:
                    self.__exit__()
                    raise RuntimeError(
                        f"gunicorn did not start; see {self.log}"
                    ) from None
                time.sleep(0.3)

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def load_test(runner: Runner, cookie: str) -> dict[str, Any]:
    """50 users for 60 s against /healthz (the same server's trivial view),
    then against the signed-in dashboard."""
    users = int(os.environ.get("BENCH_USERS", 50))
    seconds = float(os.environ.get("BENCH_LOAD_SECONDS", 60))
    results = {}
    for name, path, with_cookie in (
        ("healthz", "/healthz", False),
        ("dashboard", "/", True),
    ):
        with Server(runner, name) as server:
            common = {
                "host": "127.0.0.1",
                "port": server.port,
                "path": path,
                "cookie": cookie if with_cookie else "",
            }
            # One request per user slot, enough to warm each worker (imports,
            # templates, database connection) without leaving a queue behind.
            runner.load(users=8, seconds=0, once=True, **common)
            before = server.completed()
            say(f"load: {users} users on {path} for {seconds:.0f} s")
            result = runner.load(users=users, seconds=seconds, **common)
            served = server.completed() - before
            result["server_completed"] = served
            result["server_rps"] = round(served / result["seconds"], 1)
        say(
            f"load {name}: {result['rps']} req/s, median {result['median_ms']} ms, "
            f"p95 {result['p95_ms']} ms, {result['errors']} errors "
            f"{result['error_kinds'] or ''}"
        )
        results[name] = result
    return results


def run_size(size: str, base_url: str, work: Path, source: Path) -> dict[str, Any]:
    """Every measure at one size, on a database of its own."""
    started = time.time()
    result: dict[str, Any] = {}
    say(f"== size {size}: {data.SIZES[size]}")
    bench_url = database.recreate(base_url)
    directory = work / size
    runner = Runner(directory, bench_url, var=work / "var", source=source)
    directory.mkdir(parents=True, exist_ok=True)

    say(f"{size}: generating synthetic EES files")
    start = time.perf_counter()
    dataset = data.generate(size, directory)
    result["dataset"] = dataset.summary()
    result["dataset"]["generate_seconds"] = round(time.perf_counter() - start, 1)
    say(f"{size}: generated {result['dataset']}")

    say(f"{size}: migrating {database.BENCH_DATABASE}")
    start = time.perf_counter()
    runner.manage("migrate", "--no-input")
    result["migrate_seconds"] = round(time.perf_counter() - start, 1)

    say(f"{size}: users, indicator definitions, statistical neighbours")
    result["setup"] = runner.step(
        "setup", indicators=dataset.indicators_file, neighbours=data.NEIGHBOURS
    )
    say(f"{size}: home authority's quarterly return ({dataset.home_rows} rows)")
    result["home_return"] = runner.step("home_return", file=dataset.home_return)
    _imports(size, result, runner, bench_url, dataset)

    say(f"{size}: VACUUM (ANALYZE), as autovacuum would in time")
    result["vacuum_analyze_seconds"] = database.vacuum_analyze(bench_url)

    say(f"{size}: recompute of every rating")
    result["recompute"] = runner.step("recompute")

    say(f"{size}: pages through django.test.Client")
    pages = runner.step(
        "pages",
        indicator=dataset.specs[0].code,
        requests=int(os.environ.get("BENCH_REQUESTS", 30)),
    )
    result["pages"] = pages["pages"]
    result["report_draft"] = pages.get("report_draft", {})
    result["explain"] = pages["explain"]

    result["load"] = load_test(runner, pages["session_cookie"])
    result["elapsed_seconds"] = round(time.time() - started, 1)
    say(f"== size {size} done in {result['elapsed_seconds']:.0f} s")
    return result


def run_lait(size: str, base_url: str, work: Path, source: Path) -> dict[str, Any]:
    """DfE's whole LAIT file through `import_lait`'s job, on a database of its own."""
    say(f"== {size}: the whole LAIT file, end to end with its recompute")
    bench_url = database.recreate(base_url)
    runner = Runner(work / size, bench_url, var=work / "var", source=source)
    (work / size).mkdir(parents=True, exist_ok=True)
    return lait.run(runner, lambda: runner.manage("migrate", "--no-input"), bench_url)


def _imports(
    size: str, result: dict[str, Any], runner: Runner, bench_url: str, dataset: Any
) -> None:
    """The imports' measures, into `result`: raw COPY, the benchmark import
    against it, the table's floor, returns, and memory against file size."""
    # The physical limit first, on a quiet database (no autovacuum of a
    # freshly loaded table competing for the two CPUs).
    say(f"{size}: raw COPY of the benchmark files into a bare table")
    result["copy"] = database.copy_baseline(bench_url, dataset.benchmark_files)

    say(f"{size}: benchmark import, {len(dataset.benchmark_files)} files")
    result["benchmarks"] = runner.step(
        "benchmarks",
        files=dataset.benchmark_files,
        options=[s.options for s in dataset.specs],
    )
    b, c = result["benchmarks"], result["copy"]
    result["import_over_copy"] = round(
        c["raw_rows_per_second"] / b["rows_per_second"], 1
    )
    say(
        f"{size}: import {b['rows_per_second']:,} rows/s; COPY "
        f"{c['raw_rows_per_second']:,} rows/s; ratio {result['import_over_copy']}x"
    )

    say(f"{size}: floor of the observation table, with and without key checks")
    result["floor"] = database.table_floor(
        bench_url, [s.code for s in dataset.specs[1:41]]
    )

    result["returns"] = {}
    for path in (dataset.return_csv, dataset.return_xlsx):
        say(f"{size}: return of {dataset.return_rows} rows, {path.suffix}")
        result["returns"][path.suffix.lstrip(".")] = runner.step("return", file=path)

    result["memory"] = []
    for breakdowns, path, rows in dataset.memory_files:
        say(f"{size}: memory test, one import from a {rows:,}-row file")
        result["memory"].append(
            {"breakdowns": breakdowns}
            | runner.step("memory", file=path, options=dataset.spare.options)
        )


def main() -> None:
    sizes = [
        s.strip().upper()
        for s in os.environ.get("BENCH_SIZES", "S,M,LAIT").split(",")
        if s.strip()
    ]
    unknown = [s for s in sizes if s not in data.SIZES and s != "LAIT"]
    if unknown:
        raise SystemExit(f"BENCH_SIZES: unknown size {unknown}; use S, M, L or LAIT")
    base_url = os.environ.get("DATABASE_URL") or database.DEFAULT_URL
    keep = os.environ.get("BENCH_KEEP") == "1"
    work = Path(tempfile.mkdtemp(prefix="scrutineer-bench-"))
    (work / "var" / "staticfiles").mkdir(parents=True)  # WhiteNoise looks for it
    # Others may be editing the tree while this runs: measure one snapshot of
    # it, taken now, so that every size runs the same code.
    source = work / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "var", "node_modules", "__pycache__", ".*_cache", "results"
        ),
    )
    say(f"make bench: sizes {', '.join(sizes)}; work files in {work}")
    results: dict[str, Any] = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        "postgresql": database.server_info(base_url),
        "sizes": {},
    }
    try:
        for size in sizes:
            run = run_lait if size == "LAIT" else run_size
            results["sizes"][size] = run(size, base_url, work, source)
            results["total_seconds"] = round(time.time() - T0, 1)
            report.write(results, RESULTS)  # after each size: a partial run counts
    finally:
        if not keep:
            database.drop(base_url)
            shutil.rmtree(work, ignore_errors=True)
        else:
            say(f"kept database {database.BENCH_DATABASE} and {work}")
    results["total_seconds"] = round(time.time() - T0, 1)
    report.write(results, RESULTS)
    say(f"done in {results['total_seconds']:.0f} s: {RESULTS / 'latest.md'}")
    print((RESULTS / "latest.md").read_text())


if __name__ == "__main__":
    main()
