"""The dashboard's library paths against its kept paths, in one process, on
a database `make bench` kept (BENCH_KEEP=1):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scrutineer_bench \\
    CACHE_URL=redis://127.0.0.1:6379/8 SCRUTINEER_HOME_AREA=E10000018 \\
    python -m bench.dashboard_paths

Each figure is the median of REPEATS runs, in ms, the paths interleaved so
that a busy machine slows them alike:

- rows: building the latest period's rows from SQL; pickling them; a round
  trip through the default cache (Redis when CACHE_URL names one).
- filter rag=red: django-filter's `qs` (a query), against `filter_rows` on
  the kept rows.
- each orderable column: django-tables2 ordering the query (a query), and
  its list ordering (`TableListData`), against `kept_rows.sorted_once`;
  each includes making the table, measured alone as "the table alone".
"""

from __future__ import annotations

import json
import pickle
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.support import setup_django

REPEATS = 7


def _ms(run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def _median(paths: dict[str, Callable[[], Any]]) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(REPEATS):
        for name, run in paths.items():
            times[name].append(_ms(run))
    return {name: round(statistics.median(t), 2) for name, t in times.items()}


def main() -> None:
    setup_django()
    from django.core.cache import caches

    from indicators import selectors
    from indicators.filters import DashboardFilter
    from indicators.kept_rows import filter_rows
    from indicators.selectors.dashboard import _dashboard_rows_sharing_periods
    from indicators.tables import DashboardTable

    cache = caches["default"]
    home = selectors.home_area_or_none()
    period = selectors.dashboard_periods(home)[0]
    rows = _dashboard_rows_sharing_periods(home, period)
    blob = pickle.dumps(rows, pickle.HIGHEST_PROTOCOL)
    key = "bench-dashboard-rows"
    out: dict[str, Any] = {
        "rows": len(rows),
        "pickled_bytes": len(blob),
        "cache": type(cache).__name__,
    }
    out["rows_ms"] = _median(
        {
            "build from SQL": lambda: _dashboard_rows_sharing_periods(home, period),
            "pickle.dumps": lambda: pickle.dumps(rows, pickle.HIGHEST_PROTOCOL),
            "pickle.loads": lambda: pickle.loads(blob),  # noqa: S301 - our own bytes
            "cache.set": lambda: cache.set(key, rows, 60),
            "cache.get": lambda: cache.get(key),
        }
    )
    cache.delete(key)
    query = selectors.dashboard_rows(home, period)
    wanted = DashboardFilter({"rag": "red"}, queryset=query)
    wanted.is_valid()
    out["filter_rag_red_ms"] = _median(
        {
            "django-filter qs (query)": lambda: list(
                DashboardFilter({"rag": "red"}, queryset=query).qs
            ),
            "filter_rows (kept rows)": lambda: filter_rows(wanted, rows),
        }
    )
    out["order_ms"] = {}
    for column in [c.name for c in DashboardTable(rows).columns if c.orderable]:
        out["order_ms"][column] = _median(_orderings(column, rows, query))
    print(json.dumps(out, indent=2))


def _orderings(
    column: str, rows: list[Any], query: Any
) -> dict[str, Callable[[], Any]]:
    from django_tables2.data import TableListData, TableQuerysetData

    from indicators.kept_rows import KeptOrderData
    from indicators.tables import DashboardTable

    def library_query() -> None:
        data = TableQuerysetData(query.all())
        data.set_table(DashboardTable(query))
        data.order_by((column,))
        list(data.data)

    def library_list() -> None:
        data = TableListData(list(rows))
        data.set_table(DashboardTable(rows))
        data.order_by((column,))

    def kept_path() -> None:
        data = KeptOrderData(list(rows), keep=lambda _key, compute: compute())
        data.set_table(DashboardTable(rows))
        data.order_by((column,))

    def table_only() -> None:
        DashboardTable(rows)  # in each of the others too

    return {
        "the table alone": table_only,
        "django-tables2 on the query": library_query,
        "django-tables2 on the list": library_list,
        "sorted_once (kept rows)": kept_path,
    }


if __name__ == "__main__":
    main()
