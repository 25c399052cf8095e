"""Journeys of the performance team with submitted figures, on the demo as
`make run` loads it: publish one, some or a whole quarter and councillors
see them; send one back and the officer sees why; correct a published
figure; a red without commentary is held back; commentary added to a
published red lets the report be finalised.

The quarters come from the demo's data and the day (the `collecting`
fixture: a day when the quarter after the demo's latest has ended and is
being collected), never from fixed labels, so that the journeys hold
whichever day the demo is loaded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from indicators.models import Indicator, Observation, Period, Rating
from reports import services as report_services
from reports.demo import COMMITTEE_NAME, COMMITTEE_SLUG
from reports.models import Report
from tests.browser_support import assert_accessible
from tests.journeys.conftest import (
    act_as,
    assert_clean_console,
    assert_no_sideways_scroll,
    demo_latest_quarter,
)

pytestmark = pytest.mark.django_db(transaction=True)

ASSESSMENTS = "Single assessments completed within 45 working days"
ADOPTION = "Children adopted within 18 months of entering care"
EHCP = "Education health and care plans issued within 20 weeks"


def submit(
    quarter: Period, code: str, value: str, commentary: str = "", count: tuple = ()
) -> Observation:  # type: ignore[type-arg]
    """A figure the demo officer has submitted for `quarter` (made here,
    not through the entry form: these journeys start at the queue)."""
    indicator = Indicator.objects.get(code=code)
    numerator, denominator = count or (None, None)
    return Observation.all_objects.create(
        indicator=indicator,
        area_id=Observation.objects.filter(indicator=indicator)
        .values_list("area_id", flat=True)
        .filter(area__code="E10000018")
        .first(),
        period=quarter,
        value=Decimal(value),
        numerator=numerator,
        denominator=denominator,
        commentary=commentary,
        status=Observation.Status.SUBMITTED,
        source=Observation.Source.ENTRY,
        is_percent=indicator.unit == Indicator.Unit.PERCENT,
        submitted_by=get_user_model().objects.get(username="officer"),
        submitted_at=timezone.now(),
    )


def see_banner(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """A notification banner says `text`, once the page the click led to
    has loaded (Playwright waits for it, rather than reading the page the
    click left)."""
    expect(
        page.locator(".govuk-notification-banner", has_text=text).first
    ).to_be_visible(timeout=15_000)


def test_publish_one_some_and_a_whole_quarter_then_councillors_see_them(
    page, console, collecting
):
    quarter = collecting.label
    one = submit(collecting, "assessments-45-days", "88", "On track.", (1320, 1500))
    some = [
        submit(collecting, "adoption-18-months", "70", "A small cohort.", (7, 10)),
        submit(
            collecting, "ehcp-20-weeks", "62", "Recovery plan on course.", (124, 200)
        ),
    ]
    rest = [
        submit(collecting, "cla-number", "712"),
        submit(
            collecting,
            "re-referrals",
            "24",
            "Falling after the schools work.",
            (390, 1625),
        ),
    ]

    act_as(page, "performance")
    page.get_by_role("link", name="Publish").first.click()
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    row = page.get_by_role("row").filter(has_text=ASSESSMENTS)
    assert "88.0%" in row.inner_text() and "1,320 of 1,500" in row.inner_text()
    assert "Green" in row.inner_text()  # would rate, in words
    page.get_by_role("button", name=f"Publish only {ASSESSMENTS}").click()
    see_banner(page, "1 figure published")
    one.refresh_from_db()
    assert (one.status, one.published_by.username) == ("published", "performance")
    assert [
        o.status
        for o in Observation.all_objects.filter(pk__in=[s.pk for s in some + rest])
    ] == ["submitted"] * 4

    page.get_by_label(f"Publish {ADOPTION}").check()
    page.get_by_label(f"Publish {EHCP}").check()
    page.get_by_role("button", name="Publish selected figures").click()
    see_banner(page, "2 figures published")
    assert {
        o.status for o in Observation.all_objects.filter(pk__in=[s.pk for s in some])
    } == {"published"}
    assert {
        o.status for o in Observation.all_objects.filter(pk__in=[s.pk for s in rest])
    } == {"submitted"}

    page.get_by_role("button", name=f"Publish all of {quarter}").click()
    see_banner(page, "2 figures published")
    expect(page.get_by_text("No figures are waiting to be published")).to_be_visible(
        timeout=15_000
    )
    assert not Observation.all_objects.filter(status="submitted").exists()
    assert Rating.objects.filter(observation__period__label=quarter).count() == 5

    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 1366, "height": 900})

    act_as(page, "councillor")
    # Its theme's table (the dashboard has one per theme, issue 16).
    assessments = page.locator(".scrutineer-theme tbody tr", has_text=ASSESSMENTS)
    assert "88.0%" in assessments.inner_text()
    assert quarter in page.content()
    assert_clean_console(console)


def test_send_a_figure_back_and_the_officer_sees_why(page, console, collecting):
    quarter = collecting.label
    figure = submit(collecting, "assessments-45-days", "88", "On track.", (1320, 1500))
    reason = "The count does not match the case system's: check the east team."

    act_as(page, "performance")
    page.get_by_role("link", name="Publish").first.click()
    page.get_by_text(f"Send a figure back to its officer, {quarter}").click()
    page.get_by_label(f"Why is {ASSESSMENTS} sent back?").fill(reason)
    page.get_by_role("button", name=f"Send back {ASSESSMENTS}").click()
    see_banner(page, "sent back to the officer")
    figure.refresh_from_db()
    assert (figure.status, figure.rejection_reason) == ("draft", reason)

    act_as(page, "officer")
    page.get_by_role("link", name="Enter figures").click()
    warning = page.locator(".govuk-warning-text", has_text="Sent back to you")
    assert ASSESSMENTS in warning.inner_text() and reason in warning.inner_text()
    assert_accessible(page)
    warning.get_by_role("link", name=quarter).click()
    fieldset = page.get_by_role("group", name=ASSESSMENTS)
    assert "Sent back" in fieldset.inner_text() and reason in fieldset.inner_text()
    assert_clean_console(console)


def test_correct_a_published_figure_and_the_dashboard_marks_it_revised(
    page, console, demo
):
    latest = demo_latest_quarter().label
    published = Observation.objects.get(
        indicator__code="assessments-45-days",
        period__label=latest,
        area__code="E10000018",
    )
    # Late cases from the east team: 39 fewer assessments were on time. The
    # value must agree with the counts (figure_rules.check_figure).
    numerator = int(published.numerator) - 39
    corrected = (100 * Decimal(numerator) / published.denominator).quantize(
        Decimal("0.1")
    )
    act_as(page, "performance")
    page.get_by_role("table").get_by_role("link", name=ASSESSMENTS).click()
    page.get_by_role("link", name=f"Revise the published figure for {latest}").click()
    assert_accessible(page)
    page.get_by_label("Value").fill(str(corrected))
    page.get_by_label("Numerator").fill(str(numerator))
    page.get_by_label("Why is the published figure corrected?").fill(
        "Late cases from the east team added."
    )
    page.get_by_role("button", name="Revise the figure").click()
    see_banner(page, "The published figure was revised")
    figure = Observation.objects.get(pk=published.pk)
    assert (figure.value, figure.numerator, figure.revised) == (
        corrected,
        numerator,
        True,
    )
    assert figure.revision_note == "Late cases from the east team added."
    record = figure.history.first()
    assert (record.history_user.username, record.prev_record.value) == (
        "performance",
        published.value,
    )

    act_as(page, "councillor")
    row = page.locator(".scrutineer-theme tbody tr", has_text=ASSESSMENTS)
    assert f"{corrected}%" in row.inner_text() and "Revised" in row.inner_text()
    assert_clean_console(console)


def test_a_red_without_commentary_is_flagged_and_publish_all_holds_it_back(
    page, console, collecting
):
    quarter, latest = collecting.label, demo_latest_quarter().label
    # 70 against the 85 carried from the demo's latest quarter: red, and
    # nothing explains it.
    red = submit(collecting, "assessments-45-days", "70", "", (1050, 1500))
    fine = submit(
        collecting, "ehcp-20-weeks", "62", "Recovery plan on course.", (124, 200)
    )

    act_as(page, "performance")
    page.get_by_role("link", name="Publish").first.click()
    row = page.get_by_role("row").filter(has_text=ASSESSMENTS)
    text = row.inner_text()
    assert "Needs commentary" in text and "Red" in text
    assert "85.0%" in text and f"set for {latest}" in text
    assert page.get_by_label(f"Publish {ASSESSMENTS}").count() == 0
    assert_accessible(page)

    page.get_by_role("button", name=f"Publish all of {quarter}").click()
    see_banner(page, "1 figure published")
    see_banner(page, f"{ASSESSMENTS}, {quarter}")
    see_banner(page, "red without commentary")
    red.refresh_from_db()
    fine.refresh_from_db()
    assert (red.status, fine.status) == ("submitted", "published")
    assert not Rating.objects.filter(observation=red).exists()
    assert (
        "Needs commentary"
        in page.get_by_role("row").filter(has_text=ASSESSMENTS).inner_text()
    )
    assert_clean_console(console)


def test_commentary_on_a_published_red_lets_the_report_be_finalised(
    page, console, collecting
):
    quarter = collecting.label
    # The quarter's figure, green against the 85 carried forward, so that it
    # needs no commentary, is published; then the team raises the target.
    figure = submit(collecting, "assessments-45-days", "86.8", "", (1302, 1500))
    act_as(page, "performance")
    page.get_by_role("link", name="Publish").first.click()
    page.get_by_role("button", name=f"Publish only {ASSESSMENTS}").click()
    see_banner(page, "1 figure published")
    report, _ = report_services.report_draft(
        user=get_user_model().objects.get(username="officer"),
        period=collecting,
        committee_name=COMMITTEE_NAME,
        committee_slug=COMMITTEE_SLUG,
    )  # the committee's remit, as its latest report has it

    page.goto("/indicators/assessments-45-days/")
    page.get_by_role("link", name="Set targets").click()
    page.get_by_label("Period").fill(quarter)
    page.get_by_label("Target", exact=True).fill("95")
    page.get_by_role("button", name="Set target").click()
    see_banner(page, f"Target 95 set for {quarter}")
    figure.refresh_from_db()
    assert figure.status == Observation.Status.PUBLISHED
    assert (Rating.objects.get(observation=figure).rag, figure.commentary) == (
        "red",
        "",
    )

    report_url = f"/reports/{COMMITTEE_SLUG}/{report.url_kwargs()['period']}/"
    page.goto(report_url)
    page.get_by_role("button", name="Regenerate from published figures").click()
    expect(page.locator("main")).to_contain_text(
        "Report regenerated from published figures.", timeout=15_000
    )
    assert "is rated red and has no commentary" in page.content()
    page.get_by_role("button", name="Finalise the report").click()
    see_banner(page, "rated red and has no commentary")
    assert Report.objects.get(pk=report.pk).status == Report.Status.DRAFT

    act_as(page, "officer")
    page.goto("/indicators/assessments-45-days/")
    assert "Red: needs commentary" in page.content()
    page.get_by_role("link", name=f"Add commentary for {quarter}").click()
    assert_accessible(page)
    page.get_by_label("Commentary").fill(
        "Two social workers left in August; agency cover starts in October."
    )
    page.get_by_role("button", name="Save commentary").click()
    see_banner(page, f"Commentary saved for {quarter}")
    assert "agency cover starts in October" in page.content()
    figure.refresh_from_db()
    assert figure.value == Decimal("86.8")  # the figure itself unchanged
    assert figure.commentary.startswith("Two social workers left")
    record = figure.history.first()
    assert record.history_user.username == "officer"
    assert record.history_change_reason == "page: commentary on a published figure"
    assert (record.prev_record.commentary, record.prev_record.value) == (
        "",
        figure.value,
    )

    act_as(page, "performance")
    page.goto(report_url)
    page.get_by_role("button", name="Regenerate from published figures").click()
    expect(page.locator("main")).to_contain_text(
        "Report regenerated from published figures.", timeout=15_000
    )
    assert "is rated red and has no commentary" not in page.content()
    page.get_by_role("button", name="Finalise the report").click()
    assert Report.objects.get(pk=report.pk).status == Report.Status.FINAL
    assert_clean_console(console)
