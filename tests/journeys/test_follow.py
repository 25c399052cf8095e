"""A committee chooses the indicators it follows, in Debian's Chromium: the
performance team searches the catalogue by words, narrows it by theme and
follows an indicator for the committee; a councillor opens the committee's
dashboard and finds it there; the clerk unfollows it and it is gone. Each
step checks what the user sees and what the database holds."""

from __future__ import annotations

import pytest

from committees import demo as committee_demo
from committees.models import Committee
from indicators.models import Indicator
from tests.browser_support import assert_accessible
from tests.journeys.conftest import act_as, assert_clean_console

pytestmark = pytest.mark.django_db(transaction=True)

AGENCY = "Agency children's social workers"
TURNOVER = "Children's social worker turnover rate"


def _open_committee(page, link: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name="Committees", exact=True).click()
    page.get_by_role("link", name=committee_demo.NAME).click()
    page.get_by_role("link", name=link).click()


def _dashboard_names(page) -> str:  # type: ignore[no-untyped-def]
    _open_committee(page, "The committee's dashboard")
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Performance dashboard")
    )
    # Every theme's table, folded ones too (text_content reads them).
    tables = page.locator("table").all()
    return " ".join(" ".join((t.text_content() or "").split()) for t in tables)


def test_the_performance_team_follows_an_indicator_and_councillors_see_it(  # type: ignore[no-untyped-def]
    demo, page, console
):
    committee = Committee.objects.get(code=committee_demo.CODE)
    agency = Indicator.objects.get(name=AGENCY)
    # The demo follows its 16 indicators and its 30 LAIT measures.
    assert committee.follows.count() == 46
    committee.follows.remove(agency)  # not followed yet

    act_as(page, "performance")
    _open_committee(page, "the indicators it may follow")
    assert (
        "The committee follows 45 indicators"
        in page.locator("#followed-count").inner_text()
    )
    page.get_by_label("Search by words").fill("social workers")
    page.get_by_role("button", name="Apply filters").click()
    found = page.get_by_role("heading", name="indicators found").inner_text()
    # The three workforce measures, and three LAIT measures whose
    # descriptions speak of social workers.
    assert found.startswith("6 indicators found")
    page.get_by_label("Theme or topic").select_option(label="Workforce")
    page.get_by_label("Search by words").fill("agency")
    page.get_by_role("button", name="Apply filters").click()
    assert page.get_by_role("heading", name="found").inner_text() == "1 indicator found"
    row = page.get_by_role("row", name=AGENCY)
    assert "Not followed" in row.inner_text()
    assert_accessible(page)
    row.get_by_role("button", name=f"Follow {AGENCY}").click()
    assert (
        "The committee now follows " + AGENCY
        in page.locator(".govuk-notification-banner").inner_text()
    )
    # Back to the same search and theme, now followed.
    assert page.get_by_label("Search by words").input_value() == "agency"
    assert "Followed" in page.get_by_role("row", name=AGENCY).inner_text()
    assert committee.follows.filter(pk=agency.pk).exists()
    assert committee.history.latest().history_user.username == "performance"

    act_as(page, "councillor")
    shown = _dashboard_names(page)
    assert AGENCY in shown and TURNOVER in shown
    assert "The 46 indicators the" in page.locator("#committee").inner_text()
    assert_clean_console(console)

    act_as(page, "clerk")
    _open_committee(page, "the indicators it may follow")
    page.get_by_label("Search by words").fill("agency")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("button", name=f"Unfollow {AGENCY}").click()
    assert (
        "no longer follows " + AGENCY
        in page.locator(".govuk-notification-banner").inner_text()
    )
    assert not committee.follows.filter(pk=agency.pk).exists()

    act_as(page, "councillor")
    shown = _dashboard_names(page)
    assert AGENCY not in shown and TURNOVER in shown
    # A councillor reads the catalogue but has no buttons to change it.
    _open_committee(page, "the indicators it may follow")
    assert page.get_by_role("button", name=f"Follow {AGENCY}").count() == 0
    assert_clean_console(console)
