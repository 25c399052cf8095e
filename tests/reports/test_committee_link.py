"""A report of a committee of the committees app is linked to it by a
foreign key (issue 15): the link, not the slug, joins the two apps. Reports
of committees named by typing keep working by their slug and name alone;
the migration that added the link created no committee."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse

from committees.models import Committee
from reports import services
from reports.models import Report
from tests.committees.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
)

LINK = importlib.import_module("reports.migrations.0003_link_reports_to_committees")


def test_drafting_for_a_committee_links_the_report_to_it(officer, theme, q3):  # type: ignore[no-untyped-def]
    committee = CommitteeFactory(code="CFS", name="Children and Families", slug="cfs")
    report, _ = services.report_draft(
        user=officer, period=q3, committee=committee, theme_ids=[theme.pk]
    )
    report.refresh_from_db()
    assert (report.committee, report.committee_slug, report.committee_name) == (
        committee,
        "cfs",
        "Children and Families",
    )


def test_the_migration_links_reports_by_slug_and_creates_no_committee(  # type: ignore[no-untyped-def]
    small_report, officer, theme, q2
):
    committee = CommitteeFactory(code="CS", name="Children's Scrutiny (new)", slug=small_report.committee_slug)  # fmt: skip
    other, _ = services.report_draft(
        user=officer, period=q2, committee_name="Nobody's Committee",
        theme_ids=[theme.pk],
    )  # fmt: skip
    Report.objects.update(committee=None)  # as before the link existed
    LINK.link_reports(apps, None)
    small_report.refresh_from_db()
    other.refresh_from_db()
    assert small_report.committee == committee
    # Its address and printed name are its own: the link changes neither.
    assert small_report.committee_name == "Children's Scrutiny"
    assert other.committee is None and other.committee_name == "Nobody's Committee"
    assert list(Committee.objects.all()) == [committee]


def test_an_unlinked_report_at_a_committees_address_is_linked_when_drafted_again(  # type: ignore[no-untyped-def]
    small_report, officer
):
    committee = CommitteeFactory(code="CS", name="Children's Scrutiny", slug=small_report.committee_slug)  # fmt: skip
    report, result = services.report_draft(
        user=officer, period=small_report.period,
        committee_slug=small_report.committee_slug,
    )  # fmt: skip
    assert report.pk == small_report.pk and not result.new_report
    report.refresh_from_db()
    assert report.committee == committee
    assert Report.objects.count() == 1


def test_one_report_per_committee_and_period_whatever_its_address(  # type: ignore[no-untyped-def]
    officer, theme, q3
):
    committee = CommitteeFactory(code="CFS", name="Children and Families", slug="cfs")
    report, _ = services.report_draft(
        user=officer, period=q3, committee=committee, theme_ids=[theme.pk]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            committee=committee, committee_slug="elsewhere",
            committee_name=committee.name, period=q3,
        )  # fmt: skip
    # Reports of committees named by typing: one per address and period.
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            committee_slug=report.committee_slug, committee_name="X", period=q3
        )


def test_the_agenda_links_the_committees_report_by_the_link_not_the_slug(  # type: ignore[no-untyped-def]
    client, officer, theme, q3
):
    """A committee whose slug changed still links its reports from its
    agenda and from the report page."""
    committee = CommitteeFactory(code="CFS", name="Children and Families", slug="cfs")
    report, _ = services.report_draft(
        user=officer, period=q3, committee=committee, theme_ids=[theme.pk]
    )
    Committee.objects.filter(pk=committee.pk).update(slug="children-and-families")
    meeting = MeetingFactory(committee=committee)
    AgendaItemFactory(meeting=meeting, number=4, title="Performance", period=q3)
    report_url = reverse("report_detail", kwargs=report.url_kwargs())
    client.force_login(officer)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert f'href="{report_url}">The quarterly performance report for' in page
    page = client.get(report_url).content.decode()
    assert 'href="/committees/children-and-families/"' in page


def test_deleting_a_committee_keeps_its_reports_readable(  # type: ignore[no-untyped-def]
    client, officer, theme, q3
):
    committee = CommitteeFactory(code="CFS", name="Children and Families", slug="cfs")
    report, _ = services.report_draft(
        user=officer, period=q3, committee=committee, theme_ids=[theme.pk]
    )
    committee.delete()
    report.refresh_from_db()
    assert report.committee is None
    client.force_login(officer)
    page = client.get(reverse("report_detail", kwargs=report.url_kwargs()))
    assert page.status_code == 200
    assert "Children and Families" in page.content.decode()
    assert 'href="/committees/cfs/"' not in page.content.decode()
