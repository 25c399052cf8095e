"""Issue 16 in Debian's Chromium, on the demo, by labels and buttons: the
performance team drafts the committee's next report comparing it with all
counties; the page says which groups its figures use and shows the overall
position among the counties, with its table; once final, a councillor
downloads the PDF and the Word document, which carry the same, and the
open actions the page lists."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from docx import Document
from playwright.sync_api import expect

from reports import selectors
from reports.models import Report
from tests.browser_support import assert_accessible
from tests.journeys.conftest import act_as, assert_clean_console, demo_latest_quarter

pytestmark = pytest.mark.django_db(transaction=True)

COMMITTEE = "Children and Families Overview and Scrutiny Committee"


def _download(page, link: str) -> bytes:  # type: ignore[no-untyped-def]
    with page.expect_download() as download:
        page.get_by_role("link", name=link).click()
    return Path(download.value.path()).read_bytes()


def test_the_performance_team_compares_the_report_with_all_counties(  # type: ignore[no-untyped-def]
    demo, page, console
):
    latest = demo_latest_quarter()
    act_as(page, "performance")
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name="Draft a report").click()
    page.get_by_label("Committee", exact=True).select_option(label=COMMITTEE)
    compare = page.get_by_label("Compare with")
    assert compare.locator("option:checked").inner_text() == "Statistical neighbours"
    compare.select_option(label="All counties")
    page.get_by_role("button", name="Draft the report").click()
    page.wait_for_load_state("networkidle")

    report = Report.objects.get(committee_slug="children-and-families", period=latest)
    assert report.comparator_group == "counties"
    main = page.locator("main")
    method = page.get_by_role("heading", name="How the figures are compared")
    expect(method).to_be_visible()
    text = " ".join(main.inner_text().split())
    assert "Quartiles and ranks are among all English local authorities" in text
    assert "statistical neighbours of Leicestershire: " in text
    assert "Regional figures are those of East Midlands." in text
    section = page.get_by_role("region", name="Overall position")
    expect(section.get_by_role("heading", name="Overall position")).to_be_visible()
    table = section.get_by_role("table")
    caption = " ".join(table.locator("caption").inner_text().split())
    assert caption.startswith("Indicators in each quartile among all counties (")
    assert caption.endswith("authorities, Leicestershire included), by theme")
    headers = table.locator("thead th").all_inner_texts()
    assert [h.strip() for h in headers][:2] == ["Theme", "Top quartile"]
    assert table.locator("tbody th[scope=row]").count() >= 3  # one per theme
    sentence = section.locator("p").first.inner_text()
    assert sentence.startswith("Among all counties (")
    assert "Leicestershire is in the top quartile for " in sentence
    assert_accessible(page)

    # On the report's page the group can be changed as it is regenerated:
    # to the region, and back to all counties.
    for label, slug, said in (
        ("East Midlands", "region", "Among the authorities of its region, East Midlands ("),
        ("All counties", "counties", "Among all counties ("),
    ):  # fmt: skip
        page.get_by_label("Compare with").select_option(label=label)
        page.get_by_role("button", name="Regenerate with this group").click()
        assert "Report regenerated from published figures." in main.inner_text()
        region = page.get_by_role("region", name="Overall position")
        assert region.locator("p").first.inner_text().startswith(said)
        report.refresh_from_db()
        assert report.comparator_group == slug

    # The performance team finalises it; a councillor downloads it.
    page.get_by_role("button", name="Finalise the report").click()
    assert "The report is final" in main.inner_text()
    report.refresh_from_db()
    assert report.is_final
    found = selectors.report_actions(
        Report.objects.prefetch_related("paragraphs").get(pk=report.pk)
    )
    assert found.actions  # the demo's open actions on the report's indicators
    reference = found.actions[0].reference

    act_as(page, "councillor")
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name=f"{latest.display_label} report for {COMMITTEE}").click()  # fmt: skip
    pdf = pypdf.PdfReader(io.BytesIO(_download(page, "Download the report as PDF")))
    words = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    docx = Document(io.BytesIO(_download(page, "Download the report as Word (DOCX)")))
    body = " ".join(p.text for p in docx.paragraphs)
    cells = " ".join(c.text for t in docx.tables for r in t.rows for c in r.cells)
    for said in (
        "How the figures are compared",
        "Overall position",
        "Among all counties (",
        "Open actions and earlier resolutions",
    ):
        assert said in words, said
        assert said in body, said
    assert reference in words and reference in cells
    assert sentence in body
    assert_clean_console(console)
