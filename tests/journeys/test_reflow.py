"""Reflow (WCAG 1.4.10): every kind of page, as the person who uses it, at
320 and 390 px (a phone; 320 CSS px is 1280 px zoomed to 400%) and at 1280
and 1366 px (the laptops councillors bring to meetings). The page itself
never scrolls sideways; a wide table scrolls inside its own labelled region.
axe-core finds nothing at 320 and at 1280 px."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.browser_support import assert_accessible
from tests.journeys.conftest import act_as, assert_no_sideways_scroll, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 390, 1280, 1366)
AXE_WIDTHS = (320, 1280)


def demo_pages(collecting: Any) -> dict[str | None, list[tuple[str, str]]]:
    """(what the page is, its URL) for each role that uses it (None: signed
    out), from the demo as loaded on a day when `collecting`, the quarter
    after the demo's latest, is open for figures."""
    from committees.models import Action, Committee
    from indicators.models import ImportJob, Indicator
    from reports.models import Report, period_slug

    action = Action.objects.select_related("resolution__item").order_by("pk").first()
    committee = Committee.objects.order_by("pk").first()
    report = Report.objects.select_related("period").order_by("pk").first()
    report_url = reverse(
        "report_detail",
        kwargs={
            "committee": report.committee_slug,
            "period": period_slug(report.period.label),
        },
    )
    # The indicator with the most figures: its page has the longest tables
    # (the one that was 690 px wide at 390).
    indicator = max(
        Indicator.objects.order_by("code"),
        key=lambda i: i.observations.count(),
    )
    latest_job = ImportJob.objects.order_by("pk").last().pk  # the demo's return
    rejected = rejected_job()
    submitted_figures(collecting)
    return {
        None: [("sign in", reverse("login"))],
        "councillor": [
            ("dashboard", reverse("dashboard")),
            ("overall position", reverse("overall_position")),
            # The catalogue a committee follows from (its table was 717 px
            # wide at 320 before it scrolled in its own region).
            (
                "catalogue",
                reverse("committee_catalogue", args=["children-and-families"]),
            ),
            (
                "committee dashboard",
                reverse("committee_dashboard", args=["children-and-families"]),
            ),
            ("comparators", reverse("comparators")),
            ("indicator page", reverse("indicator_detail", args=[indicator.code])),
            ("action tracker", reverse("action_tracker")),
        ],
        "officer": [
            ("entry overview", reverse("entry_periods")),
            ("entry form", reverse("entry_period", args=[collecting.pk])),
            ("imports", reverse("imports")),
            ("import job with row errors", reverse("import_job", args=[rejected])),
        ],
        "performance": [
            ("publish queue", reverse("publish_queue")),
            ("import job", reverse("import_job", args=[latest_job])),
            ("targets", reverse("indicator_targets", args=[indicator.code])),
            ("report", report_url),
        ],
        "clerk": [
            ("committees", reverse("committee_list")),
            ("committee", reverse("committee_detail", args=[committee.slug])),
            ("meeting", reverse("meeting_detail", args=[action.resolution.item.meeting_id])),
            ("action", reverse("action_detail", args=[action.pk])),
        ],
    }  # fmt: skip


def submitted_figures(quarter: Any) -> None:
    """Figures an officer has submitted for the quarter, waiting in the
    publish queue (the demo's figures are all published), with a long
    commentary; and one the performance team sent back with a long reason,
    which the entry overview warns of."""
    from django.contrib.auth import get_user_model

    from indicators.models import Indicator, Observation

    officer = get_user_model().objects.get(username="officer")
    home = Observation.objects.filter(area__code="E10000018").first().area
    quarterly = Indicator.objects.filter(frequency="quarterly").order_by("code")
    for n, indicator in enumerate(quarterly[:4]):
        Observation.all_objects.create(
            indicator=indicator, area=home, period=quarter,
            value=40 + n, status=Observation.Status.SUBMITTED,
            source=Observation.Source.ENTRY,
            is_percent=indicator.unit == "percent", submitted_by=officer,
            commentary="Higher than last quarter because of "
            + "a_reorganisation_of_the_front_door_" * 3,
        )  # fmt: skip
    Observation.all_objects.create(
        indicator=quarterly[4], area=home, period=quarter, value=44,
        status=Observation.Status.DRAFT, source=Observation.Source.ENTRY,
        is_percent=quarterly[4].unit == "percent",
        rejection_reason="Check the count against the case system: "
        + "case_management_system_extract_" * 3,
    )  # fmt: skip


def rejected_job() -> int:
    """An officer's rejected return with long row errors (a file name and a
    value with no space to break at), as a bad upload leaves it."""
    from django.contrib.auth import get_user_model

    from indicators.models import ImportJob

    officer = get_user_model().objects.get(username="officer")
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.RETURNS,
        status=ImportJob.Status.REJECTED,
        created_by=officer,
        file="imports/quarterly_return_for_children_and_families_committee_2025_26_q2_final_v3.csv",
        filename="quarterly_return_for_children_and_families_committee_2025_26_q2_final_v3.csv",
        rows_read=2,
        errors=[
            {
                "row": 2,
                "column": "value",
                "value": "not_a_number_" * 8,
                "reason": "the value must be a number (a percentage as 15.2, not 0.152)",
            },
            {
                "row": 3,
                "column": "indicator_code",
                "value": "no-such-indicator-" * 4,
                "reason": "no indicator has this code",
            },
        ],
    )  # fmt: skip
    return job.pk


def test_no_page_scrolls_sideways_at_any_width_and_axe_finds_nothing(
    collecting, page, console
):
    problems: list[str] = []
    visited = 0
    for role, pages in demo_pages(collecting).items():
        if role is None:
            if page.get_by_role("button", name="Sign out").count():
                sign_out(page)
        else:
            page.set_viewport_size({"width": 1280, "height": 900})
            act_as(page, role)
        for kind, url in pages:
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(url)
                assert response is not None and response.status == 200, (url, role)
                page.wait_for_load_state("networkidle")
                visited += 1
                where = f"{kind} ({url}) as {role or 'anonymous'} at {width}px"
                try:
                    assert_no_sideways_scroll(page)
                except AssertionError as error:
                    problems.append(f"{where}: {error}")
                if width in AXE_WIDTHS:
                    try:
                        assert_accessible(page)
                    except AssertionError as error:
                        problems.append(f"{where}: axe: {error}")
    # 16 before the overall position, catalogue, committee dashboard and
    # comparator pages
    assert visited == 20 * len(WIDTHS)
    assert problems == [], "\n".join(problems)
    assert console.csp_violations() == []


def test_a_wide_table_scrolls_in_its_own_labelled_region_not_the_page(demo, page: Any):
    """At 320 px the dashboard's table is wider than the screen: the region
    it sits in scrolls (and can be scrolled from the keyboard), the page
    does not."""
    page.set_viewport_size({"width": 320, "height": 800})
    act_as(page, "councillor")
    # A theme's table (one per theme, issue 16): one with an exception, open.
    region = page.get_by_role("region", name="Indicators: Children in care")
    assert region.get_attribute("tabindex") == "0"
    widths = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    assert widths[0] > widths[1], widths  # the table is wider than the screen
    assert_no_sideways_scroll(page)
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=2_000)
    assert_no_sideways_scroll(page)
