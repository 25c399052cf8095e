"""An officer's journey through a report in Debian's Chromium: the draft,
editing a paragraph, and what changed since the last meeting; axe-core
checks each page (desktop and 320 px wide), and no Content Security Policy
violation may occur."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser_support import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_reads_edits_and_checks_a_drafted_report(small_report, page, console):
    sign_in(page, "officer")
    page.goto(reverse("report_detail", kwargs=small_report.url_kwargs()))
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Quarterly performance report")
    )
    assert (
        page.get_by_role("img", name="Line chart of Assessments on time").count() == 1
    )
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Edit paragraph 5").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    page.get_by_label("Paragraph text").fill("")
    page.get_by_role("button", name="Save paragraph").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("There is a problem").count() >= 1
    assert_accessible(page)  # the error state too
    page.get_by_label("Paragraph text").fill("Assessments were on time in Q3.")
    page.get_by_role("button", name="Save paragraph").click()
    page.wait_for_load_state("networkidle")
    assert (
        page.locator("#paragraph-5")
        .inner_text()
        .startswith("Assessments were on time in Q3.")
    )

    page.get_by_role("link", name="What changed since the last meeting").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "What changed since the last meeting"
    )
    assert_accessible(page)

    assert console.csp_violations() == []
    assert [m for m in console if m.startswith(("error", "pageerror"))] == []
