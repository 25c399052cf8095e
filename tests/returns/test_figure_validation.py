"""One validator for every path a figure takes (issues 12 and 13): counts,
the form, open periods, revisions and who recorded what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Observation
from returns import services as figures
from tests.factories import period
from tests.returns.figure_entries import counts, entry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


@pytest.mark.parametrize(
    ("numerator", "denominator", "stored"),
    [("7", "9", "77.777778"), ("1300", "1500", "86.666667"), ("7", "8", "87.5")],
)
def test_counts_alone_give_the_value_kept_to_six_places(
    home_area, indicator, officer, numerator, denominator, stored
):
    [saved] = figures.figures_save(
        user=officer,
        period=period("2025/26 Q2"),
        entries=[counts(indicator, numerator, denominator)],
        submit=False,
    )
    saved.refresh_from_db()
    assert saved.value == Decimal(stored)
    assert (saved.numerator, saved.denominator) == (
        Decimal(numerator),
        Decimal(denominator),
    )


@pytest.mark.parametrize("submit", [False, True])
def test_a_value_that_disagrees_with_its_counts_is_refused_under_value(
    home_area, indicator, officer, submit
):
    with pytest.raises(figures.FigureErrors) as caught:
        figures.figures_save(
            user=officer,
            period=period("2025/26 Q2"),
            entries=[counts(indicator, "1", "10", value="50", commentary="Why")],
            submit=submit,
        )
    [reason] = caught.value.problems["assessments"]["value"]
    assert "1 of 10 is 10.0%" in reason
    assert "Value does not agree" in caught.value.message_dict["assessments"][0]
    assert not Observation.all_objects.exists()


@pytest.mark.parametrize("value", ["150", "-5"])
def test_the_form_refuses_what_a_return_refuses(home_area, indicator, officer, value):
    with pytest.raises(figures.FigureErrors) as caught:
        figures.figures_save(
            user=officer,
            period=period("2025/26 Q2"),
            entries=[entry(indicator, value)],
            submit=False,
        )
    assert "value" in caught.value.problems["assessments"]
    assert not Observation.all_objects.exists()


def test_a_changed_count_on_a_draft_gives_the_new_value(home_area, indicator, officer):
    q2 = period("2025/26 Q2")
    figures.figures_save(
        user=officer,
        period=q2,
        entries=[counts(indicator, "520", "1600")],
        submit=False,
    )
    figures.figures_save(
        user=officer,
        period=q2,
        entries=[counts(indicator, "442", "1614")],
        submit=False,
    )
    figure = Observation.all_objects.get()
    assert figure.value == Decimal("27.385378")
    assert figure.numerator == Decimal("442")


def test_a_submitted_figure_changed_and_saved_returns_to_draft(
    home_area, indicator, officer
):
    q2 = period("2025/26 Q2")
    figures.figures_save(
        user=officer, period=q2, entries=[entry(indicator, "85")], submit=True
    )
    # A red without commentary, saved over the submitted figure: a draft now,
    # so it cannot reach the publishing queue without the submission rules.
    [saved] = figures.figures_save(
        user=officer, period=q2, entries=[entry(indicator, "70")], submit=False
    )
    saved.refresh_from_db()
    assert saved.status == Observation.Status.DRAFT
    assert (saved.submitted_by, saved.submitted_at) == (None, None)
    assert saved.value == Decimal("70")


def test_an_unchanged_submitted_figure_stays_submitted_and_nothing_is_written(
    home_area, indicator, officer
):
    q2 = period("2025/26 Q2")
    [first] = figures.figures_save(
        user=officer, period=q2, entries=[entry(indicator, "85")], submit=True
    )
    for submit in (False, True):
        assert (
            figures.figures_save(
                user=officer, period=q2, entries=[entry(indicator, "85")], submit=submit
            )
            == []
        )
    figure = Observation.all_objects.get()
    assert figure.status == Observation.Status.SUBMITTED
    assert figure.submitted_at == first.submitted_at
    assert figure.history.count() == 1


def test_an_unchanged_draft_is_submitted_with_the_rest(home_area, indicator, officer):
    q2 = period("2025/26 Q2")
    figures.figures_save(
        user=officer, period=q2, entries=[entry(indicator, "70")], submit=False
    )
    with pytest.raises(figures.FigureErrors) as caught:  # red: needs commentary
        figures.figures_save(
            user=officer, period=q2, entries=[entry(indicator, "70")], submit=True
        )
    assert "commentary" in caught.value.problems["assessments"]
    [saved] = figures.figures_save(
        user=officer, period=q2, entries=[entry(indicator, "70", "Why")], submit=True
    )
    assert saved.status == Observation.Status.SUBMITTED


@pytest.mark.parametrize(
    ("label", "who", "reason"),
    [
        ("2025/26 Q3", "officer", "has not ended"),
        ("2099/00 Q4", "officer", "has not ended"),
        ("2099/00 Q4", "performance", "has not ended"),
        ("2024/25 Q2", "officer", "is closed for entry"),
    ],
)
def test_a_period_not_open_is_refused_by_the_service(
    home_area, indicator, officer, performance_lead, label, who, reason
):
    user = officer if who == "officer" else performance_lead
    with pytest.raises(figures.FigureErrors) as caught:
        figures.figures_save(
            user=user,
            period=period(label),
            entries=[entry(indicator, "85")],
            submit=True,
        )
    assert reason in caught.value.message_dict["__all__"][0]
    assert not Observation.all_objects.exists()


def test_the_performance_team_may_enter_a_late_figure_for_a_closed_quarter(
    home_area, indicator, performance_lead
):
    [saved] = figures.figures_save(
        user=performance_lead,
        period=period("2024/25 Q2"),
        entries=[entry(indicator, "85")],
        submit=True,
    )
    assert saved.status == Observation.Status.SUBMITTED


def test_a_revision_passes_the_same_rules(
    home_area, indicator, officer, performance_lead
):
    q2 = period("2025/26 Q2")
    [saved] = figures.figures_save(
        user=officer, period=q2, entries=[entry(indicator, "85")], submit=True
    )
    figures.figures_publish(user=performance_lead, observation_ids=[saved.pk])
    for value, numerator, denominator, column in (
        ("150", None, None, "value"),
        ("50", "1", "10", "value"),
        (None, "11", "10", "numerator"),
        (None, None, None, "value"),
    ):
        with pytest.raises(ValidationError) as caught:
            figures.figure_revise(
                user=performance_lead,
                observation_id=saved.pk,
                value=None if value is None else Decimal(value),
                numerator=None if numerator is None else Decimal(numerator),
                denominator=None if denominator is None else Decimal(denominator),
                note="Corrected.",
            )
        assert column in caught.value.message_dict
    assert Observation.objects.get().value == Decimal("85")
    revised = figures.figure_revise(
        user=performance_lead,
        observation_id=saved.pk,
        value=None,
        numerator=Decimal("7"),
        denominator=Decimal("9"),
        note="Counts from the case system.",
    )
    revised.refresh_from_db()
    assert revised.value == Decimal("77.777778")


def test_a_returns_figures_record_who_submitted_and_published_them(
    home_area, indicator, officer, performance_lead, tmp_path, settings
):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    source = tmp_path / "return.csv"
    source.write_text(
        "indicator_code,period,value,commentary\nassessments,2025/26 Q2,82,Close\n"
    )
    call_command("import_returns", str(source), user="officer")
    figure = Observation.all_objects.get()
    assert figure.status == Observation.Status.SUBMITTED
    assert figure.submitted_by == officer and figure.submitted_at is not None
    assert figure.published_by is None

    source.write_text(
        "indicator_code,period,value,commentary\nassessments,2025/26 Q2,83,Close\n"
    )
    call_command("import_returns", str(source), user="performance", publish=True)
    figure.refresh_from_db()
    assert figure.status == Observation.Status.PUBLISHED
    assert figure.published_by == performance_lead
    assert figure.published_at is not None
