"""A councillor's journey through the demo in Debian's Chromium: sign in,
dashboard, reds only, an indicator's chart and its table. axe-core checks
each page, and no Content Security Policy violation may occur."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from tests.browser_support import PASSWORD, assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(monkeypatch, settings):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    call_command("seed_demo")


def test_councillor_filters_to_reds_and_reads_an_indicator(demo, page, console):
    sign_in(page, "councillor")
    assert page.get_by_role("heading", level=1).count() == 1
    # One table per theme (issue 16); folded themes' rows are there too.
    assert page.locator(".scrutineer-theme tbody tr").count() >= 10
    # RAG is never colour alone: the word is in the tag.
    assert (
        page.locator("strong.govuk-tag", has_text=re.compile("Red|Amber|Green")).count()
        > 0
    )
    assert_accessible(page)

    page.get_by_label("RAG").select_option("red")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state("networkidle")
    assert "rag=red" in page.url
    rows = page.locator(".scrutineer-theme tbody tr")
    assert rows.count() >= 1
    for n in range(rows.count()):
        assert "Red" in rows.nth(n).inner_text()
    assert_accessible(page)

    rows.first.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert "/indicators/" in page.url
    chart = page.locator("[data-chart=chart-time-series]")
    # plotly drew the chart (an SVG inside the container) from json_script data.
    chart.locator("svg.main-svg").first.wait_for(state="attached")
    assert page.get_by_text("The figures in the chart").count() == 1
    assert page.locator("table").first.locator("tbody tr").count() >= 3
    assert_accessible(page)

    assert console.csp_violations() == []
    assert [m for m in console if m.startswith(("error", "pageerror"))] == []


def test_keyboard_only_sign_in_reaches_the_dashboard(demo, page):
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert "Skip to main content" in page.evaluate("document.activeElement.textContent")
    page.get_by_label("Username").focus()
    page.keyboard.type("councillor")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    # Wait for the redirect itself: on a loaded machine "network idle" can
    # come between the form's submission and the response.
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    assert page.get_by_role("table").count() >= 1
