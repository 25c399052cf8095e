"""Writing the results: bench/results/latest.json (everything measured),
latest.md (the table the README quotes) and explain-<size>.txt (EXPLAIN
ANALYZE of the slowest queries behind the main pages)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import lait_pages

IMPORT_TARGET = 3.0  # benchmark import within 3x of raw COPY
PAGE_TARGET_MS = 150.0  # dashboard and indicator page median (issue 7, at size L)


def _num(value: Any, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, int | float):
        return f"{value:,.{digits}f}"
    return str(value)


def _queries(page: dict[str, Any]) -> str:
    """Queries per request. The session's idle-timeout renewal (at most once a
    minute) adds a few to an occasional request; that is shown apart."""
    counts = page.get("queries", [])
    if len(page.get("queries_without_session", counts)) == 1 and len(counts) > 1:
        return f"{counts[0]} (+{counts[-1] - counts[0]} when the session is renewed)"
    return "/".join(str(c) for c in counts)


def _kinds(load: dict[str, Any]) -> str:
    kinds = load.get("error_kinds") or {}
    return "(" + ", ".join(f"{n} {k}" for k, n in kinds.items()) + ")" if kinds else ""


class _Rows:
    """The table's rows as they are added: a measure whose numbers are
    missing (a step that did not run) reads "n/a"."""

    def __init__(self) -> None:
        self.out: list[tuple[str, str]] = []

    def add(self, label: str, fn: Callable[[], str]) -> None:
        try:
            self.out.append((label, fn()))
        except (KeyError, TypeError, IndexError, ZeroDivisionError):
            self.out.append((label, "n/a"))


def rows(size: dict[str, Any]) -> list[tuple[str, str]]:
    """(measure, value) for one size, in table order."""
    table = _Rows()
    if size.get("kind") == "lait":
        return _lait_rows(table, size)
    _import_rows(table, size)
    _floor_rows(table, size)
    _return_rows(table, size)
    _page_rows(table, size)
    table.add("elapsed for this size (s)", lambda: f"{size['elapsed_seconds']:.0f}")

    def busy() -> str:
        loads = [
            v["loadavg_1m_before"]
            for v in [*size.values(), *size.get("returns", {}).values()]
            if isinstance(v, dict) and "loadavg_1m_before" in v
        ]
        return f"{min(loads):.1f}-{max(loads):.1f}"

    table.add("1-minute load average as steps began (2 CPUs; shared machine)", busy)
    return table.out


def _lait_rows(table: _Rows, size: dict[str, Any]) -> list[tuple[str, str]]:
    """DfE's whole LAIT file through `import_lait` (bench/lait.py)."""
    first, again = size["first"], size["again"]

    def run(r: dict[str, Any]) -> str:
        c = r["counts"]
        return (
            f"{r['rows']:,} rows in {r['seconds']:.1f} s ({r['rows_per_second']:,} rows/s); "
            f"{c.get('created', 0):,} created, {c.get('updated', 0):,} updated, "
            f"{c.get('unchanged', 0):,} unchanged; {r['queries']:,} queries"
        )

    table.add(
        "LAIT: whole file imported with its recompute (first time)", lambda: run(first)
    )
    table.add(
        "LAIT: time in reading with each measure written as it ends (of which the upsert) / recompute (s)",
        lambda: "{read_validate:.1f} ({upsert:.1f}) / {recompute:.1f}".format(
            **first["phases_seconds"]
        ),
    )
    table.add(
        "LAIT: import time / the table's own floor",
        lambda: (
            f"{size['import_over_floor']}x (floor {size['floor']['with_keys_median_seconds'] * 1000:.0f} ms "
            f"for {size['floor']['figures_per_file']:,} figures)"
        ),
    )
    table.add("LAIT: the same file again (nothing changes)", lambda: run(again))
    table.add(
        "LAIT: peak RSS of the worker process (MiB)",
        lambda: f"{first['peak_rss_mb']:.0f} (baseline {size['baseline_rss_mb']:.0f})",
    )
    lait_pages.report_rows(table, size)
    table.add("elapsed for this size (s)", lambda: f"{size['elapsed_seconds']:.0f}")
    return table.out


def _import_rows(table: _Rows, size: dict[str, Any]) -> None:
    """The dataset, and the benchmark import against a raw COPY."""
    add = table.add
    d = size["dataset"]
    b = size.get("benchmarks", {})
    c = size.get("copy", {})
    add(
        "dataset: indicators x authorities x years; figures (file MB)",
        lambda: (
            f"{d['indicators']} x {d['authorities']} x {d['years']}; "
            f"{d['benchmark_rows']:,} ({d['megabytes']} MB)"
        ),
    )
    add(
        "benchmark import, end to end (rows/s, steady state)",
        lambda: _num(b["rows_per_second"]),
    )
    add(
        "benchmark import, per file: median / p95 (s)",
        lambda: f"{b['per_file_median_seconds']:.3f} / {b['per_file_p95_seconds']:.3f}",
    )

    def split() -> str:
        p = b["phases_steady_seconds"]
        total = b["seconds_steady"]
        read = p.get("read_validate", 0)
        recompute = p.get("recompute", 0)
        write = p.get("write_and_recompute", 0) - recompute
        other = total - read - p.get("write_and_recompute", 0)
        return " / ".join(
            f"{100 * x / total:.0f}%" for x in (read, write, recompute, other)
        )

    add("benchmark import, time in read+validate / write / recompute / job", split)
    add(
        "benchmark import, queries per file",
        lambda: f"{b['queries_per_file_min']}-{b['queries_per_file_max']}",
    )
    add(
        "benchmark import, peak RSS of the worker process (MiB)",
        lambda: f"{b['peak_rss_mb']:.0f} (baseline {b['baseline_rss_mb']:.0f})",
    )
    add("raw COPY of the same files (rows/s)", lambda: _num(c["raw_rows_per_second"]))
    add(
        "**import time / raw COPY time** (target <= 3)",
        lambda: f"**{size['import_over_copy']}x**",
    )
    add(
        "staged COPY + one set-based upsert (rows/s)",
        lambda: _num(c["staged_upsert_rows_per_second"]),
    )


def _floor_rows(table: _Rows, size: dict[str, Any]) -> None:
    """The floor: one file's figures straight into the real table."""
    d = size["dataset"]
    c = size.get("copy", {})
    f = size.get("floor", {})

    def floor() -> str:
        raw = c["raw_seconds"] / d["benchmark_files"]
        parts = [
            f"{1000 * f[f'{mode}_median_seconds']:.0f} ms "
            f"({f[f'{mode}_median_seconds'] / raw:.1f}x)"
            for mode in ("with_keys", "without_keys")
            if f"{mode}_median_seconds" in f
        ]
        return " / ".join(parts) + f"; raw COPY of one file {1000 * raw:.1f} ms"

    table.add(
        "floor: one file's figures inserted into the real table and committed, "
        "with / without foreign-key checks: median ms (x raw COPY of the file)",
        floor,
    )


def _return_rows(table: _Rows, size: dict[str, Any]) -> None:
    """Returns, recompute and the report draft."""
    add = table.add
    for fmt in ("csv", "xlsx"):
        add(
            f"return import, 5,000 rows {fmt.upper()}: s (rows/s), peak RSS MiB",
            lambda fmt=fmt: (
                f"{size['returns'][fmt]['seconds']:.2f} "
                f"({size['returns'][fmt]['rows_per_second']:,}), "
                f"{size['returns'][fmt]['peak_rss_mb']:.0f}"
            ),
        )
    add(
        "home quarterly return (published): rows in s",
        lambda: (
            f"{size['home_return']['rows']:,} in {size['home_return']['seconds']:.1f}"
        ),
    )
    r = size.get("recompute", {})
    add(
        "recompute every rating: s (ratings)",
        lambda: f"{r['seconds']:.1f} ({r['ratings']:,})",
    )
    add(
        "recompute: queries (per indicator)",
        lambda: f"{r['queries']:,} ({r['queries_per_indicator']})",
    )
    add(
        "report draft (the committee's remit: 2 of 8 themes): s to draft, paragraphs",
        lambda: (
            f"{size['report_draft']['seconds']:.1f}, "
            f"{size['report_draft']['paragraphs']:,}"
        ),
    )


def _page_rows(table: _Rows, size: dict[str, Any]) -> None:
    """The pages, the load test and the memory of large imports."""
    add = table.add
    for name, page in size.get("pages", {}).items():
        if "skipped" in page:
            add(f"page {name}", lambda page=page: f"not measured: {page['skipped']}")
            continue
        add(
            f"page {name}: median / p95 ms, queries",
            lambda page=page: (
                f"{page['median_ms']:.0f} / {page['p95_ms']:.0f}, {_queries(page)}"
            ),
        )
    for name, load in size.get("load", {}).items():
        add(
            f"load, {load['users']} users for "
            f"{load.get('requested_seconds', load['seconds']):.0f} s on {name}: "
            "req/s answered in time (served), median / p95 ms, errors",
            lambda load=load: (
                f"{load['rps']:.1f} ({load.get('server_rps', 'n/a')}), "
                f"{_num(load['median_ms'])} / {_num(load['p95_ms'])}, "
                f"{load['errors']} {_kinds(load)}"
            ),
        )
    for m in size.get("memory", []):
        add(
            f"memory: one import from a file {m['breakdowns']}x the kept rows: "
            "rows read, MB -> peak RSS MiB",
            lambda m=m: (
                f"{m['rows_read']:,}, {m['file_mb']} MB -> {m['peak_rss_mb']:.0f} "
                f"(+{m['growth_mb']:.0f})"
            ),
        )


def findings(results: dict[str, Any]) -> list[str]:
    """The obvious problems, found mechanically from the numbers."""
    notes = []
    sizes = results["sizes"]
    for name, size in sizes.items():
        notes.extend(lait_pages.findings(size))
        ratio = size.get("import_over_copy")
        if ratio and ratio > IMPORT_TARGET:
            notes.append(
                f"{name}: benchmark import is {ratio}x raw COPY (target <= {IMPORT_TARGET:.0f}x)."
            )
        for page_name, page in size.get("pages", {}).items():
            if page.get("median_ms", 0) > PAGE_TARGET_MS and not page_name.startswith(
                "dashboard export"
            ):
                notes.append(
                    f"{name}: {page_name} median {page['median_ms']} ms (target < {PAGE_TARGET_MS:.0f} ms at L)."
                )
            if len(page.get("queries_without_session", page.get("queries", []))) > 1:
                notes.append(
                    f"{name}: {page_name} query count varies between requests: {page['queries']}."
                )
        for load_name, load in size.get("load", {}).items():
            if load.get("errors"):
                notes.append(
                    f"{name}: {load['errors']} errors under load on {load_name}: {load['error_kinds']}."
                )
        memory = size.get("memory", [])
        if len(memory) >= 2 and memory[-1]["growth_mb"] > 2 * max(
            memory[0]["growth_mb"], 10
        ):
            notes.append(
                f"{name}: worker memory grows with file size: +{memory[0]['growth_mb']:.0f} MiB "
                f"for {memory[0]['file_mb']} MB, +{memory[-1]['growth_mb']:.0f} MiB for {memory[-1]['file_mb']} MB."
            )
    names = list(sizes)
    for first, second in zip(names, names[1:], strict=False):
        for page_name, page in sizes[first].get("pages", {}).items():
            other = sizes[second].get("pages", {}).get(page_name, {})
            key = "queries_without_session"
            if page.get(key) and other.get(key) and page[key] != other[key]:
                notes.append(
                    f"{page_name}: query count changes with size: {first} {page[key]}, {second} {other[key]}."
                )
    return notes


def markdown(results: dict[str, Any]) -> str:
    machine, pg = results["machine"], results["postgresql"]
    names = list(results["sizes"])
    table = [dict(rows(results["sizes"][n])) for n in names]
    labels: list[str] = []
    for t in table:
        labels += [label for label in t if label not in labels]
    lines = [
        f"# make bench: {results['generated_at']}",
        "",
        f"Machine: {machine['nproc']} CPUs ({machine['cpu']}), {machine['ram_gib']} GiB RAM, "
        f"Linux {machine['kernel']}; Python {machine['python']}, Django {machine['django']}; "
        f"{pg['version'].split(' on ')[0]} (shared_buffers {pg['shared_buffers']}, "
        f"work_mem {pg['work_mem']}, synchronous_commit {pg['synchronous_commit']}). "
        f"Code: commit {machine.get('commit')} with {machine.get('uncommitted_files')} "
        f"uncommitted files. Total run {results.get('total_seconds', 0):.0f} s.",
        "",
        "| measure | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for label in labels:
        lines.append(
            f"| {label} | " + " | ".join(t.get(label, "") for t in table) + " |"
        )
    notes = findings(results)
    lines += ["", "## Findings (mechanical)", ""]
    lines += [f"- {n}" for n in notes] or ["- none"]
    return "\n".join(lines) + "\n"


def explain_text(name: str, size: dict[str, Any]) -> str:
    parts = [f"# EXPLAIN (ANALYZE, BUFFERS) of the slowest queries, size {name}\n"]
    for page, queries in size.get("explain", {}).items():
        for n, q in enumerate(queries, start=1):
            parts.append(
                f"\n## {page}, query {n} ({q['ms']} ms in the page)\n\n{q['sql']}\n\n{q['plan']}\n"
            )
    return "".join(parts)


def write(results: dict[str, Any], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    results = {**results, "findings": findings(results)}
    slim = {
        **results,
        "sizes": {
            n: {k: v for k, v in s.items() if k != "explain"}
            for n, s in results["sizes"].items()
        },
    }
    (directory / "latest.json").write_text(json.dumps(slim, indent=2, default=str))
    (directory / "latest.md").write_text(markdown(results))
    for name, size in results["sizes"].items():
        if size.get("explain"):  # not kept in latest.json
            (directory / f"explain-{name}.txt").write_text(explain_text(name, size))


if __name__ == "__main__":
    # Rewrite latest.md from latest.json (after a change to this module).
    here = Path(__file__).resolve().parent / "results"
    write(json.loads((here / "latest.json").read_text()), here)
