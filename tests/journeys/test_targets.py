"""Journeys with targets, on the demo as `make run` loads it: a target holds
until replaced (the quarter after the last one with a target shows it, not
"None set"); a year's target; deleting one re-rates the figure on the
dashboard; an officer's return that changes a target is refused with a row
error, while the performance team's is applied and counted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.models import ImportJob, Rating, Target
from tests.browser_support import assert_accessible
from tests.journeys.conftest import (
    act_as,
    assert_clean_console,
    assert_no_sideways_scroll,
)

pytestmark = pytest.mark.django_db(transaction=True)

ASSESSMENTS = "Single assessments completed within 45 working days"


def banner(page) -> str:  # type: ignore[no-untyped-def]
    return " ".join(page.locator(".govuk-notification-banner").all_inner_texts())


def q2_rating() -> Rating:
    return Rating.objects.get(
        observation__indicator__code="assessments-45-days",
        observation__period__label="2025/26 Q2",
        observation__area__code="E10000018",
    )


def dashboard_row(page):  # type: ignore[no-untyped-def]
    return page.locator("table").first.locator("tbody tr", has_text=ASSESSMENTS)


def test_targets_hold_until_replaced_and_deleting_one_rerates(page, console, demo):
    # The demo sets 85 for each quarter up to 2025/26 Q2 and none after it.
    assert not Target.objects.filter(period__label="2025/26 Q3").exists()
    act_as(page, "officer")
    page.get_by_role("link", name="Enter figures").click()
    page.get_by_role("link", name="2025/26 Q3").first.click()
    target = page.get_by_role("group", name=ASSESSMENTS).locator(
        ".govuk-summary-list__row", has_text="Target"
    )
    assert "85.0%" in target.inner_text()
    assert "None set" not in target.inner_text()

    act_as(page, "performance")
    page.goto("/indicators/assessments-45-days/")
    page.get_by_role("link", name="Set targets").click()
    assert_accessible(page)
    page.get_by_label("Period").fill("2026/27")
    page.get_by_label("Target").fill("90")
    page.get_by_role("button", name="Set target").click()
    assert "Target 90 set for 2026/27" in banner(page)
    assert Target.objects.get(period__label="2026/27").value == Decimal("90")
    takes = page.get_by_role("table", name="The target each quarter takes")
    assert (
        "90.0%" in takes.get_by_role("row").filter(has_text="2026/27 Q3").inner_text()
    )
    carried = takes.get_by_role("row").filter(has_text="2025/26 Q3").inner_text()
    assert "85.0%" in carried and "2025/26 Q2" in carried

    # A harder target for the published 2025/26 Q2 figure (86.8): amber.
    page.get_by_label("Period").fill("2025/26 Q2")
    page.get_by_label("Target").fill("90")
    page.get_by_role("button", name="Set target").click()
    assert (q2_rating().target, q2_rating().rag) == (Decimal("90"), "amber")
    act_as(page, "councillor")
    row = dashboard_row(page)
    assert "Amber" in row.inner_text() and "90.0%" in row.inner_text()

    # Deleted, the quarter takes the target in force before it (Q1's 85).
    act_as(page, "performance")
    page.goto("/indicators/assessments-45-days/targets/")
    page.get_by_role("button", name="Delete the target for 2025/26 Q2").click()
    assert "Target for 2025/26 Q2 deleted; ratings recalculated" in banner(page)
    assert not Target.objects.filter(
        indicator__code="assessments-45-days", period__label="2025/26 Q2"
    ).exists()
    gone = Target.history.filter(period__label="2025/26 Q2").first()
    assert (gone.history_type, gone.history_user.username) == ("-", "performance")
    assert (q2_rating().target, q2_rating().rag) == (Decimal("85"), "green")
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 1366, "height": 900})

    act_as(page, "councillor")
    row = dashboard_row(page)
    assert "Green" in row.inner_text() and "85.0%" in row.inner_text()
    assert_clean_console(console)


RETURN = (
    "indicator_code,period,value,numerator,denominator,target\n"
    "assessments-45-days,2025/26 Q2,86.8,1293,1490,{target}\n"
)


def upload(page, path) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name="Imports").click()
    page.get_by_label("A quarterly return (CSV or XLSX)").check()
    page.get_by_label("File", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()


def test_an_officers_return_cannot_change_a_target_but_the_teams_can(
    page, console, demo, tmp_path
):
    refused = tmp_path / "officer-return.csv"
    refused.write_text(RETURN.format(target="99"))
    act_as(page, "officer")
    upload(page, refused)
    page.get_by_text("Row errors").wait_for()
    errors = page.get_by_role("table").filter(has_text="only the performance team")
    row = errors.get_by_role("row").filter(has_text="99").inner_text()
    assert "2" in row and "target" in row
    assert "only the performance team sets targets" in row
    assert "Nothing from this file was written" in page.content()
    assert_accessible(page)
    job = ImportJob.objects.get(filename__startswith="officer-return")
    assert job.status == ImportJob.Status.REJECTED
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "target")]
    assert Target.objects.get(
        indicator__code="assessments-45-days", period__label="2025/26 Q2"
    ).value == Decimal("85")
    assert q2_rating().rag == "green"

    applied = tmp_path / "performance-return.csv"
    applied.write_text(RETURN.format(target="88"))
    act_as(page, "performance")
    upload(page, applied)
    page.get_by_text("Targets changed").wait_for()
    summary = page.locator(".govuk-summary-list__row", has_text="Targets changed")
    assert "1" in summary.inner_text()
    job = ImportJob.objects.get(filename__startswith="performance-return")
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.counts["targets changed"] == 1
    assert Target.objects.get(
        indicator__code="assessments-45-days", period__label="2025/26 Q2"
    ).value == Decimal("88")
    assert (q2_rating().target, q2_rating().rag) == (Decimal("88"), "amber")
    assert_clean_console(console)
