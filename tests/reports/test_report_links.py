"""The report and the committee's record, on the demo as `make run` loads
it: the open actions and earlier resolutions on the report's indicators,
and the previous report the "changes since the last meeting" page compares
with, found by period whether or not it was drafted here."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command

from committees.models import Meeting
from indicators.models import Period
from reports import selectors, services
from reports.models import Report

pytestmark = pytest.mark.django_db

SLUG = "children-and-families"
REFERENCE = re.compile(r"^CFS \(\d\d/\d\d\) \d\d$")


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch, settings: Any) -> list[Period]:
    """The demo; returns the quarters its held meetings took, oldest first,
    then the latest quarter (the next meeting's, not yet drafted)."""
    monkeypatch.setenv("DEMO_PASSWORD", "not-used-here-1")
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    call_command("seed_demo", stdout=io.StringIO())
    items = Meeting.objects.filter(committee__slug=SLUG).order_by("date")
    return [
        item.period
        for meeting in items
        for item in meeting.items.all()
        if item.period is not None
    ]


def _report(officer: Any, period: Period) -> Report:
    services.report_draft(user=officer, period=period, committee_slug=SLUG)
    report = selectors.report_for_page(SLUG, period)
    assert report is not None
    return report


def test_the_report_lists_open_actions_and_earlier_resolutions_on_its_indicators(
    demo, officer, django_assert_num_queries
):
    latest = demo[-1]
    report = _report(officer, latest)
    list(report.paragraphs.all())
    # 1 the meeting that takes the report, 2 outstanding actions on the
    # report's indicators, 3 their indicators, 4 earlier resolutions on
    # them, 5 their indicators, 6 their actions.
    with django_assert_num_queries(6):
        found = selectors.report_actions(report)
    # Overdue first (due at the last meeting), then by due date; the action
    # on no indicator (inviting the adoption agency) is not the report's.
    assert [
        (a.description[:40], a.status, a.is_overdue, [i.code for i in a.report_indicators])
        for a in found.actions
    ] == [
        ("Progress report on the EHC plan recovery", "in_progress", True, ["ehcp-20-weeks"]),
        ("Report on care leavers not in education,", "open", True, ["care-leavers-eet"]),
        ("Circulate the reoffending figures for th", "in_progress", False, ["youth-reoffending"]),
        ("Information on the time children wait be", "open", False, ["adoption-18-months"]),
        ("Re-referrals within 12 months, by source", "in_progress", False, ["re-referrals"]),
    ]  # fmt: skip
    assert all(REFERENCE.match(a.reference) for a in found.actions)
    assert found.taken_on == Meeting.objects.get(items__period=latest).date
    # Every resolution on an indicator at the five minuted meetings, newest
    # meeting first; a noted report or a work-programme decision is on none.
    said = [
        (r.item.number, r.letter, r.kind, [i.code for i in r.report_indicators])
        for r in found.resolutions
    ]
    assert said == [
        (1, "b", "request", ["adoption-18-months"]),
        (2, "a", "recommendation", ["re-referrals"]),
        (2, "b", "request", ["re-referrals"]),
        (1, "b", "request", ["care-leavers-eet"]),
        (2, "b", "request", ["youth-reoffending"]),
        (1, "b", "request", ["sw-agency", "sw-turnover"]),
        (2, "a", "recommendation", ["ehcp-20-weeks"]),
        (2, "b", "request", ["ehcp-20-weeks"]),
        (1, "b", "request", ["assessments-45-days"]),
        (2, "a", "decision", ["placement-stability", "school-moves"]),
        (1, "b", "request", ["cpp-second-plan"]),
        (2, "b", "recommendation", ["placement-stability"]),
    ]
    dates = [r.item.meeting.date for r in found.resolutions]
    assert dates == sorted(dates, reverse=True) and not found.more_resolutions
    assert [(a.status) for a in found.resolutions[0].actions.all()] == ["open", "open"]

    # The report the last meeting took lists only what came before it.
    earlier = selectors.report_for_page(SLUG, demo[-2])
    assert earlier is not None
    before = selectors.report_actions(earlier)
    assert [r.item.meeting.date for r in before.resolutions] == dates[3:]


def test_changes_compare_with_the_last_report_the_committee_took_drafted_here_or_not(
    demo, officer, performance_lead, councillor, client, django_assert_max_num_queries
):
    latest, previous = demo[-1], demo[-2]
    report = _report(officer, latest)
    services.report_finalise(user=performance_lead, report=report)

    def client_as(user: Any, address: str) -> str:
        client.force_login(user)
        response = client.get(address)
        assert response.status_code == 200
        return response.content.decode()

    themes = [t.pk for t in report.themes.all()]
    # As the page asks: the indicators the committee follows (its report's).
    covered = selectors.covered_indicators(report.committee_id)
    taken = Meeting.objects.get(items__period=previous)
    changes = selectors.changes_since_last_meeting(SLUG, latest, themes, covered)
    assert changes.previous == previous and changes.previous_report is not None
    assert changes.previous_meeting == taken

    # A council that starts with Scrutineer now: its earlier reports were
    # written elsewhere, and only the minutes say the committee took them.
    Report.objects.filter(committee_slug=SLUG).exclude(pk=report.pk).delete()
    with django_assert_max_num_queries(7):
        changes = selectors.changes_since_last_meeting(SLUG, latest, themes, covered)
    assert changes.previous == previous and changes.previous_report is None
    assert changes.previous_meeting == taken
    page = client_as(
        councillor, f"/reports/{SLUG}/{report.url_kwargs()['period']}/changes/"
    )
    assert (
        f"the committee's previous report ({previous.display_label}), "
        f"taken at its meeting on {taken.date:%-d %B %Y}."
    ) in page
    assert "no earlier report" not in page
    # The comparison is with that quarter's figures: the demo's adoption
    # figure was 53.8% (amber) then and is 88.9% (green) now.
    adoption = next(c for c in changes.changes if c.code == "adoption-18-months")
    assert "RAG: green (was amber)" in adoption.labels
    assert "was 53.8% in" in adoption.reason
    assert changes.unchanged + len(changes.changes) == len(
        [p for p in report.paragraphs.all() if p.indicator_id]
    )
