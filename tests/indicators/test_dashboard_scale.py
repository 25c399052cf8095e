"""The dashboard at the committee's whole agenda (issue 16, item 6): the
same number of queries for 16 indicators as for 250, each row's trend
included; the search narrows the kept rows as its query does; each theme's
band counts its rows (hand-counted from the demo)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.services import recompute
from tests.factories import IndicatorFactory, ObservationFactory, ThemeFactory, period

QUARTERS = ("2024/25 Q4", "2025/26 Q1", "2025/26 Q2")


def make_agenda(home_area, count: int, start: int = 0) -> None:  # type: ignore[no-untyped-def]
    """`count` indicators over four themes, each with three quarters."""
    themes = [ThemeFactory(name=f"Theme {t}", slug=f"theme-{t}") for t in "abcd"]
    for n in range(start, start + count):
        indicator = IndicatorFactory(
            code=f"ind-{n:03d}", name=f"Measure {n}", theme=themes[n % 4]
        )
        indicator.targets.create(period=period("2025/26 Q2"), value=Decimal("50"))
        for q, label in enumerate(QUARTERS):
            ObservationFactory(
                indicator=indicator, area=home_area, period=period(label),
                value=Decimal(40 + (n + q * 7) % 20),
            )  # fmt: skip
    recompute()


def page_and_queries(client, **params: str) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/", params)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.django_db
def test_the_same_queries_for_16_indicators_as_for_250(client, councillor, home_area):
    client.force_login(councillor)
    make_agenda(home_area, 16)
    page, with_16 = page_and_queries(client)
    assert len(re.findall(r'aria-label="Trend, 2024/25 Q4 to 2025/26 Q2: ', page)) == 16
    make_agenda(home_area, 234, start=16)
    page, with_250 = page_and_queries(client)
    assert with_16 == with_250, (with_16, with_250)
    assert (
        len(re.findall(r'aria-label="Trend, 2024/25 Q4 to 2025/26 Q2: ', page)) == 250
    )
    # Searched, filtered and sorted: still no more.
    page, searched = page_and_queries(client, q="measure 249", sort="rag")
    assert searched <= with_250
    assert re.findall(r'href="/indicators/([a-z0-9-]+)/"', page) == ["ind-249"]


@pytest.mark.django_db
def test_the_search_on_kept_rows_is_the_querys_answer(home_area):
    from indicators import selectors
    from indicators.filters import DashboardFilter
    from indicators.kept_rows import filter_rows

    make_agenda(home_area, 24)
    base = selectors.dashboard_rows(home_area, period("2025/26 Q2"))
    rows = list(base)
    for q, theme, found in [
        # 1, 10-19, and 21 (its code, ind-021, holds the word "1")
        ("measure 1", "", 12),
        ("1 MEASURE", "", 12),  # any order, any case
        ("  measure   21 ", "", 1),
        ("ind-02", "", 4),  # by code too: 20-23
        ("measure 2", "theme-c", 2),  # 2 and 22 are in theme c
        ("measure nothing", "", 0),
    ]:
        filterset = DashboardFilter({"q": q, "theme": theme}, queryset=base)
        assert filterset.is_valid(), filterset.errors
        in_python = filter_rows(filterset, rows)
        assert in_python is not None
        assert [r.pk for r in in_python] == [r.pk for r in filterset.qs], q
        assert len(in_python) == found, q


# Each theme of the demo's latest quarter: its band in words, and its rows
# with the exceptions (a red, a decline, the bottom quartile) first. Counted
# by hand from each row's RAG, direction and quartile on the demo's page.
DEMO_THEMES = {
    "Care leavers": (
        "RAG: 0 red, 1 amber, 1 green, 0 not rated. Direction of travel: 0 improved,"
        " 2 no significant change, 0 declined. National quartile: 1 top, 1 second,"
        " 0 third, 0 bottom.",
        [],
    ),
    "Children in care": (
        "RAG: 0 red, 1 amber, 2 green, 2 not rated. Direction of travel: 1 improved,"
        " 1 no significant change, 1 declined. National quartile: 1 top, 0 second,"
        " 1 third, 0 bottom, 3 without a benchmark.",
        ["placement-stability"],  # green, but declined
    ),
    "Early help and assessment": (
        "RAG: 1 red, 0 amber, 1 green, 0 not rated. Direction of travel: 1 improved,"
        " 0 no significant change, 1 declined. National quartile: 0 top, 0 second,"
        " 0 third, 1 bottom, 1 without a benchmark.",
        ["re-referrals"],  # red, declined and in the bottom quartile
    ),
    "Workforce": (
        "RAG: 0 red, 1 amber, 2 green, 0 not rated. Direction of travel: 2 improved,"
        " 0 no significant change, 1 declined. National quartile: 2 top, 1 second,"
        " 0 third, 0 bottom.",
        ["sw-caseload"],
    ),
}


@pytest.mark.django_db(transaction=True)
def test_each_theme_of_the_demo_says_its_counts_and_shows_exceptions_first(
    client, monkeypatch, settings
):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("DEMO_PASSWORD", "correct horse battery staple")
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(get_user_model().objects.get(username="councillor"))
    page = client.get("/").content.decode()
    sections = dict(
        re.findall(r'id="theme-[a-z-]+">([^<]+)</h3>(.*?)</section>', page, re.S)
    )
    # The demo's 7 themes, and the 6 LAIT topics of its committee's agenda.
    assert len(sections) == 13 and set(DEMO_THEMES) <= set(sections)
    for theme, (words, exceptions) in DEMO_THEMES.items():
        band = re.search(r'scrutineer-band__words">(.*?)</ul>', sections[theme], re.S)
        said = " ".join(re.sub(r"<[^>]+>", " ", band.group(1)).split())
        assert said == words, theme
        codes = re.findall(r'href="/indicators/([a-z0-9-]+)/"', sections[theme])
        assert codes[: len(exceptions)] == exceptions, theme
        # A theme with an exception is open; one without is folded.
        is_open = re.search(r"<details[^>]*\sopen>", sections[theme]) is not None
        assert is_open == bool(exceptions), theme
    # Plans of two years: eight years, two of them suppressed (DfE's "c").
    assert (
        'aria-label="Trend, 2018 to 2025: 1.5, 1.8, c, c, 1.6, 1.7, 4.9, 1.2"' in page
    )
