"""Journeys through the product's hygiene: text pasted with control
characters does not break anyone's downloads, a councillor who mistypes an
address sees the product's own "page not found" (with DEBUG as `make run`
serves the demo), and a draft report stays invisible to councillors."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from committees.models import Action
from reports import services as report_services
from reports.demo import COMMITTEE_NAME, COMMITTEE_SLUG
from reports.models import Paragraph, Report
from tests.browser_support import ConsoleLog, assert_accessible
from tests.journeys.conftest import (
    act_as,
    assert_no_sideways_scroll,
    demo_latest_quarter,
)

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
# What a clerk pastes from an email or a terminal: an escape sequence, a
# vertical tab (Word's line break) and a stray SOH.
PASTED = (
    "Breakdown of re-referrals\x1b[0m by age\x0band by team\x01, to the March meeting"
)
CLEANED = "Breakdown of re-referrals[0m by age\nand by team, to the March meeting"


def debug_as_make_run_serves_it() -> bool:
    """DEBUG exactly as `make run` sets it for runserver (read from the
    Makefile's own commands, so that changing one changes the other)."""
    commands = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True,
        timeout=60, check=True,
    ).stdout  # fmt: skip
    serve = next(line for line in commands.splitlines() if "runserver" in line)
    return "DEBUG=1" in serve.split()


def assert_clean_console(console: ConsoleLog) -> None:
    """As the journeys' own check, except the browser's note of each 404 or
    403 page this journey opens on purpose."""
    assert console.csp_violations() == []
    expected = ("status of 404", "status of 403")
    assert [
        m
        for m in console
        if m.startswith(("error", "pageerror")) and not any(e in m for e in expected)
    ] == []


def download(page: Any, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    path = info.value.path()
    return Path(path).read_bytes()


def test_a_pasted_control_character_breaks_no_councillors_download(  # type: ignore[no-untyped-def]
    page, console, demo
):
    action = Action.objects.filter(status="open").order_by("due_date").first()
    # The demo leaves its latest quarter's report for the officer to draft:
    # drafted here, it is the draft this journey needs.
    report, _ = report_services.report_draft(
        user=_user("officer"), period=demo_latest_quarter(),
        committee_name=COMMITTEE_NAME, committee_slug=COMMITTEE_SLUG,
    )  # fmt: skip
    report = Report.objects.select_related("period").get(pk=report.pk)
    assert report.status == Report.Status.DRAFT
    # A paragraph stored before input was cleaned (an old row): the writers
    # must cope with it too.
    Paragraph.objects.filter(report=report, position=1).update(
        text="Overview\x1b[1m with\x0b an old\x01 escape"
    )

    # The clerk pastes the text into the action's description.
    act_as(page, "clerk")
    page.goto(f"/actions/{action.pk}/")
    page.get_by_role("link", name="Change the action").click()
    description = page.get_by_label("What is to be done")
    # Pasted, as the browser keeps it (typing cannot enter an escape).
    description.evaluate("(field, text) => { field.value = text; }", PASTED)
    page.get_by_role("button", name="Save action").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(f"Action {action.reference} saved.").is_visible()
    assert "re-referrals[0m by age" in page.locator("main").inner_text()
    action.refresh_from_db()
    assert action.description == CLEANED

    # A councillor downloads the tracker as Excel.
    act_as(page, "councillor")
    page.goto("/actions/")
    workbook = load_workbook(io.BytesIO(download(page, "Excel (XLSX)")))
    rows = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    header = rows[0]
    mine = next(r for r in rows if r[header.index("reference")] == action.reference)
    assert mine[header.index("description")] == CLEANED

    # The report is a draft: its "what changed" page is not the councillor's.
    changes = (
        f"/reports/{report.committee_slug}/{report.url_kwargs()['period']}/changes/"
    )
    response = page.goto(changes)
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert report.committee_name not in page.content()

    # Once final, the councillor downloads it as Word.
    for paragraph in report_services.report_gaps(report):
        report_services.paragraph_edit(
            user=_user("officer"), paragraph=paragraph,
            text=paragraph.text + " The service explains this.",
        )  # fmt: skip
    report_services.report_finalise(user=_user("performance"), report=report)
    page.goto(f"/reports/{report.committee_slug}/{report.url_kwargs()['period']}/")
    document = Document(
        io.BytesIO(download(page, "Download the report as Word (DOCX)"))
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Overview[1m with\n an old escape" in text
    assert report.committee_name in text
    assert_clean_console(console)


def test_a_councillor_who_mistypes_an_address_sees_the_products_own_page(  # type: ignore[no-untyped-def]
    page, console, demo, settings
):
    settings.DEBUG = debug_as_make_run_serves_it()
    act_as(page, "councillor")
    response = page.goto("/indicators/no-such-indicator/")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert "Using the URLconf" not in page.content()
    page.get_by_role("link", name="Go to the dashboard").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/")
    response = page.goto("/no/such/page/")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert "urlpatterns" not in page.content() and "admin/" not in page.content()
    assert_accessible(page)
    response = page.goto("/publish/")
    assert response is not None and response.status == 403
    assert page.get_by_role(
        "heading", name="You do not have permission to see this page"
    ).is_visible()
    assert_clean_console(console)


def _user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_a_clerk_sees_which_reminders_were_not_delivered(  # type: ignore[no-untyped-def]
    page, console, demo, settings
):
    """The mail server refuses one lead officer's address (550): the other
    reminders go, and the clerk is told which did not, and why."""
    import datetime

    from django.utils import timezone

    from committees.services import action_reminders_send
    from tests.trust.fake_smtp import FakeSMTPServer

    gone = "gone.officer@example.org"
    action = Action.objects.filter(status="open").order_by("pk").first()
    Action.objects.filter(pk=action.pk).update(
        lead_officer=None, lead_name="Head of Service", lead_email=gone,
        due_date=timezone.localdate() + datetime.timedelta(days=3), due_meeting=None,
    )  # fmt: skip
    with FakeSMTPServer(refuse={gone}) as smtp:
        settings.MAILERS = {"default": smtp.mailer()}
        action_reminders_send()
    assert smtp.refused == [gone]

    act_as(page, "clerk")
    page.goto("/actions/")
    banner = page.get_by_role("region", name="Important")
    assert "1 reminder email could not be delivered" in banner.inner_text()
    banner.get_by_role("link", name="See which, and why").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Reminders not delivered").is_visible()
    row = page.get_by_role("row", name=action.reference)
    assert gone in row.inner_text() and "550 5.1.1" in row.inner_text()
    assert "Will try again" in row.inner_text()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    assert_clean_console(console)
