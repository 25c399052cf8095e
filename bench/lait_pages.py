"""`make bench`'s LAIT case, its pages (issue 16): after the whole LAIT file
is imported, a committee follows 250 of its measures (every one with a
figure for the home authority, Leicestershire, the finance measures first
so that the overall position's spend chart has data), and the pages it
reads are measured signed in, as bench/pages.py measures the others: the
committee's dashboard, an indicator page of a LAIT measure, the overall
position (the committee's and the whole authority's, against all
authorities, all counties and the statistical neighbours) and the
committee's catalogue.

The same pages are measured first with the committee following 16 of the
same measures: a page's query count must not grow with the number of
measures followed, and a difference is recorded as NOT CONSTANT.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from bench.support import say, user_named

SLUG = "children-and-families-scrutiny"
FOLLOWED = (16, 250)
TARGET_MS = 150.0  # issue 16: median under 150 ms at 250 measures
FEW_REQUESTS = 9  # the smaller set: enough for its query count and a median


def _codes_to_follow(limit: int) -> list[int]:
    """Indicator ids: LAIT's finance measures, then the demo's agenda, then
    the rest by code; only measures with a figure for the home authority."""
    from indicators import demo_lait
    from indicators.models import Indicator
    from indicators.selectors import home_area_or_none

    with demo_lait.FINANCE.open(encoding="utf-8") as handle:
        finance = [row["code"] for row in csv.DictReader(handle)]
    first = {code: n for n, code in enumerate(finance + demo_lait.agenda_codes())}
    with_home = Indicator.objects.filter(
        code__startswith="lait-", observations__area=home_area_or_none()
    ).distinct()
    found = dict(with_home.values_list("code", "pk"))
    ordered = sorted(found, key=lambda code: (first.get(code, len(first)), code))
    return [found[code] for code in ordered[:limit]]


def _pages(slug: str, indicator: str) -> list[tuple[str, str]]:
    from bench.pages import FRESH

    dashboard = f"/committees/{slug}/dashboard/"
    position = f"/committees/{slug}/position/"
    return [
        ("committee dashboard", dashboard),
        (f"committee {FRESH}", dashboard),
        # Honoured once the dashboard takes a comparator group; until then
        # the same page as the one above.
        ("committee dashboard ?group=counties", dashboard + "?group=counties"),
        ("indicator page (LAIT measure)", f"/indicators/{indicator}/"),
        ("committee position", position),
        ("committee position ?group=counties", position + "?group=counties"),
        ("committee position ?group=neighbours", position + "?group=neighbours"),
        ("overall position /position/", "/position/"),
        ("overall position ?group=counties", "/position/?group=counties"),
        ("committee catalogue", f"/committees/{slug}/indicators/"),
    ]


def _prepare(neighbours: str) -> Any:
    """Users, DfE's statistical neighbours and the committee (no follows)."""
    from bench.steps import run_job
    from bench.support import make_users
    from committees.models import Committee
    from indicators.models import ImportJob

    make_users()
    job = run_job(
        ImportJob.Kind.NEIGHBOURS,
        Path(neighbours),
        {},
        user_named("performance"),
    )
    say(f"LAIT pages: statistical neighbours: {job.message}")
    committee, _ = Committee.objects.get_or_create(
        slug=SLUG, defaults={"name": "Children and Families Scrutiny", "code": "CFS"}
    )
    return committee


def step(args: dict[str, Any]) -> dict[str, Any]:
    """Each page with the committee following 16 measures, then 250: server
    time (median, p95) and queries; and whether the queries stayed the same."""
    from django.test import Client

    from bench.pages import _measure
    from indicators.models import Indicator

    committee = _prepare(args["neighbours"])
    ids = _codes_to_follow(max(FOLLOWED))
    agenda = Indicator.objects.filter(pk__in=ids, code__contains="neet")
    indicator = (agenda.first() or Indicator.objects.get(pk=ids[-1])).code
    councillor = Client(raise_request_exception=False)
    councillor.force_login(user_named("councillor"))
    requests = int(args.get("requests", 30))
    runs: dict[str, Any] = {}
    for count in FOLLOWED:
        committee.follows.set(ids[:count])
        say(f"LAIT pages: the committee follows {count} measures")
        pages = {}
        for name, path in _pages(SLUG, indicator):
            fresh = "first request" in name
            pages[name], _ = _measure(
                councillor,
                name,
                path,
                requests if count == max(FOLLOWED) else FEW_REQUESTS,
                fresh=fresh,
            )
        runs[str(count)] = {"followed": len(ids[:count]), "pages": pages}
    constant = _constant(runs)
    return {
        "indicator": indicator,
        "followed_available": len(ids),
        "runs": runs,
        "queries_constant": constant,
    }


def _constant(runs: dict[str, Any]) -> dict[str, str]:
    """For each page, 'constant' or 'NOT CONSTANT: a -> b' between the
    smaller and the larger followed set (the session's renewal apart)."""
    few, many = (runs[str(n)]["pages"] for n in FOLLOWED)
    verdicts = {}
    for name, page in many.items():
        a = few.get(name, {}).get("queries_without_session")
        b = page.get("queries_without_session")
        if a is None or b is None:
            verdicts[name] = "not measured"
        elif a == b:
            verdicts[name] = "constant"
        else:
            verdicts[name] = f"NOT CONSTANT: {a} -> {b}"
            say(f"LAIT pages: {name}: QUERIES NOT CONSTANT {a} -> {b}")
    return verdicts


def report_rows(table: Any, size: dict[str, Any]) -> None:
    """The LAIT case's page rows for latest.md."""
    pages = size.get("committee_pages")
    if not pages:
        return
    from bench.report import _queries

    few, many = (pages["runs"][str(n)]["pages"] for n in FOLLOWED)
    for name, page in many.items():

        def cell(page: dict[str, Any] = page, name: str = name) -> str:
            small = few[name]
            return (
                f"{page['median_ms']:.0f} / {page['p95_ms']:.0f} ms "
                f"(CPU {page['cpu_median_ms']:.0f}), {_queries(page)} queries "
                f"(following 16: {small['median_ms']:.0f} ms, CPU "
                f"{small['cpu_median_ms']:.0f}, {_queries(small)}; "
                f"{pages['queries_constant'][name]})"
            )

        table.add(
            f"LAIT, committee following 250: {name}: median / p95 (web CPU)", cell
        )


def findings(size: dict[str, Any]) -> list[str]:
    """The pages over 150 ms at 250 measures, and every query count that
    grew with the number followed (for latest.md's findings)."""
    pages = size.get("committee_pages")
    if not pages:
        return []
    notes = []
    many = pages["runs"][str(max(FOLLOWED))]["pages"]
    for name, page in many.items():
        if page.get("median_ms", 0) > TARGET_MS:
            notes.append(
                f"LAIT: {name} median {page['median_ms']} ms following 250 measures "
                f"(target < {TARGET_MS:.0f} ms)."
            )
        verdict = pages["queries_constant"].get(name, "")
        if verdict.startswith("NOT CONSTANT"):
            notes.append(f"LAIT: {name}: queries {verdict} from 16 to 250 measures.")
    return notes
