"""The quarter's cycle for a figure: draft, submit, publish, reject, revise."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators.models import Observation, Rating, Team
from returns import services as figures
from tests.factories import UserFactory, period
from tests.returns.figure_entries import entry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def test_preview_rates_a_figure_as_recompute_would(home_area, indicator):
    q2 = period("2025/26 Q2")
    assert (
        figures.figure_preview(entry=entry(indicator, "81"), period=q2)["rag"]
        == "green"
    )
    assert (
        figures.figure_preview(entry=entry(indicator, "76"), period=q2)["rag"]
        == "amber"
    )
    assert (
        figures.figure_preview(entry=entry(indicator, "70"), period=q2)["rag"] == "red"
    )


def test_a_red_figure_cannot_be_submitted_without_commentary(
    home_area, indicator, officer
):
    q2 = period("2025/26 Q2")
    with pytest.raises(ValidationError) as caught:
        figures.figures_save(
            user=officer, period=q2, entries=[entry(indicator, "70")], submit=True
        )
    assert "commentary" in str(caught.value.message_dict["assessments"])
    assert not Observation.all_objects.exists()


def test_a_red_figure_can_be_saved_as_a_draft_without_commentary(
    home_area, indicator, officer
):
    q2 = period("2025/26 Q2")
    [saved] = figures.figures_save(
        user=officer, period=q2, entries=[entry(indicator, "70")], submit=False
    )
    assert saved.status == Observation.Status.DRAFT
    assert not Observation.objects.exists()  # councillors see published only


def test_submit_then_publish_makes_the_figure_public_and_rated(
    home_area, indicator, officer, performance_lead
):
    q2 = period("2025/26 Q2")
    [saved] = figures.figures_save(
        user=officer,
        period=q2,
        entries=[entry(indicator, "70", "Vacancies in the east team.")],
        submit=True,
    )
    assert saved.status == Observation.Status.SUBMITTED
    assert saved.submitted_by == officer
    result = figures.figures_publish(user=performance_lead, observation_ids=[saved.pk])
    assert (len(result.published), result.held_back) == (1, [])
    published = Observation.objects.get()
    assert published.published_by == performance_lead
    assert Rating.objects.get(observation=published).rag == "red"
    # Publishing again changes nothing: the row is no longer submitted.
    again = figures.figures_publish(user=performance_lead, observation_ids=[saved.pk])
    assert (again.published, again.held_back) == ([], [])


def test_an_officer_cannot_publish(home_area, indicator, officer):
    q2 = period("2025/26 Q2")
    [saved] = figures.figures_save(
        user=officer, period=q2, entries=[entry(indicator, "85")], submit=True
    )
    with pytest.raises(PermissionDenied):
        figures.figures_publish(user=officer, observation_ids=[saved.pk])
    assert Observation.all_objects.get().status == Observation.Status.SUBMITTED


def test_an_officer_cannot_enter_another_teams_indicator(home_area, indicator):
    stranger = UserFactory(username="stranger", roles=["Officers"])
    with pytest.raises(PermissionDenied):
        figures.figures_save(
            user=stranger,
            period=period("2025/26 Q2"),
            entries=[entry(indicator, "85")],
            submit=False,
        )
    assert not Observation.all_objects.exists()


def test_a_team_member_may_enter_the_teams_indicator(home_area, indicator):
    member = UserFactory(username="member", roles=["Officers"])
    team = Team.objects.create(name="Assessment team")
    team.members.add(member)
    indicator.owner = None
    indicator.team = team
    indicator.save()
    [saved] = figures.figures_save(
        user=member,
        period=period("2025/26 Q2"),
        entries=[entry(indicator, "85")],
        submit=False,
    )
    assert saved.indicator == indicator


def test_rejecting_returns_the_figure_to_the_officer_with_the_reason(
    home_area, indicator, officer, performance_lead
):
    q2 = period("2025/26 Q2")
    [saved] = figures.figures_save(
        user=officer, period=q2, entries=[entry(indicator, "85")], submit=True
    )
    with pytest.raises(ValidationError):
        figures.figure_reject(
            user=performance_lead, observation_id=saved.pk, reason=" "
        )
    rejected = figures.figure_reject(
        user=performance_lead, observation_id=saved.pk, reason="Check the denominator."
    )
    assert rejected.status == Observation.Status.DRAFT
    assert rejected.rejection_reason == "Check the denominator."


def test_a_published_figure_is_not_changed_from_data_entry(
    home_area, indicator, officer, performance_lead
):
    q2 = period("2025/26 Q2")
    [saved] = figures.figures_save(
        user=officer, period=q2, entries=[entry(indicator, "85")], submit=True
    )
    figures.figures_publish(user=performance_lead, observation_ids=[saved.pk])
    with pytest.raises(ValidationError):
        figures.figures_save(
            user=officer, period=q2, entries=[entry(indicator, "60")], submit=False
        )
    assert Observation.objects.get().value == Decimal("85")


def test_revising_a_published_figure_needs_a_note_and_is_audited(
    home_area, indicator, officer, performance_lead
):
    q2 = period("2025/26 Q2")
    [saved] = figures.figures_save(
        user=officer, period=q2, entries=[entry(indicator, "85")], submit=True
    )
    figures.figures_publish(user=performance_lead, observation_ids=[saved.pk])
    with pytest.raises(ValidationError):
        figures.figure_revise(
            user=performance_lead,
            observation_id=saved.pk,
            value=Decimal("83"),
            numerator=None,
            denominator=None,
            note="",
        )
    revised = figures.figure_revise(
        user=performance_lead,
        observation_id=saved.pk,
        value=Decimal("83"),
        numerator=None,
        denominator=None,
        note="Late returns from one locality.",
    )
    assert (
        revised.revised and revised.revision_note == "Late returns from one locality."
    )
    history = list(revised.history.order_by("history_date"))
    # Submitted, published, revised: one record each, the value changing last.
    assert [h.history_change_reason for h in history] == [
        "page: quarterly data entry",
        "page: publish",
        "page: revise published figure",
    ]
    last = history[-1]
    assert last.history_user == performance_lead
    assert last.history_change_reason == "page: revise published figure"
    delta = last.diff_against(history[-2])
    assert {c.field: (c.old, c.new) for c in delta.changes}["value"] == (
        Decimal("85"),
        Decimal("83"),
    )
