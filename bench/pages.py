"""The pages step: each page's server time and query count through
django.test.Client, signed in as a councillor (a report draft as the
performance team), and EXPLAIN ANALYZE of the slowest queries behind the
main pages."""

from __future__ import annotations

import statistics
import time
from typing import Any

from bench.support import p95, say, user_named


def _pages(code: str) -> list[tuple[str, str | None, str]]:
    """(name, path or None, note) for every page to measure."""
    from django.urls import NoReverseMatch, reverse

    pages: list[tuple[str, str | None, str]] = [
        ("dashboard", "/", ""),
        (FRESH, "/", ""),
        ("dashboard, filtered rag=red", "/?rag=red", ""),
        ("dashboard export csv", "/?_export=csv", ""),
        ("dashboard export xlsx", "/?_export=xlsx", ""),
        ("indicator page", f"/indicators/{code}/", ""),
        ("healthz (trivial)", "/healthz", ""),
    ]
    for name in ("action_tracker", "committee_list", "report_list"):
        try:
            pages.append((name, reverse(name), ""))
        except NoReverseMatch:
            pages.append((name, None, "URL name not defined yet"))
    return pages


REPORT = "report draft (performance team)"
REPORT_THEMES = 2  # a scrutiny committee's remit: two themes of eight


def _report_draft() -> tuple[str | None, dict[str, Any]]:
    """Draft the committee's quarterly report for the latest period, as the
    performance team would: the time to draft it, and the page to measure."""
    from django.urls import NoReverseMatch, reverse

    from indicators import selectors
    from indicators.models import Theme

    try:
        from reports.models import period_slug
        from reports.services import report_draft
    except ImportError:
        return None, {"skipped": "no reports app"}
    periods = selectors.dashboard_periods(selectors.home_area_or_none())
    if not periods:
        return None, {"skipped": "no published home figures"}
    themes = list(Theme.objects.order_by("name").values_list("pk", flat=True))
    start = time.perf_counter()
    report, done = report_draft(
        user=user_named("performance"),
        period=periods[0],
        committee_name="Children and Families Scrutiny",
        theme_ids=themes[:REPORT_THEMES],
    )
    seconds = time.perf_counter() - start
    try:
        path = reverse(
            "report_detail",
            args=[report.committee_slug, period_slug(report.period.label)],
        )
    except NoReverseMatch:
        path = None
    return path, {
        "seconds": round(seconds, 2),
        "themes": min(REPORT_THEMES, len(themes)),
        "paragraphs": done.created + done.updated + done.unchanged,
    }


# The dashboard keeps its rows until the data changes; this variant moves the
# data version before every request, as the first request after an import sees.
FRESH = "dashboard, first request after a change"
MIN_REQUESTS = 20
PAGE_BUDGET_SECONDS = 60


def step_pages(args: dict[str, Any]) -> dict[str, Any]:
    """Server time and query count of each page, through django.test.Client
    signed in as a councillor; EXPLAIN ANALYZE of the slowest queries."""
    from django.conf import settings
    from django.test import Client

    requests = int(args.get("requests", 30))
    # A page that fails is recorded as failed, not allowed to stop the run
    # (other work may have added a page whose tables are not migrated yet).
    councillor = Client(raise_request_exception=False)
    councillor.force_login(user_named("councillor"))
    # Drafts are for the performance team: the report draft page is theirs.
    team = Client(raise_request_exception=False)
    team.force_login(user_named("performance"))
    results: dict[str, Any] = {}
    explains: dict[str, list[dict[str, Any]]] = {}
    report_path, drafted = _report_draft()
    say(f"report drafted: {drafted}")
    pages = [*_pages(args["indicator"]), (REPORT, report_path, "")]
    for name, path, note in pages:
        if path is None:
            results[name] = {"skipped": note}
            continue
        client = team if name == REPORT else councillor
        results[name], slowest = _measure(client, name, path, requests)
        if slowest is not None and name in EXPLAINED:
            explains[name] = [_explain(q) for q in slowest]
    cookie = councillor.cookies[settings.SESSION_COOKIE_NAME]
    return {
        "pages": results,
        "report_draft": drafted,
        "explain": explains,
        "session_cookie": f"{cookie.key}={cookie.value}",
    }


# The pages whose slowest queries are explained.
EXPLAINED = ("dashboard", FRESH, "dashboard export csv", "indicator page", REPORT)


def _measure(
    client: Any, name: str, path: str, requests: int, fresh: bool = False
) -> tuple[dict[str, Any], list[dict[str, Any]] | None]:
    """One page's measures after three warm-up requests, and the slowest
    queries of its first measured request (None when it was not measured:
    a warm-up request did not answer 200). `fresh` (or the name FRESH) moves
    the data version before each request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indicators.services.ratings import data_changed

    def prepare() -> None:
        if fresh or name == FRESH:
            data_changed()

    statuses = set()
    for _ in range(3):  # warm up
        prepare()
        statuses.add(client.get(path).status_code)
    if statuses != {200}:
        say(f"page {name}: not measured, status {sorted(statuses)}")
        return {"path": path, "skipped": f"status {sorted(statuses)}"}, None
    times, cpu, counts, size = [], [], set(), 0
    per_request: list[tuple[int, int]] = []
    slowest: list[dict[str, Any]] = []
    budget = time.perf_counter() + PAGE_BUDGET_SECONDS
    for n in range(requests):
        if n >= MIN_REQUESTS and time.perf_counter() > budget:
            break  # a slow page: enough requests for a median and a p95
        prepare()
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        counts.add(len(captured))
        per_request.append((len(captured), _session_queries(captured)))
        statuses.add(response.status_code)
        size = len(response.content)
        if not slowest:
            slowest = sorted(
                captured.captured_queries, key=lambda q: float(q["time"]), reverse=True
            )[:3]
    result = {
        "path": path,
        "statuses": sorted(statuses),
        **_timings(times, cpu),
        "queries": sorted(counts),
        "queries_without_session": sorted({n - k for n, k in per_request}),
        "session_queries": sorted({k for _, k in per_request}),
        "bytes": size,
    }
    say(
        f"page {name}: median {result['median_ms']} ms, "
        f"p95 {result['p95_ms']} ms, CPU {result['cpu_median_ms']} ms, "
        f"{sorted(counts)} queries"
    )
    return result, slowest


def _timings(times: list[float], cpu: list[float]) -> dict[str, Any]:
    """Median and p95 wall time, and the web process's own median CPU
    (PostgreSQL's apart): steadier than wall time on a shared machine."""
    return {
        "requests": len(times),
        "median_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(p95(times) * 1000, 1),
        "cpu_median_ms": round(statistics.median(cpu) * 1000, 1),
    }


def _session_queries(captured: Any) -> int:
    """The session's idle-timeout renewal (at most once a minute) adds a few
    queries to one request now and then: counted apart."""
    return sum(
        "django_session" in q["sql"]
        or q["sql"] in ("BEGIN", "COMMIT")
        or "SAVEPOINT" in q["sql"][:30]
        for q in captured
    )


def _explain(query: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection

    sql = query["sql"]
    if not sql.lstrip().upper().startswith("SELECT"):
        return {"sql": sql[:2000], "ms": float(query["time"]) * 1000, "plan": ""}
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return {
        "sql": sql[:4000],
        "ms": round(float(query["time"]) * 1000, 2),
        "plan": plan,
    }
