"""The committees' demo: a committee modelled on the minutes, two years of
meetings, resolutions of every kind and actions in every state, loaded once."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine

from committees import demo
from committees.models import Action, AgendaItem, Committee, Meeting, Resolution
from tests.factories import IndicatorFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(clerk, officer, councillor):  # type: ignore[no-untyped-def]
    themes = {name: ThemeFactory(name=name, slug=name.lower().replace(" ", "-")) for name in demo.REMIT}  # fmt: skip
    for code in [
        "adoption-18-months",
        "care-leavers-eet",
        "ehcp-20-weeks",
        "re-referrals",
    ]:
        IndicatorFactory(code=code, theme=themes["Children in care"])


def snapshot() -> tuple[object, ...]:
    return (
        list(Committee.objects.values_list("code", "name")),
        list(Meeting.objects.values_list("date", "status")),
        list(Resolution.objects.values_list("letter", "kind", "text")),
        list(Action.objects.values_list("reference", "status", "due_date")),
    )


def test_the_demo_has_every_kind_and_state_and_loads_once(demo_world, clerk):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    demo.seed(stdout=out)
    first = snapshot()
    demo.seed(stdout=out)
    assert snapshot() == first
    assert "already loaded" in out.getvalue()

    committee = Committee.objects.get(code="CFS")
    assert committee.name == "Children and Families Overview and Scrutiny Committee"
    assert committee.clerk == clerk
    assert set(committee.remit.values_list("name", flat=True)) == set(demo.REMIT)
    # It follows the demo's own indicators (here, the four loaded).
    assert set(committee.follows.values_list("code", flat=True)) == {
        "adoption-18-months", "care-leavers-eet", "ehcp-20-weeks", "re-referrals",
    }  # fmt: skip
    assert len(demo.demo_codes()) == 16
    meetings = list(committee.meetings.order_by("date"))
    assert (meetings[-1].date - meetings[0].date).days > 700
    assert {m.status for m in meetings} == {"held", "scheduled", "cancelled"}
    assert set(Resolution.objects.values_list("kind", flat=True)) == {
        "noted", "request", "recommendation", "decision",
    }  # fmt: skip
    actions = Action.objects.all()
    assert set(actions.values_list("status", flat=True)) == {
        "open", "in_progress", "answered", "closed",
    }  # fmt: skip
    overdue = actions.overdue()
    assert set(overdue.values_list("status", flat=True)) == {"open", "in_progress"}
    assert actions.filter(indicators__isnull=False).exists()
    assert actions.filter(lead_officer__username="officer").exists()
    assert actions.exclude(lead_name="").exists()
    assert all(a.reference.startswith("CFS (") for a in actions)
    assert not actions.filter(status="closed", closed_reason="").exists()


def test_the_demo_waits_for_its_users(db):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    demo.seed(stdout=out)
    assert not Committee.objects.exists()
    assert "needed first" in out.getvalue()


@pytest.mark.parametrize(
    ("today", "latest"),
    [
        (datetime.date(2026, 11, 26), "2026/27 Q2"),  # Q2 ended eight weeks ago
        (datetime.date(2027, 4, 20), "2026/27 Q3"),  # Q4 ended three weeks ago
    ],
)
def test_the_whole_demo_is_current_and_consistent(monkeypatch, settings, today, latest):  # type: ignore[no-untyped-def]
    """What a councillor notices at once: the latest quarter is recent, each
    meeting reports on a quarter with figures and links to the committee's
    own report on it, lead officers are people, and the commentary is the
    service's own for each quarter."""
    from django.core.management import call_command

    from indicators.models import Observation
    from reports.models import Report
    from tests.browser_support import PASSWORD

    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(9)), tick=False):  # fmt: skip
        call_command("seed_demo", stdout=io.StringIO())
        figures = Observation.objects.filter(area__code="E10000018", period__kind="quarter")  # fmt: skip
        newest = figures.order_by("-period__end").first().period
        assert newest.label == latest
        assert (today - newest.end).days >= 42
        assert (today - newest.end).days <= 42 + 92  # the last out, or the one before

        # Each quarterly figure has its own commentary (no note repeated
        # quarter after quarter), except the count of children in care.
        for code in ["ehcp-20-weeks", "assessments-45-days", "re-referrals", "cpp-second-plan", "adoption-18-months", "youth-reoffending"]:  # fmt: skip
            notes = list(figures.filter(indicator__code=code).values_list("commentary", flat=True))  # fmt: skip
            assert len(notes) >= 10 and all(notes), code
            assert len(set(notes)) == len(notes), code

        # Meetings report on quarters that have figures, and link to the
        # committee's own report, never to an outside site.
        items = AgendaItem.objects.filter(period__isnull=False).select_related("period", "meeting")  # fmt: skip
        assert items.count() >= 5
        with_figures = set(figures.values_list("period_id", flat=True))
        assert all(item.period_id in with_figures for item in items)
        assert not AgendaItem.objects.exclude(document_url="").exists()
        held = [i for i in items if i.meeting.status == "held"]
        reports = Report.objects.filter(committee_slug="children-and-families")
        assert {r.period_id for r in reports} == {i.period_id for i in held}
        assert all(r.is_final for r in reports)
        # The next meeting takes the latest quarter, for the officer to draft.
        upcoming = [i for i in items if i.meeting.status == "scheduled"]
        assert [i.period for i in upcoming] == [newest]
        assert not reports.filter(period=newest).exists()

        # Lead officers are people with names, not logins.
        for action in Action.objects.select_related("lead_officer"):
            name = action.lead_display
            assert len(name.split()) >= 2 and name not in {"officer", "clerk"}, name
        first = snapshot()
        call_command("seed_demo", stdout=io.StringIO())
        assert snapshot() == first
