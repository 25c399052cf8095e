"""The committees' demo: a committee modelled on the minutes, two years of
meetings, resolutions of every kind and actions in every state, loaded once."""

from __future__ import annotations

import io

import pytest

from committees import demo
from committees.models import Action, Committee, Meeting, Resolution
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
