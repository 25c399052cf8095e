"""A councillor reads the dashboard before a meeting: filters it (theme,
RAG), sorts it by RAG and by direction of travel, sees the summary follow
the filters, downloads the filtered view as CSV and as XLSX; then opens an
indicator's page, whose charts draw (no script error, no CSP violation) each
with its data table. What they see is checked against the database."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.journeys.conftest import act_as, assert_clean_console

pytestmark = pytest.mark.django_db(transaction=True)

RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "n/a": "Not rated"}
RAG_MEANING = ["Red", "Amber", "Green", "Not rated"]
DIRECTION_WORDS = {
    "declined": "Declined",
    "no significant change": "No significant change",
    "improved": "Improved",
    "n/a": "Not applicable",
}
DIRECTION_MEANING = ["Declined", "No significant change", "Improved", "Not applicable"]
CONTRACT_COLUMNS = [
    "indicator_code", "indicator_name", "theme", "period", "value", "numerator",
    "denominator", "previous_value", "direction", "target", "rag", "quartile",
    "statistical_neighbour_value", "england_value",
]  # fmt: skip

EXTENSIONS = [
    "revised", "unit", "source", "provisional", "definition_changed",
    "local_period", "local_value", "local_source",
]  # fmt: skip

CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def latest_rows() -> list[Any]:
    """The dashboard's rows for its default period, from the database."""
    from indicators import selectors

    home = selectors.home_area_or_none()
    return list(selectors.dashboard_rows(home, selectors.dashboard_periods(home)[0]))


def rag_of(row: Any) -> str:
    return getattr(getattr(row, "rating", None), "rag", "n/a")


def direction_of(row: Any) -> str:
    return getattr(getattr(row, "rating", None), "direction", "n/a")


def theme_tables(page: Any) -> list[Any]:
    """The dashboard's tables, one per theme, top to bottom (issue 16). A
    folded theme's rows are read too (from the page, not the screen)."""
    return page.locator(".scrutineer-theme table").all()


def headers_of(table: Any) -> list[str]:
    return [" ".join(h.split()) for h in table.locator("thead th").all_text_contents()]


def column_words(page: Any, header: str) -> list[str]:
    """The words in one column of the dashboard's tables, theme by theme,
    top to bottom."""
    words = []
    for table in theme_tables(page):
        index = headers_of(table).index(header)
        for row in table.locator("tbody tr").all():
            cells = row.locator("th, td").all_text_contents()
            said = " ".join(cells[index].split()).split(" Target ")[0]
            words.append(said.rstrip("↑↓→ ").strip())
    return words


def by_theme(rows: list[Any], word: Any, meaning: list[str]) -> list[str]:
    """What `column_words` should read when sorted by meaning: each theme's
    words in order, themes by name (one sort orders every theme)."""
    themes = sorted({r.indicator.theme.name for r in rows})
    return [
        w
        for t in themes
        for w in sorted(
            (word(r) for r in rows if r.indicator.theme.name == t), key=meaning.index
        )
    ]


def row_cells(page: Any, name: str) -> dict[str, str]:
    """The cells of the indicator's row on the dashboard, by header, each
    one's words on one line (its theme may be folded)."""
    inner = page.locator("tbody tr", has_text=name)  # relative to its table
    table = page.locator(".scrutineer-theme table", has=inner)
    row = table.locator("tbody tr", has_text=name)
    cells = row.locator("th, td").all_text_contents()
    return {
        h: " ".join(c.split()) for h, c in zip(headers_of(table), cells, strict=True)
    }


def summary_text(page: Any) -> str:
    """The summary above the table: the block its RAG sentence is in."""
    sentence = page.get_by_text(re.compile(r"^RAG ratings: |^No published measures"))
    return " ".join(sentence.locator("xpath=..").inner_text().split())


def download(page: Any, link: str, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def period_cell(page: Any, name: str) -> str:
    """The Period cell of the indicator's row on the dashboard."""
    return row_cells(page, name)["Period"]


def assert_dates_as_dfe_counts_them(page: Any) -> None:
    """The workforce is counted at 30 September, child protection plans open
    at 31 March: each figure says its date, and a snapshot is never "in the
    year to" (issue 14, items 2 and 3)."""
    from indicators.models import Observation

    for code, name, said, end in [
        ("sw-agency", "Agency children's social workers", "at 30 September 2025",
         "2025-09-30"),
        ("cpp-two-years", "Child protection plans lasting two years or more",
         "at 31 March 2025", "2025-03-31"),
        ("school-moves", "Children in care with one or more school moves",
         "two years to 31 March 2024", "2024-03-31"),
    ]:  # fmt: skip
        cell = period_cell(page, name)
        assert cell.startswith(said), cell
        assert "year to" not in cell or code == "school-moves"
        latest = Observation.objects.filter(
            indicator__code=code, area__code="E10000018"
        ).latest("period__end")
        assert str(latest.period.end) == end


def test_a_councillor_filters_sorts_and_downloads_the_dashboard(
    demo, page, console, tmp_path
):
    from indicators.models import Indicator

    page.add_init_script(CSP_RECORDER)
    act_as(page, "councillor")
    rows = latest_rows()
    everything = len(rows)
    assert page.get_by_role("heading", name=f"Indicators ({everything})").is_visible()
    assert_dates_as_dfe_counts_them(page)

    # Sort by RAG: by meaning, red first and not rated last (the alphabet
    # would put amber first and red last).
    page.get_by_role("link", name="RAG", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    # One sort orders each theme's rows (issue 16: the dashboard by theme).
    shown = column_words(page, "RAG")
    expected = by_theme(rows, lambda r: RAG_WORDS[rag_of(r)], RAG_MEANING)
    assert shown == expected
    assert "Red" in shown and shown[-1] != "Red"
    # Again: the other way round.
    page.get_by_role("link", name="RAG", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    assert column_words(page, "RAG") == by_theme(
        rows, lambda r: RAG_WORDS[rag_of(r)], RAG_MEANING[::-1]
    )

    # Sort by direction of travel: declined first, then no change, improved.
    page.get_by_role("link", name="Direction of travel", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    expected = by_theme(
        rows, lambda r: DIRECTION_WORDS[direction_of(r)], DIRECTION_MEANING
    )
    assert column_words(page, "Direction of travel") == expected

    # Filter by a theme that has more than one RAG, then by RAG as well.
    themes = Counter(r.indicator.theme.name for r in rows)
    theme = next(
        t for t in sorted(themes)
        if len({rag_of(r) for r in rows if r.indicator.theme.name == t}) > 1
    )  # fmt: skip
    in_theme = [r for r in rows if r.indicator.theme.name == theme]
    page.get_by_label("Indicator theme").select_option(label=theme)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state("networkidle")
    # The sort chosen before is kept with the filter.
    assert column_words(page, "Direction of travel") == sorted(
        (DIRECTION_WORDS[direction_of(r)] for r in in_theme),
        key=DIRECTION_MEANING.index,
    )
    page.get_by_role("link", name="RAG", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    assert column_words(page, "RAG") == sorted(
        (RAG_WORDS[rag_of(r)] for r in in_theme), key=RAG_MEANING.index
    )
    counts = Counter(rag_of(r) for r in in_theme)
    summary = summary_text(page)
    assert (
        f"Counting the {len(in_theme)} of {everything} indicators that match" in summary
    )
    assert (
        f"RAG ratings: {counts['red']} red, {counts['amber']} amber,"
        f" {counts['green']} green" in summary
    )

    rag = max(counts, key=lambda k: (k != "n/a", counts[k]))  # the commonest rating
    chosen = [r for r in in_theme if rag_of(r) == rag]
    page.get_by_label("RAG", exact=True).select_option(label=RAG_WORDS[rag])
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=f"Indicators ({len(chosen)})").is_visible()
    assert set(column_words(page, "RAG")) == {RAG_WORDS[rag]}
    summary = summary_text(page)
    # The summary counts the rows shown, not the whole dashboard.
    assert (
        f"Counting the {len(chosen)} of {everything} indicators that match" in summary
    )
    counted = {k: len(chosen) if k == rag else 0 for k in ("red", "amber", "green")}
    assert (
        f"RAG ratings: {counted['red']} red, {counted['amber']} amber,"
        f" {counted['green']} green" in summary
    )
    directions = Counter(direction_of(r) for r in chosen)
    rated = sum(n for d, n in directions.items() if d != "n/a")
    measures = "1 measure" if rated == 1 else f"{rated} measures"
    assert f"From {measures}, {directions['improved']} ha" in summary

    # The filtered view as CSV: the contract's columns, then our extensions
    # (revised, unit, the figure's source and marks, a local figure beside
    # an official one); just the chosen rows, as the database holds them.
    with open(download(page, "CSV", tmp_path), encoding="utf-8-sig") as f:
        exported = list(csv.DictReader(f))
    assert list(exported[0]) == [*CONTRACT_COLUMNS, *EXTENSIONS]
    assert sorted(r["indicator_code"] for r in exported) == sorted(
        r.indicator.code for r in chosen
    )
    units = dict(Indicator.objects.values_list("code", "unit"))
    for record in exported:
        assert record["theme"] == theme
        assert record["rag"] == rag
        assert record["unit"] == units[record["indicator_code"]]

    # And as XLSX: readable headers, a filter on every column, the header row
    # frozen; the same rows.
    sheet = load_workbook(download(page, "Excel (XLSX)", tmp_path)).active
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["Indicator code", "Indicator", "Theme", "Period"]
    assert headers[15] == "Unit" and "RAG" in headers
    assert not [h for h in headers if "_" in h]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:V{len(chosen) + 1}"
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(codes) == sorted(r.indicator.code for r in chosen)

    assert_clean_console(console)
    assert page.evaluate("window.__cspViolations") == []


def test_an_indicator_pages_charts_draw_each_with_its_data_table(demo, page, console):
    from indicators.models import Indicator

    page.add_init_script(CSP_RECORDER)
    act_as(page, "councillor")
    # From the dashboard, as a councillor would: the indicator with a red.
    red = next(
        r
        for r in latest_rows()
        if rag_of(r) == "red" and r.indicator.code == "re-referrals"
    )
    page.get_by_role("link", name=red.indicator.name).first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == red.indicator.name

    # The region's figure beside England's and the neighbours': re-referrals,
    # 27.4% against the East Midlands' 24.7% in 2025 (data/dfe/c1...csv).
    assert red.indicator.code == "re-referrals"
    region = page.get_by_role("term").filter(has_text="East Midlands")
    assert " ".join(
        region.locator("xpath=following-sibling::dd").inner_text().split()
    ) == (
        "24.7%, in the year to 31 March 2025: this authority is worse than the region"
    )

    over_time = page.get_by_role("img", name=re.compile("^This authority over time"))
    among_all = page.get_by_role("img", name=re.compile("^Every local authority"))
    for chart in (over_time, among_all):
        chart.scroll_into_view_if_needed()
        drawn = chart.evaluate(
            "el => Boolean(el._fullLayout) && el.querySelectorAll('svg').length > 0"
        )
        assert drawn, "the chart was not drawn"

    # The time series' table has a row for each period plotted, and the
    # authority's own figures are the points of its line.
    table = page.get_by_role("table", name="The figures in the chart")
    periods = [
        " ".join(t.split()) for t in table.get_by_role("rowheader").all_inner_texts()
    ]
    traces = over_time.evaluate(
        "el => el.data.map(t => ({name: t.name, text: t.text || [], y: t.y}))"
    )
    home = [t for t in traces if t["name"].startswith("This authority")]
    assert home
    plotted = {
        text
        for trace in home
        for text, y in zip(trace["text"], trace["y"], strict=True)
        if y is not None
    }
    rows_with_home = {
        " ".join(r.get_by_role("rowheader").inner_text().split())
        for r in table.get_by_role("row").all()[1:]
        if r.get_by_role("cell").first.inner_text().strip()
    }
    assert plotted == rows_with_home
    assert set(home[0]["text"]) == set(periods)
    published = Indicator.objects.get(pk=red.indicator.pk).observations.filter(
        area__code="E10000018"
    )
    assert len(plotted) == published.count()

    # The all-authorities chart: one bar per authority, each in its table.
    page.get_by_text("The figures in this chart").click()
    ranking = page.get_by_role(
        "table", name=re.compile("^Local authorities, best first")
    )
    bars = among_all.evaluate("el => el.data.flatMap(t => t.x)")
    names = [
        " ".join(n.split()).removesuffix(" (this authority)")
        .removesuffix(" (statistical neighbour)")
        for n in ranking.get_by_role("rowheader").all_inner_texts()
    ]  # fmt: skip
    assert len(bars) > 100
    assert sorted(names) == sorted(bars)
    assert "Leicestershire (this authority)" in ranking.inner_text()

    assert_clean_console(console)
    assert page.evaluate("window.__cspViolations") == []
