"""Journeys with targets, on the demo as `make run` loads it: a target holds
until replaced (the quarter after the last one with a target shows it, not
"None set"); a year's target; deleting one re-rates the figure on the
dashboard; an officer's return that changes a target is refused with a row
error, while the performance team's is applied and counted. The quarters
come from the demo's data and the day, never from fixed labels."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from indicators.models import ImportJob, Observation, Rating, Target
from tests.browser_support import assert_accessible
from tests.journeys.conftest import (
    act_as,
    assert_clean_console,
    assert_no_sideways_scroll,
    demo_latest_quarter,
)

pytestmark = pytest.mark.django_db(transaction=True)

ASSESSMENTS = "Single assessments completed within 45 working days"


def see_banner(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """A notification banner says `text`, once the page the click led to
    has loaded (Playwright waits for it, rather than reading the page the
    click left)."""
    expect(
        page.locator(".govuk-notification-banner", has_text=text).first
    ).to_be_visible(timeout=15_000)


def rating_of(quarter: str) -> Rating:
    return Rating.objects.get(
        observation__indicator__code="assessments-45-days",
        observation__period__label=quarter,
        observation__area__code="E10000018",
    )


def dashboard_row(page):  # type: ignore[no-untyped-def]
    # Its theme's table (the dashboard has one per theme, issue 16).
    return page.locator(".scrutineer-theme tbody tr", has_text=ASSESSMENTS)


def test_targets_hold_until_replaced_and_deleting_one_rerates(
    page, console, collecting
):
    # The demo sets 85 for each of its quarters and none after its latest;
    # the quarter being collected has none of its own.
    quarter, latest = collecting.label, demo_latest_quarter().label
    year = quarter.split()[0]  # the financial year the quarter is in
    assert not Target.objects.filter(period__label=quarter).exists()
    act_as(page, "officer")
    page.get_by_role("link", name="Enter figures").click()
    page.get_by_role("link", name=quarter, exact=True).click()
    target = page.get_by_role("group", name=ASSESSMENTS).locator(
        ".govuk-summary-list__row", has_text="Target"
    )
    assert "85.0%" in target.inner_text()
    assert "None set" not in target.inner_text()

    act_as(page, "performance")
    page.goto("/indicators/assessments-45-days/")
    page.get_by_role("link", name="Set targets").click()
    assert_accessible(page)
    takes = page.get_by_role("table", name="The target each quarter takes")
    carried = takes.get_by_role("row").filter(has_text=quarter).inner_text()
    assert "85.0%" in carried and latest in carried

    # A harder target for the demo's latest published figure (86.8): amber.
    page.get_by_label("Period").fill(latest)
    page.get_by_label("Target", exact=True).fill("90")
    page.get_by_role("button", name="Set target").click()
    see_banner(page, f"Target 90 set for {latest}")
    assert (rating_of(latest).target, rating_of(latest).rag) == (Decimal("90"), "amber")
    act_as(page, "councillor")
    row = dashboard_row(page)
    assert "Amber" in row.inner_text() and "90.0%" in row.inner_text()

    # Deleted, the quarter takes the target in force before it (85, set for
    # the quarter before it).
    act_as(page, "performance")
    page.goto("/indicators/assessments-45-days/targets/")
    page.get_by_role("button", name=f"Delete the target for {latest}").click()
    see_banner(page, f"Target for {latest} deleted; ratings recalculated")
    assert not Target.objects.filter(
        indicator__code="assessments-45-days", period__label=latest
    ).exists()
    gone = Target.history.filter(period__label=latest).first()
    assert (gone.history_type, gone.history_user.username) == ("-", "performance")
    assert (rating_of(latest).target, rating_of(latest).rag) == (Decimal("85"), "green")
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 1366, "height": 900})

    act_as(page, "councillor")
    row = dashboard_row(page)
    assert "Green" in row.inner_text() and "85.0%" in row.inner_text()

    # A year's target holds for its quarters without one of their own; a
    # quarter's own target comes before it.
    act_as(page, "performance")
    page.goto("/indicators/assessments-45-days/targets/")
    page.get_by_label("Period").fill(year)
    page.get_by_label("Target", exact=True).fill("90")
    page.get_by_role("button", name="Set target").click()
    see_banner(page, f"Target 90 set for {year}")
    assert Target.objects.get(period__label=year).value == Decimal("90")
    takes = page.get_by_role("table", name="The target each quarter takes")
    mine = takes.get_by_role("row").filter(has_text=quarter).inner_text()
    assert "90.0%" in mine and year in mine
    # The oldest quarter shown is in an earlier year and keeps its own 85.
    oldest = takes.get_by_role("row").last.inner_text()
    assert "85.0%" in oldest and "this quarter" in oldest
    assert_clean_console(console)


def restated(path, figure: Observation, target: str) -> None:  # type: ignore[no-untyped-def]
    """A return that restates a published figure as it stands (its value,
    counts and commentary), with `target` in the target column."""
    with path.open("w", newline="") as stream:
        csv.writer(stream).writerows(
            [
                ["indicator_code", "period", "value", "numerator", "denominator",
                 "target", "commentary"],
                [figure.indicator.code, figure.period.label, f"{figure.value:.1f}",
                 int(figure.numerator), int(figure.denominator), target,
                 figure.commentary],
            ]
        )  # fmt: skip


def upload(page, path) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name="Imports").click()
    page.get_by_label("A quarterly return (CSV or XLSX)").check()
    page.get_by_label("File", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()


def test_an_officers_return_cannot_change_a_target_but_the_teams_can(
    page, console, demo, tmp_path
):
    # The demo's latest quarter, still open to officers (it ended six weeks
    # or more ago, and a quarter stays open for four): its figure restated
    # with a different target.
    latest = demo_latest_quarter().label
    published = rating_of(latest).observation
    refused = tmp_path / "officer-return.csv"
    restated(refused, published, target="99")
    act_as(page, "officer")
    upload(page, refused)
    page.get_by_role("heading", name="Row errors").wait_for()
    errors = page.get_by_role("table").filter(has_text="only the performance team")
    row = errors.get_by_role("row").filter(has_text="99").inner_text()
    assert "2" in row and "target" in row
    assert "only the performance team sets targets" in row
    assert "Nothing from this file was written" in page.content()
    assert_accessible(page)
    job = ImportJob.objects.get(filename__startswith="officer-return")
    assert job.status == ImportJob.Status.REJECTED
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "target")], job.errors
    assert Target.objects.get(
        indicator__code="assessments-45-days", period__label=latest
    ).value == Decimal("85")
    assert rating_of(latest).rag == "green"

    applied = tmp_path / "performance-return.csv"
    restated(applied, published, target="88")
    act_as(page, "performance")
    upload(page, applied)
    page.get_by_text("Targets changed").wait_for()
    summary = page.locator(".govuk-summary-list__row", has_text="Targets changed")
    assert "1" in summary.inner_text()
    job = ImportJob.objects.get(filename__startswith="performance-return")
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.counts["targets changed"] == 1
    assert Target.objects.get(
        indicator__code="assessments-45-days", period__label=latest
    ).value == Decimal("88")
    assert (rating_of(latest).target, rating_of(latest).rag) == (Decimal("88"), "amber")
    assert job.counts["unchanged"] == 1  # the figure itself as it was
    assert Observation.objects.get(pk=published.pk).commentary == published.commentary
    assert_clean_console(console)
