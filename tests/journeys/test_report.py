"""The quarterly report's journey through the demo, in Debian's Chromium, by
labels and buttons: an officer drafts the committee's report on the latest
quarter (with a double click, as people do), edits a paragraph and
regenerates it (the edit is kept); the performance team finalises it and
downloads it as PDF and Word; a councillor then reads it. Each step checks
what the user sees and what the database holds."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from django.db import connection
from docx import Document
from playwright.sync_api import expect

from indicators import selectors as indicator_selectors
from reports.models import Paragraph, Report
from tests.browser_support import assert_accessible
from tests.journeys.conftest import (
    act_as,
    assert_clean_console,
    assert_no_sideways_scroll,
)

pytestmark = pytest.mark.django_db(transaction=True)

COMMITTEE = "Children and Families Overview and Scrutiny Committee"
EDITED = (
    "Plans issued within 20 weeks rose again, to 56.0%. The SEND service expects"
    " to meet the 60% target by the end of the year, as the new educational"
    " psychologists take on their own caseloads."
)


@pytest.fixture
def slow_report_insert():  # type: ignore[no-untyped-def]
    """Each new report takes half a second to insert (a PostgreSQL trigger),
    as on a busy server, so that a person's second click always lands while
    the first request is still being answered. Without it the first request
    could be answered within the 120 ms between the clicks, the second click
    land on the report's page, and the test pass without a double submission
    (or fail for want of one)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE OR REPLACE FUNCTION test_slow_report_insert() RETURNS trigger AS $$
            BEGIN PERFORM pg_sleep(0.5); RETURN NEW; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_slow_report_insert BEFORE INSERT
                ON reports_report FOR EACH ROW
                EXECUTE FUNCTION test_slow_report_insert();
            """
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER IF EXISTS test_slow_report_insert ON reports_report;"
            " DROP FUNCTION IF EXISTS test_slow_report_insert();"
        )


def _heading(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_by_role("heading", level=1).inner_text()


def _download(page, link: str) -> bytes:  # type: ignore[no-untyped-def]
    with page.expect_download() as download:
        page.get_by_role("link", name=link).click()
    return Path(download.value.path()).read_bytes()


def _paragraph_text(page, report, code: str) -> str:  # type: ignore[no-untyped-def]
    position = report.paragraphs.get(key=f"indicator:{code}").position
    return " ".join(page.locator(f"#paragraph-{position}").inner_text().split())


def _same_quarter_last_year(code: str, latest) -> str:  # type: ignore[no-untyped-def]
    """'lower (better) than in the same quarter last year, July to September
    2025 (quarter 2), when it was 22.7%', from the demo's figures for the
    quarter a year before `latest`."""
    from indicators.models import Observation

    figures = Observation.objects.filter(
        indicator__code=code, area__code="E10000018", period__kind="quarter"
    ).select_related("period")
    now = figures.get(period=latest)
    before = figures.get(period__start=latest.start.replace(year=latest.start.year - 1))
    word = (
        "lower (better)"
        if round(now.value, 1) < round(before.value, 1)
        else "higher (worse)"
    )
    return (
        f"It is {word} than in the same quarter last year,"
        f" {before.period.display_label}, when it was {before.value:.1f}%."
    )


def test_officer_drafts_edits_and_regenerates_then_it_is_finalised_and_read(  # type: ignore[no-untyped-def]
    demo, page, console, slow_report_insert
):
    latest = next(
        p
        for p in indicator_selectors.dashboard_periods(
            indicator_selectors.home_area_or_none()
        )
        if p.kind == "quarter"
    )
    assert not Report.objects.filter(period=latest).exists()
    act_as(page, "officer")

    # A double click on the button: two requests, one report, no error page.
    posts: list[str] = []
    page.on(
        "request",
        lambda r: posts.append(r.url) if r.method == "POST" and "/reports/new/" in r.url else None,
    )  # fmt: skip
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name="Draft a report").click()
    assert_accessible(page)
    page.get_by_label("Committee", exact=True).select_option(label=COMMITTEE)
    assert page.get_by_label("Period").locator("option:checked").inner_text().strip() == latest.display_label  # fmt: skip
    # A person's double click: the second click lands while the first
    # request is still being answered (Playwright's dblclick is so fast that
    # Chromium folds the two submissions into one before sending).
    button = page.get_by_role("button", name="Draft the report")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(120)
    page.mouse.click(x, y)
    # The second submission cancels the first's navigation (which can make
    # wait_for_url fail with ERR_ABORTED): wait for the address instead.
    expect(page).to_have_url(re.compile(f"/reports/children-and-families/{latest.label.lower().replace('/', '-').replace(' ', '-')}/$"), timeout=15_000)  # fmt: skip
    page.wait_for_load_state("networkidle")
    assert len(posts) == 2, posts
    assert _heading(page) == f"Quarterly performance report, {latest.display_label}"
    text = page.locator("main").inner_text()
    assert "There is a problem" not in text and "Server error" not in text
    report = Report.objects.get(committee_slug="children-and-families", period=latest)
    assert report.status == "draft" and report.committee_name == COMMITTEE
    assert report.paragraphs.count() >= 16
    # Issue 14: the count and base behind the repeat-plans quarter, and its
    # estimate of position beside the official one, as drafted and shown.
    repeat = report.paragraphs.get(key="indicator:cpp-second-plan").text
    for said in (
        "Small numbers: 28 of 184 children, against 30 of 143",
        "the fall in the rate came mainly from the base growing from 143 to 184",
        "the official position is Leicestershire's published figure",
    ):
        assert said in repeat and said in text, said
    assert_no_sideways_scroll(page)

    # Edit the paragraph on EHC plans.
    paragraph = report.paragraphs.get(key="indicator:ehcp-20-weeks")
    page.get_by_role("link", name=f"Edit paragraph {paragraph.position}").click()
    assert _heading(page) == f"Edit paragraph {paragraph.position}"
    assert_accessible(page)
    page.get_by_label("Paragraph text").fill(EDITED)
    page.get_by_role("button", name="Save paragraph").click()
    assert EDITED in page.locator(f"#paragraph-{paragraph.position}").inner_text()
    paragraph.refresh_from_db()
    assert paragraph.text == EDITED and paragraph.edited_by.username == "officer"

    # Regenerate: the edited paragraph is kept; the others are redrafted.
    Paragraph.objects.filter(pk=report.paragraphs.get(key="indicator:cla-number").pk).update(text="Stale wording.")  # fmt: skip
    page.get_by_role("button", name="Regenerate from published figures").click()
    text = page.locator("main").inner_text()
    assert "Report regenerated from published figures." in text
    assert EDITED in text and "Stale wording." not in text
    paragraph.refresh_from_db()
    assert paragraph.text == EDITED and paragraph.edited
    assert report.paragraphs.get(key="indicator:cla-number").text != "Stale wording."

    # The performance team finalises it.
    act_as(page, "performance")
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name=f"{latest.display_label} report for {COMMITTEE}").click()  # fmt: skip
    page.get_by_role("button", name="Finalise the report").click()
    assert "The report is final" in page.locator("main").inner_text()
    report.refresh_from_db()
    assert report.is_final and report.finalised_by.username == "performance"

    # The PDF has the report's text.
    pdf = pypdf.PdfReader(io.BytesIO(_download(page, "Download the report as PDF")))
    words = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Quarterly performance report" in words and COMMITTEE in words
    assert "SEND service expects to meet the 60% target" in words
    assert "Draft: not yet final." not in words

    # The Word document is A4, its appendix columns as wide as they need.
    docx = Document(io.BytesIO(_download(page, "Download the report as Word (DOCX)")))
    body, appendix = docx.sections
    assert (round(body.page_width.mm), round(body.page_height.mm)) == (210, 297)
    assert (round(appendix.page_width.mm), round(appendix.page_height.mm)) == (297, 210)
    table = docx.tables[-1]  # the appendix, after the position and the actions
    widths = [cell.width for cell in table.rows[0].cells]
    assert len(set(widths)) >= 5, widths
    assert widths[0] > 2 * widths[6]  # the indicator's name against "RAG"
    assert any(EDITED in p.text for p in docx.paragraphs)

    # A councillor reads the final report.
    act_as(page, "councillor")
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name=f"{latest.display_label} report for {COMMITTEE}").click()  # fmt: skip
    text = page.locator("main").inner_text()
    assert "Final" in text and EDITED in text
    # The committee's comparisons: the same quarter last year, from the
    # demo's own figures, and the East Midlands' published figure.
    repeat_plans = _paragraph_text(page, report, "cpp-second-plan")
    assert _same_quarter_last_year("cpp-second-plan", latest) in repeat_plans
    assert "the East Midlands figure of 26.0%, for the year to 31 March 2025" in repeat_plans  # fmt: skip
    assert page.get_by_role("button", name="Finalise the report").count() == 0
    assert page.get_by_role("link", name=f"Edit paragraph {paragraph.position}").count() == 0  # fmt: skip
    assert_accessible(page)
    assert Report.objects.filter(period=latest).count() == 1
    assert_clean_console(console)


PURPOSE = (
    "To give the Committee the department's performance for the quarter, and to"
    " ask it to look closely at re-referrals, which remain in the bottom quartile."
)


def test_performance_team_edits_the_purpose_and_the_next_report_carries_it(  # type: ignore[no-untyped-def]
    demo, page, console
):
    """The performance team reopens the last meeting's report, rewrites its
    purpose and sees it in the report; the next quarter's report, drafted
    after, starts from it."""
    last = (
        Report.objects.filter(committee_slug="children-and-families")
        .order_by("-period__end")
        .first()
    )
    assert last.is_final and last.purpose and last.purpose != PURPOSE
    act_as(page, "performance")
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name=f"{last.period.display_label} report for {COMMITTEE}").click()  # fmt: skip
    page.get_by_role("button", name="Reopen as a draft").click()
    page.get_by_role("link", name="Edit the standing sections").click()
    assert _heading(page) == "Edit the standing sections"
    assert_accessible(page)
    purpose = page.get_by_label("Purpose of the report")
    assert purpose.input_value() == last.purpose
    purpose.fill(PURPOSE)
    page.get_by_role("button", name="Save the standing sections").click()
    main = page.locator("main")
    assert "Standing sections saved." in main.inner_text()
    assert _heading(page) == f"Quarterly performance report, {last.period.display_label}"  # fmt: skip
    section = page.get_by_role("heading", name="Purpose of the report", level=2)
    expect(section).to_be_visible()
    expect(section.locator("xpath=following-sibling::p[1]")).to_have_text(PURPOSE)
    last.refresh_from_db()
    assert last.purpose == PURPOSE and last.history.first().history_user.username == "performance"  # fmt: skip

    # The next quarter's report, drafted now, starts from the new purpose.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()  # fmt: skip
    page.get_by_role("link", name="Draft a report").click()
    page.get_by_label("Committee", exact=True).select_option(label=COMMITTEE)
    page.get_by_role("button", name="Draft the report").click()
    page.wait_for_load_state("networkidle")
    [latest] = Report.objects.filter(committee_slug="children-and-families").exclude(period__end__lte=last.period.end)  # fmt: skip
    assert _heading(page) == f"Quarterly performance report, {latest.period.display_label}"  # fmt: skip
    section = page.get_by_role("heading", name="Purpose of the report", level=2)
    expect(section.locator("xpath=following-sibling::p[1]")).to_have_text(PURPOSE)
    assert latest.purpose == PURPOSE
    assert latest.conclusion == last.conclusion != ""
    assert_clean_console(console)
