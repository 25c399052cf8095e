"""Journeys of the performance team with submitted figures, on the demo as
`make run` loads it: publish one, some or a whole quarter and councillors
see them; send one back and the officer sees why; correct a published
figure; a red without commentary is held back; commentary added to a
published red lets the report be finalised."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from indicators.models import Indicator, Observation, Rating
from reports.models import Report
from tests.browser_support import assert_accessible
from tests.factories import period
from tests.journeys.conftest import (
    act_as,
    assert_clean_console,
    assert_no_sideways_scroll,
)

pytestmark = pytest.mark.django_db(transaction=True)

ASSESSMENTS = "Single assessments completed within 45 working days"
ADOPTION = "Children adopted within 18 months of entering care"
EHCP = "Education health and care plans issued within 20 weeks"
Q3 = "2025/26 Q3"  # the quarter after the demo's last published one


def submit(
    code: str, value: str, commentary: str = "", count: tuple = ()
) -> Observation:  # type: ignore[type-arg]
    """A figure the demo officer has submitted for 2025/26 Q3 (made here,
    not through the entry form: these journeys start at the queue)."""
    indicator = Indicator.objects.get(code=code)
    numerator, denominator = count or (None, None)
    return Observation.all_objects.create(
        indicator=indicator,
        area_id=Observation.objects.filter(indicator=indicator)
        .values_list("area_id", flat=True)
        .filter(area__code="E10000018")
        .first(),
        period=period(Q3),
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


def banner(page) -> str:  # type: ignore[no-untyped-def]
    return " ".join(page.locator(".govuk-notification-banner").all_inner_texts())


def test_publish_one_some_and_a_whole_quarter_then_councillors_see_them(
    page, console, demo
):
    one = submit("assessments-45-days", "88", "On track.", (1320, 1500))
    some = [
        submit("adoption-18-months", "70", "A small cohort.", (7, 10)),
        submit("ehcp-20-weeks", "62", "Recovery plan on course.", (124, 200)),
    ]
    rest = [
        submit("cla-number", "712"),
        submit("re-referrals", "24", "Falling after the schools work.", (390, 1625)),
    ]

    act_as(page, "performance")
    page.get_by_role("link", name="Publish").first.click()
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    row = page.get_by_role("row").filter(has_text=ASSESSMENTS)
    assert "88.0%" in row.inner_text() and "1,320 of 1,500" in row.inner_text()
    assert "Green" in row.inner_text()  # would rate, in words
    page.get_by_role("button", name=f"Publish only {ASSESSMENTS}").click()
    assert "1 figure published" in banner(page)
    one.refresh_from_db()
    assert (one.status, one.published_by.username) == ("published", "performance")
    assert [
        o.status
        for o in Observation.all_objects.filter(pk__in=[s.pk for s in some + rest])
    ] == ["submitted"] * 4

    page.get_by_label(f"Publish {ADOPTION}").check()
    page.get_by_label(f"Publish {EHCP}").check()
    page.get_by_role("button", name="Publish selected figures").click()
    assert "2 figures published" in banner(page)
    assert {
        o.status for o in Observation.all_objects.filter(pk__in=[s.pk for s in some])
    } == {"published"}
    assert {
        o.status for o in Observation.all_objects.filter(pk__in=[s.pk for s in rest])
    } == {"submitted"}

    page.get_by_role("button", name=f"Publish all of {Q3}").click()
    assert "2 figures published" in banner(page)
    assert "No figures are waiting to be published" in page.content()
    assert not Observation.all_objects.filter(status="submitted").exists()
    assert Rating.objects.filter(observation__period__label=Q3).count() == 5

    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 1366, "height": 900})

    act_as(page, "councillor")
    dashboard = page.locator("table").first
    assessments = dashboard.locator("tbody tr", has_text=ASSESSMENTS)
    assert "88.0%" in assessments.inner_text()
    assert Q3 in page.content()
    assert_clean_console(console)


def test_send_a_figure_back_and_the_officer_sees_why(page, console, demo):
    figure = submit("assessments-45-days", "88", "On track.", (1320, 1500))
    reason = "The count does not match the case system's: check the east team."

    act_as(page, "performance")
    page.get_by_role("link", name="Publish").first.click()
    page.get_by_text(f"Send a figure back to its officer, {Q3}").click()
    page.get_by_label(f"Why is {ASSESSMENTS} sent back?").fill(reason)
    page.get_by_role("button", name=f"Send back {ASSESSMENTS}").click()
    assert "sent back to the officer" in banner(page)
    figure.refresh_from_db()
    assert (figure.status, figure.rejection_reason) == ("draft", reason)

    act_as(page, "officer")
    page.get_by_role("link", name="Enter figures").click()
    warning = page.locator(".govuk-warning-text", has_text="Sent back to you")
    assert ASSESSMENTS in warning.inner_text() and reason in warning.inner_text()
    assert_accessible(page)
    warning.get_by_role("link", name=Q3).click()
    fieldset = page.get_by_role("group", name=ASSESSMENTS)
    assert "Sent back" in fieldset.inner_text() and reason in fieldset.inner_text()
    assert_clean_console(console)


def test_correct_a_published_figure_and_the_dashboard_marks_it_revised(
    page, console, demo
):
    act_as(page, "performance")
    page.locator("table").first.get_by_role("link", name=ASSESSMENTS).click()
    page.get_by_role("link", name="Revise the published figure for 2025/26 Q2").click()
    assert_accessible(page)
    page.get_by_label("Value").fill("84.2")
    page.get_by_label("Why is the published figure corrected?").fill(
        "Late cases from the east team added."
    )
    page.get_by_role("button", name="Revise the figure").click()
    assert "The published figure was revised" in banner(page)
    figure = Observation.objects.get(
        indicator__code="assessments-45-days",
        period__label="2025/26 Q2",
        area__code="E10000018",
    )
    assert (figure.value, figure.revised) == (Decimal("84.2"), True)
    assert figure.revision_note == "Late cases from the east team added."
    record = figure.history.first()
    assert (record.history_user.username, record.prev_record.value) == (
        "performance",
        Decimal("86.8"),
    )

    act_as(page, "councillor")
    row = page.locator("table").first.locator("tbody tr", has_text=ASSESSMENTS)
    assert "84.2%" in row.inner_text() and "Revised" in row.inner_text()
    assert_clean_console(console)


def test_a_red_without_commentary_is_flagged_and_publish_all_holds_it_back(
    page, console, demo
):
    # 70 against the 85 carried from 2025/26 Q2: red, and nothing explains it.
    red = submit("assessments-45-days", "70", "", (1050, 1500))
    fine = submit("ehcp-20-weeks", "62", "Recovery plan on course.", (124, 200))

    act_as(page, "performance")
    page.get_by_role("link", name="Publish").first.click()
    row = page.get_by_role("row").filter(has_text=ASSESSMENTS)
    text = row.inner_text()
    assert "Needs commentary" in text and "Red" in text
    assert "85.0%" in text and "set for 2025/26 Q2" in text
    assert page.get_by_label(f"Publish {ASSESSMENTS}").count() == 0
    assert_accessible(page)

    page.get_by_role("button", name=f"Publish all of {Q3}").click()
    assert "1 figure published" in banner(page)
    assert f"{ASSESSMENTS}, {Q3}" in banner(page)
    assert "red without commentary" in banner(page)
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
    page, console, demo
):
    act_as(page, "performance")
    page.goto("/indicators/assessments-45-days/")
    page.get_by_role("link", name="Set targets").click()
    page.get_by_label("Period").fill("2025/26 Q2")
    page.get_by_label("Target").fill("95")
    page.get_by_role("button", name="Set target").click()
    assert "Target 95 set for 2025/26 Q2" in banner(page)
    figure = Observation.objects.get(
        indicator__code="assessments-45-days",
        period__label="2025/26 Q2",
        area__code="E10000018",
    )
    assert (Rating.objects.get(observation=figure).rag, figure.commentary) == (
        "red",
        "",
    )

    report_url = "/reports/children-and-families/2025-26-q2/"
    page.goto(report_url)
    page.get_by_role("button", name="Regenerate from published figures").click()
    assert "is rated red and has no commentary" in page.content()
    page.get_by_role("button", name="Finalise the report").click()
    assert "rated red and has no commentary" in banner(page)
    assert Report.objects.get().status == Report.Status.DRAFT

    act_as(page, "officer")
    page.goto("/indicators/assessments-45-days/")
    assert "Red: needs commentary" in page.content()
    page.get_by_role("link", name="Add commentary for 2025/26 Q2").click()
    assert_accessible(page)
    page.get_by_label("Commentary").fill(
        "Two social workers left in August; agency cover starts in October."
    )
    page.get_by_role("button", name="Save commentary").click()
    assert "Commentary saved for 2025/26 Q2" in banner(page)
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
    assert "is rated red and has no commentary" not in page.content()
    page.get_by_role("button", name="Finalise the report").click()
    assert Report.objects.get().status == Report.Status.FINAL
    assert_clean_console(console)
