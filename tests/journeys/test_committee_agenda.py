"""Journey: the committee's agenda from national data, end to end. The
performance team imports a slice of DfE's LAIT through the web (two
measures the demo does not hold, every authority), the committee follows
them from its catalogue, and a councillor opens the committee's dashboard,
compares with all counties, reads the counties' column for an imported
measure, and follows the link to the overall position among the counties:
its chart (by its accessible name) and its tables, the group named. axe
finds nothing on the dashboard; no sideways scroll at 320 px."""

from __future__ import annotations

import re
from typing import Any

import pytest

from committees import demo as committee_demo
from committees.models import Committee
from indicators import lait
from indicators.models import ImportJob, Indicator
from tests.browser_support import assert_accessible
from tests.indicators.lait.slices import write_slice
from tests.journeys.conftest import (
    act_as,
    assert_clean_console,
    assert_no_sideways_scroll,
    unfold_theme_holding,
    upload_lait,
)

pytestmark = pytest.mark.django_db(transaction=True)
MEASURES = ["KS2RWM_Expected_STD", "A3A"]
COUNTIES = "All counties"


def _open_committee(page: Any, link: str) -> None:
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Committees", exact=True).click()
    page.get_by_role("link", name=committee_demo.NAME).click()
    page.get_by_role("link", name=link).click()


def _follow(page: Any, name: str) -> None:
    """From the committee's catalogue, as the performance team."""
    _open_committee(page, "the indicators it may follow")
    page.get_by_label("Search by words").fill(name)
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("button", name=f"Follow {name}", exact=True).click()
    assert (
        f"The committee now follows {name}"
        in page.locator(".govuk-notification-banner").inner_text()
    )


def _counties_cell(page: Any, name: str) -> str:
    """The counties' column in the row of `name` (its last cell)."""
    unfold_theme_holding(page, name)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=name))
    return " ".join(row.first.get_by_role("cell").last.inner_text().split())


def test_a_committee_follows_imported_measures_and_compares_with_counties(
    demo, page, console, tmp_path
):
    committee = Committee.objects.get(code=committee_demo.CODE)
    codes = [lait.lait_code(m) for m in MEASURES]
    assert not committee.follows.filter(code__in=codes).exists()

    act_as(page, "performance")
    job = upload_lait(page, write_slice(tmp_path / "agenda.parquet", MEASURES))
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.errors)
    names = [Indicator.objects.get(code=code).name for code in codes]
    for name in names:
        _follow(page, name)
    assert set(
        committee.follows.filter(code__in=codes).values_list("code", flat=True)
    ) == set(codes)

    act_as(page, "councillor")
    _open_committee(page, "The committee's dashboard")
    summary = page.locator("#compared-with").inner_text()
    assert "Quartiles and ranks are among all English authorities" in summary
    page.get_by_label("Compare with").select_option(label=COUNTIES)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state("networkidle")
    assert "group=counties" in page.url
    heading = page.get_by_role(
        "columnheader", name=re.compile(rf"^{COUNTIES} \(\d+\)$")
    )
    counted = int(re.findall(r"\d+", heading.first.inner_text())[-1])
    assert counted > 15  # Leicestershire and every other live county
    cell = _counties_cell(page, names[0])
    placed = re.fullmatch(
        r"([1-4])(?:st|nd|rd|th) quartile, (\d+)(?:st|nd|rd|th) of (\d+); "
        r"average [\d.]+%",
        cell,
    )
    assert placed, cell
    quartile, rank, of = placed.groups()
    assert int(rank) <= int(of) <= counted
    summary = page.locator("#compared-with").inner_text()
    assert "among all counties: Leicestershire and" in summary
    assert page.get_by_text(re.compile("^Among all counties: ")).count() > 0
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    assert_clean_console(console)

    page.get_by_role("link", name="See the overall position among all counties").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/committees/{committee.slug}/position/?group=counties")
    assert page.get_by_text(
        f"The measures {committee.name} follows, compared with all counties."
    ).is_visible()
    chart = page.get_by_role("img", name=re.compile("^Spend against performance"))
    assert "among all counties" in (chart.get_attribute("aria-label") or "")
    assert page.get_by_role("region", name="Quartile counts by theme").is_visible()
    assert page.get_by_text("is the best 25% of all counties").is_visible()
    table = page.get_by_role("table").filter(
        has=page.get_by_role("link", name=names[0])
    )
    row = table.get_by_role("row").filter(has=page.get_by_role("link", name=names[0]))
    # The same place as the dashboard's column: one rule for both pages.
    assert row.get_by_role("cell").last.inner_text() == f"{rank} of {of}"
    assert row.get_by_role("cell").nth(1).inner_text().startswith(quartile)
    chart_table = page.get_by_role(
        "region", name="The figures in the spend against performance chart"
    )
    assert chart_table.get_by_role("row").count() > 1
    assert page.get_by_text(
        "performance the average of its quartiles in the theme's outcome measures "
        "(quartile 1 is best), among all counties."
    ).is_visible()
    assert_clean_console(console)
