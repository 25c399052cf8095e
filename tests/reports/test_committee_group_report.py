"""Issue 16: a new report of a committee takes the committee's own
comparator group (`services.new_report_group`): before the previous report's,
which it takes only while the committee has none; the draft form, opened for
the committee, offers that group first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports import services
from reports.models import Report
from tests.committees.factories import CommitteeFactory
from tests.factories import period

pytestmark = pytest.mark.django_db


@pytest.fixture
def scrutiny(theme):  # type: ignore[no-untyped-def]
    committee = CommitteeFactory(
        code="CFS", name="Children's Scrutiny", slug="childrens-scrutiny"
    )
    committee.remit.add(theme)
    return committee


def test_the_committees_group_first_then_the_previous_reports_then_none():
    class Committee:
        def __init__(self, group: str) -> None:
            self.comparator_group = group

    previous = Report(comparator_group="region")
    rule = services.new_report_group
    assert rule(Committee("counties"), previous) == "counties"
    assert rule(Committee("neighbours"), previous) == ""  # kept as blank
    assert rule(Committee(""), previous) == "region"
    assert rule(Committee(""), None) == ""
    assert rule(None, previous) == "region"
    assert rule(None, None) == ""


def test_a_new_report_takes_the_committees_group(
    scrutiny, theme, officer, home_area, q3
):  # type: ignore[no-untyped-def]
    first, _ = services.report_draft(
        user=officer, period=q3, committee=scrutiny, theme_ids=[theme.pk]
    )
    assert first.comparator_group == ""
    services.report_draft(
        user=officer, period=q3, committee=scrutiny, comparator_group="region"
    )
    scrutiny.comparator_group = "counties"
    scrutiny.save()
    later, _ = services.report_draft(
        user=officer, period=period("2024/25 Q4"), committee=scrutiny
    )
    assert later.pk != first.pk and later.comparator_group == "counties"
    # Drafted again, an existing report keeps its own group.
    again, _ = services.report_draft(user=officer, period=q3, committee=scrutiny)
    assert again.pk == first.pk and again.comparator_group == "region"


def test_the_draft_form_for_the_committee_offers_its_group_first(
    client, scrutiny, officer, home_area
):  # type: ignore[no-untyped-def]
    client.force_login(officer)
    url = reverse("report_new")
    page = client.get(url).content.decode()
    assert '<option value="neighbours" selected>' in page
    scrutiny.comparator_group = "counties"
    scrutiny.save()
    page = client.get(url, {"committee": scrutiny.slug}).content.decode()
    assert '<option value="counties" selected>' in page
    assert f'<option value="{scrutiny.pk}" selected>' in page
    # An unknown committee: the form as ever.
    page = client.get(url, {"committee": "nobody"}).content.decode()
    assert '<option value="neighbours" selected>' in page
