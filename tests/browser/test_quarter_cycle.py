"""The quarter's cycle in Debian's Chromium: an officer enters a figure that
previews red, is made to explain it, and submits; the performance team
publishes; a councillor sees it. Uploads: row errors shown, nothing written;
a queued job's page follows its progress live (htmx) to the result."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files import File

from indicators.models import ImportJob, Observation
from indicators.services import import_job_run
from returns.services import open_quarters
from tests.browser_support import assert_accessible, sign_in, tab_to
from tests.factories import IndicatorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cycle(home_area):  # type: ignore[no-untyped-def]
    officer = UserFactory(username="officer", roles=["Officers"])
    UserFactory(username="performance", roles=["Performance team"])
    UserFactory(username="councillor", roles=["Councillors"])
    indicator = IndicatorFactory(
        code="assess", name="Assessments on time", unit="percent",
        polarity="higher", rag_method="target", tolerance=Decimal("5"),
        owner=officer,
    )  # fmt: skip
    quarter = open_quarters()[0]  # the last quarter: the one being collected now
    indicator.targets.create(period=quarter, value=Decimal("80"))
    return quarter


def test_enter_check_explain_submit_publish_and_read(page, console, cycle):
    q2 = cycle
    sign_in(page, "officer")
    page.get_by_role("link", name="Enter figures").click()
    page.get_by_role("link", name=q2.label).click()
    assert_accessible(page)

    page.get_by_label("Value, Assessments on time").fill("70")
    page.get_by_role("button", name="Check").click()
    assert "Red" in page.locator("[data-preview=assess]").inner_text()

    page.get_by_role("button", name="Submit for publication").click()
    summary = page.locator(".govuk-error-summary")
    assert "explain it in the commentary" in summary.inner_text()
    assert_accessible(page)
    assert not Observation.all_objects.exists()

    # The error summary's link takes the keyboard user to the commentary box.
    summary.get_by_role("link").first.click()
    focused = page.evaluate("document.activeElement.id")
    assert focused.endswith("commentary")
    page.keyboard.type("Two vacancies in the east team; agency cover from October.")
    page.get_by_role("button", name="Submit for publication").click()
    assert (
        "submitted for publication"
        in page.locator(".govuk-notification-banner").inner_text()
    )
    assert Observation.all_objects.get().status == Observation.Status.SUBMITTED

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "performance")
    page.get_by_role("link", name="Publish").click()
    assert_accessible(page)
    page.get_by_label("Publish Assessments on time").check()
    page.get_by_role("button", name="Publish selected figures").click()
    assert (
        "1 figure published" in page.locator(".govuk-notification-banner").inner_text()
    )

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "councillor")
    row = page.locator(".scrutineer-theme tbody tr", has_text="Assessments on time")
    assert "Red" in row.inner_text()
    assert console.csp_violations() == []


def test_an_upload_with_errors_shows_them_and_writes_nothing(
    page, console, cycle, tmp_path
):
    bad = tmp_path / "return.csv"
    earlier = open_quarters()[1]  # both quarters open to the officer today
    bad.write_text(
        "indicator_code,period,value\n"
        f"assess,{cycle.label},82\nassess,{earlier.label},lots\n"
    )
    sign_in(page, "officer")
    page.get_by_role("link", name="Imports").click()
    page.get_by_label("A quarterly return (CSV or XLSX)").check()
    page.get_by_label("File").set_input_files(str(bad))
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("Row errors").wait_for()
    table = page.get_by_role("table").first
    assert "lots" in table.inner_text()
    assert "Nothing from this file was written" in page.content()
    assert_accessible(page)
    assert not Observation.all_objects.exists()
    assert console.csp_violations() == []


def test_a_queued_job_page_follows_progress_to_the_result(
    page, console, cycle, tmp_path
):
    source = tmp_path / "return.csv"
    source.write_text(  # a quarter open to the officer today
        f"indicator_code,period,value,commentary\nassess,{cycle.label},82,On track\n"
    )
    officer = UserFactory(username="officer")
    job = ImportJob(
        kind=ImportJob.Kind.RETURNS, filename="return.csv", created_by=officer
    )
    with open(source, "rb") as handle:
        job.file.save(Path(source).name, File(handle), save=True)

    sign_in(page, "officer")
    page.goto(f"/imports/{job.pk}/")
    assert "Waiting for a worker" in page.locator("#import-progress").inner_text()
    assert_accessible(page)

    import_job_run(job_id=job.pk)  # a worker picks it up
    # htmx polls the job row and swaps in the outcome without a reload.
    page.locator("#import-progress", has_text="Imported").wait_for(timeout=10_000)
    assert "Rows valid" in page.locator("#import-progress").inner_text()
    assert_accessible(page)
    assert console.csp_violations() == []


def test_the_entry_page_works_by_keyboard_alone(page, cycle):
    q2 = cycle
    sign_in(page, "officer")
    page.goto(f"/entry/{q2.pk}/")
    tab_to(page, "input[name='form-0-value']")
    page.keyboard.type("91")
    tab_to(page, "textarea[name='form-0-commentary']")
    page.keyboard.type("Above target.")
    tab_to(page, "button[value='submit']")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert (
        "submitted for publication"
        in page.locator(".govuk-notification-banner").inner_text()
    )
    figure = Observation.all_objects.get()
    assert (figure.value, figure.status) == (
        Decimal("91"),
        Observation.Status.SUBMITTED,
    )
