"""A councillor reads the dashboard by theme (issue 16, item 6): each
theme's summary in words, its exceptions (reds, declines, the bottom
quartile) first; folds and unfolds a theme from the keyboard; searches for
a measure by words and sees only it; each row's trend names its values.
axe finds nothing at 320 px and 1366 px, and the page never scrolls
sideways. What they see is checked against the database."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

import pytest

from tests.browser_support import assert_accessible
from tests.journeys.conftest import (
    act_as,
    assert_clean_console,
    assert_no_sideways_scroll,
)
from tests.journeys.test_dashboard import direction_of, latest_rows, rag_of

pytestmark = pytest.mark.django_db(transaction=True)


def is_exception(row: Any) -> bool:
    rating = getattr(row, "rating", None)
    return (
        rag_of(row) == "red"
        or direction_of(row) == "declined"
        or (rating is not None and rating.quartile == 4)
    )


def band_words(rows: list[Any]) -> str:
    """A theme's band, counted here from the database."""
    rag = Counter(rag_of(r) for r in rows)
    way = Counter(direction_of(r) for r in rows)
    quartiles = Counter(
        getattr(getattr(r, "rating", None), "quartile", None) for r in rows
    )
    without = quartiles[None]
    return (
        f"RAG: {rag['red']} red, {rag['amber']} amber, {rag['green']} green,"
        f" {rag['n/a']} not rated. Direction of travel: {way['improved']} improved,"
        f" {way['no significant change']} no significant change,"
        f" {way['declined']} declined. National quartile: {quartiles[1]} top,"
        f" {quartiles[2]} second, {quartiles[3]} third, {quartiles[4]} bottom"
        + (f", {without} without a benchmark." if without else ".")
    )


def theme_section(page: Any, theme: str) -> Any:
    return page.get_by_role("region", name=theme, exact=True)


def shown_names(section: Any) -> list[str]:
    """The indicators' names in a theme's table, top to bottom (a folded
    theme's too: read from the page, not as the screen shows them)."""
    cells = section.locator("tbody th > a:first-child").all_text_contents()
    return [" ".join(t.split()) for t in cells]


def test_a_councillor_reads_the_dashboard_by_theme(demo, page, console):
    page.set_viewport_size({"width": 1366, "height": 900})
    act_as(page, "councillor")
    rows = latest_rows()
    themes: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        themes[row.indicator.theme.name].append(row)

    # Each theme: its summary in words, then its rows, exceptions first.
    for theme, members in themes.items():
        section = theme_section(page, theme)
        words = " ".join(section.locator("ul").first.inner_text().split())
        assert words == band_words(members), theme
        names = shown_names(section)
        exceptions = {
            " ".join(r.indicator.name.split()) for r in members if is_exception(r)
        }
        assert set(names[: len(exceptions)]) == exceptions, theme
        # As the page shows a name: its spaces folded (DfE's dictionary has
        # "Youth Justice  (finance) - Gross").
        assert set(names) == {" ".join(r.indicator.name.split()) for r in members}
    assert any(is_exception(r) and rag_of(r) == "red" for r in rows)

    # Each row's trend names its values: one trend per row, and re-referrals'
    # as the database holds its last eight quarters.
    # (A folded theme's trends are hidden with its rows: count them all.)
    trends = page.locator('svg[role="img"][aria-label^="Trend, "]')
    assert trends.count() == len(rows)
    assert page.get_by_role("img", name=re.compile(r"^Trend, ")).count() == sum(
        len(m) for m in themes.values() if any(is_exception(r) for r in m)
    )  # the open themes' rows
    from indicators.models import Observation

    red = next(r for r in rows if rag_of(r) == "red")
    eight = list(
        Observation.objects.filter(
            indicator=red.indicator, area=red.area, period__kind=red.period.kind,
            period__end__lte=red.period.end,
        ).order_by("-period__end")[:8]
    )[::-1]  # fmt: skip
    name = f"Trend, {eight[0].period.label} to {eight[-1].period.label}: " + ", ".join(
        f"{o.value:.1f}" for o in eight
    )
    assert (
        theme_section(page, red.indicator.theme.name)
        .get_by_role("img", name=name, exact=True)
        .is_visible()
    )

    assert_accessible(page)
    assert_no_sideways_scroll(page)

    # Fold a theme with an exception from the keyboard, then unfold it.
    theme = red.indicator.theme.name
    section = theme_section(page, theme)
    table = section.get_by_role("table")
    assert table.is_visible()
    summary = section.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert not table.is_visible()
    assert section.locator("ul").first.is_visible()  # its words stay
    page.keyboard.press("Space")
    assert table.is_visible()

    # Search for one measure by words of its name, in another order.
    wanted = red.indicator.name
    words = wanted.lower().split()
    page.get_by_label("Search for an indicator").fill(" ".join(words[::-1]))
    page.get_by_label("Search for an indicator").press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Indicators (1)").is_visible()
    links = page.get_by_role("table").get_by_role("link", name=wanted)
    assert links.count() == 1
    assert page.get_by_role("img", name=re.compile(r"^Trend, ")).count() == 1

    # At 320 px: the same page reflows, and axe still finds nothing.
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/")
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    assert_clean_console(console)
