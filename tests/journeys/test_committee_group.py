"""Journey: the committee's own comparator group (issue 16). The performance
team sets it to all counties on the committee's catalogue page, by the
select's label; a councillor then opens the committee's dashboard and sees
the counties' column without choosing it, the page saying it is the
committee's group, and the committee's overall position among the counties;
the report draft form, opened for the committee, offers the counties first.
axe finds nothing on the catalogue page, the dashboard or the draft form."""

from __future__ import annotations

import re
from typing import Any

import pytest

from committees import demo as committee_demo
from committees.models import Committee
from tests.browser_support import assert_accessible
from tests.journeys.conftest import act_as, assert_clean_console

pytestmark = pytest.mark.django_db(transaction=True)
COUNTIES = "All counties"
OWN = "the committee's comparator group"


def _open_committee(page: Any, link: str) -> None:
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Committees", exact=True).click()
    page.get_by_role("link", name=committee_demo.NAME).click()
    page.get_by_role("link", name=link, exact=True).click()


def test_the_committees_group_is_its_pages_and_reports_default(demo, page, console):  # type: ignore[no-untyped-def]
    committee = Committee.objects.get(code=committee_demo.CODE)
    assert committee.comparator_group == ""

    act_as(page, "performance")
    _open_committee(page, "the indicators it may follow")
    assert page.get_by_text("The committee has no comparator group").is_visible()
    page.get_by_label("Compare with").select_option(label=COUNTIES)
    page.get_by_role("button", name="Save the comparator group").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert f"The committee now compares with: {COUNTIES}." in banner
    committee.refresh_from_db()
    assert committee.comparator_group == "counties"
    last = committee.history.first()
    assert last.history_user.username == "performance"
    assert last.history_change_reason == f"Compares with {COUNTIES}"
    assert page.get_by_label("Compare with").input_value() == "counties"
    assert_accessible(page)

    act_as(page, "councillor")
    _open_committee(page, "The committee's dashboard")
    assert "group=" not in page.url
    assert page.get_by_label("Compare with").input_value() == "counties"
    heading = page.get_by_role(
        "columnheader", name=re.compile(rf"^{COUNTIES} \(\d+\)$")
    )
    assert heading.count() > 0
    summary = page.locator("#compared-with").inner_text()
    assert f"Compared with all counties, {OWN}." in summary
    assert "among all counties: Leicestershire and" in summary
    assert_accessible(page)
    assert_clean_console(console)

    # All authorities stay choosable: the column goes.
    page.get_by_label("Compare with").select_option(label="All English authorities")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("columnheader", name=re.compile(COUNTIES)).count() == 0
    assert OWN not in page.locator("#compared-with").inner_text()

    _open_committee(page, "overall position")
    assert "group=" not in page.url
    assert page.get_by_text(
        f"The measures {committee.name} follows, compared with all counties, {OWN}."
    ).is_visible()
    assert page.get_by_role("radio", name=COUNTIES).is_checked()
    assert_clean_console(console)

    act_as(page, "performance")
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Reports", exact=True
    ).click()
    page.get_by_role("link", name="Draft a report").click()
    page.get_by_role("link", name=f"draft for the {committee.name}").click()
    assert page.url.endswith(f"/reports/new/?committee={committee.slug}")
    assert page.get_by_label("Compare with").input_value() == "counties"
    assert_accessible(page)
    assert page.get_by_label("Committee", exact=True).input_value() == str(committee.pk)
    assert_clean_console(console)
