"""The benchmark's own database, and the physical limits it is compared with.

The dedicated database `scrutineer_bench` (BENCH_DATABASE names another, so
that two people can measure on one server) lives on the server named by
DATABASE_URL; it is dropped and created for each size, so the benchmark never
touches development or test data.
"""

from __future__ import annotations

import csv
import os
import statistics
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

BENCH_DATABASE = os.environ.get("BENCH_DATABASE") or "scrutineer_bench"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/scrutineer"


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(
            f"make bench needs PostgreSQL: DATABASE_URL is {parts.scheme}://..."
        )
    return urlunsplit(parts._replace(path="/" + name))


def _maintenance(url: str) -> Any:
    connection = psycopg2.connect(with_database(url, "postgres"))
    connection.autocommit = True
    return connection


def recreate(url: str) -> str:
    """Drop and create the benchmark database; returns its URL."""
    connection = _maintenance(url)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(BENCH_DATABASE)
            )
        )
        cursor.execute(
            sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DATABASE))
        )
    connection.close()
    return with_database(url, BENCH_DATABASE)


def drop(url: str) -> None:
    connection = _maintenance(url)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(BENCH_DATABASE)
            )
        )
    connection.close()


def vacuum_analyze(bench_url: str) -> float:
    """What autovacuum would do given time: clear the dead rows that the
    rolled-back measurements leave and refresh the planner's statistics after
    the bulk loads, so pages are measured in a steady state."""
    connection = psycopg2.connect(bench_url)
    connection.autocommit = True
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    connection.close()
    return round(time.perf_counter() - start, 2)


def server_info(url: str) -> dict[str, str]:
    connection = _maintenance(url)
    info = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        info["version"] = cursor.fetchone()[0]
        for name in (
            "shared_buffers",
            "work_mem",
            "effective_cache_size",
            "synchronous_commit",
            "fsync",
            "max_wal_size",
            "jit",
        ):
            cursor.execute(sql.SQL("SHOW {}").format(sql.Identifier(name)))
            info[name] = cursor.fetchone()[0]
    connection.close()
    return info


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def copy_baseline(bench_url: str, files: list[Path]) -> dict[str, Any]:
    """The physical limits for loading the same files on this machine.

    `raw`: `COPY` of every file into a bare table of text columns, one
    transaction per file (as the import commits once per file); best of 3.
    `staged_upsert`: `COPY` into a temporary staging table, then one
    set-based `INSERT ... SELECT ... ON CONFLICT DO UPDATE` into a typed table
    keyed like observations (the design TRUST.md measured at ~53k rows/s):
    what a set-based import could reach before validation and recompute.
    """
    connection = psycopg2.connect(bench_url)
    _create_tables(connection, len(_header(files[0])))
    rows, attempts = _raw_copy(connection, files)
    raw_seconds = min(attempts)
    staged_rows, staged_seconds = _staged_upsert(connection, files)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_copy")
        cursor.execute("DROP TABLE bench_figure")
    connection.commit()
    connection.close()
    return {
        "rows": rows,
        "raw_seconds": round(raw_seconds, 3),
        "raw_rows_per_second": round(rows / raw_seconds),
        "raw_attempts_seconds": [round(a, 3) for a in attempts],
        "staged_upsert_rows": staged_rows,
        "staged_upsert_seconds": round(staged_seconds, 3),
        "staged_upsert_rows_per_second": round(staged_rows / staged_seconds),
    }


def _create_tables(connection: Any, columns: int) -> None:
    """A bare table of text columns, a typed table keyed like observations,
    and the staging table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_copy ("
            + ", ".join(f"c{i} text" for i in range(1, columns + 1))
            + ")"
        )
        cursor.execute(
            "CREATE TABLE bench_figure (indicator text, area_code text, "
            "time_period text, value numeric, symbol text, numerator numeric, "
            "denominator numeric, PRIMARY KEY (indicator, area_code, time_period))"
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_stage (time_period text, time_identifier text, "
            "geographic_level text, country_code text, country_name text, "
            "region_code text, region_name text, old_la_code text, new_la_code text, "
            "la_name text, breakdown text, n text, d text, v text)"
        )
    connection.commit()


def _raw_copy(connection: Any, files: list[Path]) -> tuple[int, list[float]]:
    """Rows copied, and the seconds each of three attempts took. Best of
    three: the limit is what the machine can do, and a run this short is
    easily disturbed by anything else running on it."""
    attempts = []
    rows = 0
    for _ in range(3):
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE bench_copy")
        connection.commit()
        rows = 0
        start = time.perf_counter()
        for path in files:
            with connection.cursor() as cursor, open(path, "rb") as handle:
                cursor.copy_expert(
                    "COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)", handle
                )
                rows += cursor.rowcount
            connection.commit()
        attempts.append(time.perf_counter() - start)
    return rows, attempts


NUMBER = r"'^-?[0-9]+(\.[0-9]+)?$'"
UPSERT = f"""
    INSERT INTO bench_figure
    SELECT %s,
           CASE geographic_level WHEN 'National' THEN country_code
                WHEN 'Regional' THEN region_code ELSE new_la_code END,
           time_period,
           CASE WHEN v ~ {NUMBER} THEN v::numeric END,
           CASE WHEN v ~ {NUMBER} THEN '' ELSE v END,
           CASE WHEN n ~ {NUMBER} THEN n::numeric END,
           CASE WHEN d ~ {NUMBER} THEN d::numeric END
    FROM bench_stage WHERE breakdown = 'Total'
    ON CONFLICT (indicator, area_code, time_period) DO UPDATE
    SET value = EXCLUDED.value, symbol = EXCLUDED.symbol,
        numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator
"""  # noqa: S608 - no user input: a fixed pattern


def _staged_upsert(connection: Any, files: list[Path]) -> tuple[int, float]:
    """Rows written, and the seconds taken, by COPY into the staging table
    and one set-based upsert per file."""
    staged_rows = 0
    start = time.perf_counter()
    for path in files:
        names = [
            {"new_la_code": "new_la_code", "la_name": "la_name"}.get(h, h)
            for h in _header(path)
        ]
        target = names[:11] + ["n", "d", "v"]
        with connection.cursor() as cursor, open(path, "rb") as handle:
            cursor.copy_expert(
                sql.SQL(
                    "COPY bench_stage ({}) FROM STDIN WITH (FORMAT csv, HEADER true)"
                )
                .format(sql.SQL(", ").join(sql.Identifier(n) for n in target))
                .as_string(connection),
                handle,
            )
            cursor.execute(UPSERT, [path.stem])
            staged_rows += cursor.rowcount
            cursor.execute("TRUNCATE bench_stage")
        connection.commit()
    return staged_rows, time.perf_counter() - start


def table_floor(bench_url: str, indicator_codes: list[str]) -> dict[str, Any]:
    """What the real observation table costs before any Python runs: one
    file's figures (already imported) are deleted, then inserted again into
    `indicators_observation` with one `INSERT ... SELECT` and committed, with
    its indexes and foreign keys as they are. The same again with foreign-key
    checks off (`session_replication_role = replica`, which needs a superuser)
    shows what the checks cost: Django declares its keys DEFERRABLE INITIALLY
    DEFERRED, so PostgreSQL checks every new row's indicator, area, period and
    import job at commit. Run before recompute, which rebuilds the ratings the
    deletes take with them."""
    connection = psycopg2.connect(bench_url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = bool(cursor.fetchone()[0])
    modes = ["with_keys", "without_keys"] if superuser else ["with_keys"]
    seconds: dict[str, list[float]] = {mode: [] for mode in modes}
    figures = sum(_floor_one(connection, code, seconds) for code in indicator_codes)
    connection.close()
    files = len(seconds["with_keys"])
    return {
        "files": files,
        "figures_per_file": round(figures / files) if files else None,
        "superuser": superuser,
        **{
            f"{mode}_median_seconds": round(statistics.median(values), 4)
            for mode, values in seconds.items()
            if values
        },
    }


def _floor_one(connection: Any, code: str, seconds: dict[str, list[float]]) -> int:
    """One indicator's benchmark figures deleted and inserted again in each
    mode (`seconds` gets each insert's time); returns how many figures."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM indicators_indicator WHERE code = %s", [code])
        found = cursor.fetchone()
        if found is None:
            return 0
        cursor.execute(
            "CREATE TEMP TABLE floor_probe AS "
            "SELECT * FROM indicators_observation "
            "WHERE indicator_id = %s AND source = 'benchmark'",
            found,
        )
        figures = cursor.rowcount
    connection.commit()
    for mode in seconds:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM indicators_rating WHERE observation_id IN "
                "(SELECT id FROM floor_probe)"
            )
            cursor.execute(
                "DELETE FROM indicators_observation WHERE id IN "
                "(SELECT id FROM floor_probe)"
            )
        connection.commit()
        with connection.cursor() as cursor:
            role = "replica" if mode == "without_keys" else "origin"
            cursor.execute(f"SET session_replication_role = {role}")
            start = time.perf_counter()
            cursor.execute(
                "INSERT INTO indicators_observation SELECT * FROM floor_probe"
            )
            connection.commit()
            seconds[mode].append(time.perf_counter() - start)
            cursor.execute("SET session_replication_role = origin")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE floor_probe")
    connection.commit()
    return figures
