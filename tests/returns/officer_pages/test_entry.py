"""The quarter's cycle through the pages: enter, check and submit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.models import Observation, Team
from tests.factories import IndicatorFactory, ObservationFactory, UserFactory, period
from tests.returns.officer_pages.support import entry, formset

pytestmark = pytest.mark.django_db


# --- Entry ---------------------------------------------------------------------------


def test_officer_sees_only_their_own_indicators(
    client, officer, home_area, mine, theirs, q2
):
    client.force_login(officer)
    page = client.get(f"/entry/{q2.pk}/").content.decode()
    assert "Assessments on time" in page
    assert "Visits on time" not in page


def test_check_previews_the_rating_on_the_server(client, officer, home_area, mine, q2):
    client.force_login(officer)
    response = client.post(f"/entry/{q2.pk}/", formset([entry(mine, "70")], "check"))
    assert response.status_code == 200
    preview = response.content.decode().split('data-preview="assess"')[1][:300]
    assert "Red" in preview
    assert not Observation.all_objects.exists()  # checking saves nothing


def test_red_needs_commentary_then_submits(client, officer, home_area, mine, q2):
    client.force_login(officer)
    response = client.post(f"/entry/{q2.pk}/", formset([entry(mine, "70")], "submit"))
    assert response.status_code == 200
    assert "explain it in the commentary" in response.content.decode()
    assert not Observation.all_objects.exists()

    response = client.post(
        f"/entry/{q2.pk}/",
        formset([entry(mine, "70", "Two staff vacancies in the east team.")], "submit"),
    )
    assert response.status_code == 302
    saved = Observation.all_objects.get()
    assert saved.status == Observation.Status.SUBMITTED
    assert saved.submitted_by == officer
    assert saved.history.first().history_user == officer


def test_counts_give_the_percentage_and_bad_numbers_are_refused(
    client, officer, home_area, mine, q2
):
    client.force_login(officer)
    response = client.post(
        f"/entry/{q2.pk}/",
        formset([entry(mine, numerator="45", denominator="50")], "save"),
    )
    assert response.status_code == 302
    assert Observation.all_objects.get().value == Decimal("90")
    response = client.post(
        f"/entry/{q2.pk}/",
        formset([entry(mine, "abc", numerator="60", denominator="50")], "save"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    # The rule's one message, as a return says it too ("is larger than ...").
    assert "Numerator is larger than the denominator" in body
    assert Observation.all_objects.get().value == Decimal("90")  # unchanged


def test_an_officer_cannot_enter_another_teams_indicator(
    client, officer, home_area, mine, theirs, q2
):
    client.force_login(officer)
    response = client.post(f"/entry/{q2.pk}/", formset([entry(theirs, "50")], "save"))
    assert response.status_code == 403
    assert not Observation.all_objects.exists()


def test_a_team_member_enters_the_teams_indicators(client, home_area, q2):
    member = UserFactory(username="team-member", roles=["Officers"])
    team = Team.objects.create(name="Safeguarding")
    team.members.add(member)
    IndicatorFactory(code="team-ind", name="Team measure", team=team)
    client.force_login(member)
    assert "Team measure" in client.get(f"/entry/{q2.pk}/").content.decode()


def test_count_and_base_save_and_the_page_shows_the_worked_out_value(
    client, officer, home_area, mine, q2
):
    client.force_login(officer)
    response = client.post(
        f"/entry/{q2.pk}/",
        formset([entry(mine, numerator="7", denominator="9")], "save"),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Observation.all_objects.get().value == Decimal("77.777778")
    page = client.get(f"/entry/{q2.pk}/").content.decode()
    status = page.split('data-status="assess"')[1][:400]
    assert "77.8% (7 of 9), worked out from the counts" in " ".join(status.split())
    # The Value box is left empty, so that a new count gives a new value.
    assert 'name="form-0-value" value=' not in page
    assert 'name="form-0-numerator" value="7"' in page


def test_check_shows_every_problem_the_save_would_find(
    client, officer, home_area, mine, q2
):
    client.force_login(officer)
    response = client.post(
        f"/entry/{q2.pk}/",
        formset([entry(mine, "50", numerator="1", denominator="10")], "check"),
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Value does not agree with the numerator and denominator" in body
    response = client.post(f"/entry/{q2.pk}/", formset([entry(mine, "150")], "check"))
    assert "Value is over 100 for a percentage" in response.content.decode()
    assert not Observation.all_objects.exists()


def test_a_form_with_more_rows_than_indicators_is_refused_with_a_message(
    client, officer, home_area, mine, q2, django_assert_max_num_queries
):
    client.force_login(officer)
    # As many rows as a request may carry (Django refuses over 1,000 fields),
    # and a management form that claims 1,000 rows: refused, cheaply.
    many = formset([entry(mine, "85")] * 190, "check")
    claimed = {**formset([entry(mine, "85")], "check"), "form-TOTAL_FORMS": "1000"}
    for data in (many, claimed):
        with django_assert_max_num_queries(20):  # nothing per row
            response = client.post(f"/entry/{q2.pk}/", data)
        assert response.status_code == 200
        body = response.content.decode()
        assert "The form has more rows than you have indicators to enter (1)" in body
        response = client.post(f"/entry/{q2.pk}/", {**data, "action": "save"})
        assert not Observation.all_objects.exists()


def test_the_same_indicator_twice_is_refused(client, officer, home_area, mine, q2):
    IndicatorFactory(code="second", name="Second measure", owner=officer)
    client.force_login(officer)
    response = client.post(
        f"/entry/{q2.pk}/", formset([entry(mine, "85"), entry(mine, "60")], "save")
    )
    assert "appears twice" in response.content.decode()
    assert not Observation.all_objects.exists()


def test_check_costs_the_same_queries_for_one_indicator_or_many(
    client, officer, home_area, mine, q2
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(officer)

    def queries(rows):  # type: ignore[no-untyped-def]
        with CaptureQueriesContext(connection) as captured:
            client.post(f"/entry/{q2.pk}/", formset(rows, "check"))
        return len(captured)

    team = Team.objects.create(name="Assessments")
    team.members.add(officer)
    others = [
        IndicatorFactory(code=f"more-{n}", name=f"More {n}", owner=officer)
        for n in range(3)
    ] + [
        IndicatorFactory(code=f"team-{n}", name=f"Team {n}", team=team)
        for n in range(2)
    ]
    one = queries([entry(mine, "85")])
    assert queries([entry(mine, "85")] + [entry(i, "50") for i in others]) == one


def test_a_count_only_indicator_has_no_numerator_or_denominator_boxes(
    client, officer, home_area, q2
):
    IndicatorFactory(
        code="cla-number", name="Children looked after", unit="number", owner=officer
    )
    client.force_login(officer)
    page = client.get(f"/entry/{q2.pk}/").content.decode()
    assert 'Value<span class="govuk-visually-hidden">, Children looked after' in page
    assert "Numerator<span" not in page and "Denominator<span" not in page


def test_the_previous_quarter_is_named_and_a_missing_figure_said_so(
    client, officer, home_area, mine, q2
):
    client.force_login(officer)
    page = " ".join(client.get(f"/entry/{q2.pk}/").content.decode().split())
    assert "Previous quarter, 2025/26 Q1" in page
    assert "No figure" in page
    assert ">None<" not in page.replace(" ", "")


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("2025/26 Q3", "2025/26 Q3 has not ended: its figures can be entered from 1 January 2026"),
        ("2099/00 Q4", "2099/00 Q4 has not ended"),
        ("2024/25 Q2", "2024/25 Q2 is closed for entry (it was open until 30 September 2025)"),
    ],
)  # fmt: skip
def test_a_quarter_not_open_shows_why_and_refuses_figures(
    client, officer, home_area, mine, label, message
):
    quarter = period(label)
    client.force_login(officer)
    page = client.get(f"/entry/{quarter.pk}/").content.decode()
    assert message in page
    assert "Save as draft" not in page and 'name="form-0-value"' not in page
    # A form sent by hand is refused by the service, and the page says why.
    response = client.post(
        f"/entry/{quarter.pk}/", formset([entry(mine, "85")], "save")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    assert not Observation.all_objects.exists()


def test_every_problem_the_service_finds_is_shown(client, officer, home_area, mine, q2):
    """A problem the form cannot see (here, the published figure) is shown
    against its indicator: the error box is never empty."""
    ObservationFactory(
        indicator=mine, area=home_area, period=q2, value=Decimal("81"),
        status=Observation.Status.PUBLISHED,
    )  # fmt: skip
    client.force_login(officer)
    response = client.post(f"/entry/{q2.pk}/", formset([entry(mine, "60")], "save"))
    body = response.content.decode()
    summary = body.split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert "Assessments on time: This figure is published" in summary
    assert Observation.all_objects.get().value == Decimal("81")


def test_a_published_figure_is_shown_but_not_offered_for_editing(
    client, officer, home_area, mine, q2
):
    ObservationFactory(
        indicator=mine, area=home_area, period=q2, value=Decimal("81"),
        status=Observation.Status.PUBLISHED, commentary="On track.",
    )  # fmt: skip
    client.force_login(officer)
    page = client.get(f"/entry/{q2.pk}/").content.decode()
    assert "Published: 81.0%" in page
    assert 'name="form-0-value"' not in page


def test_the_quarters_page_lists_late_figures_with_where_they_go(
    client, officer, home_area, mine
):
    # Q1 entered, Q2 (the newest open quarter) not yet: nothing is late. Q4
    # and Q3 of 2024/25 are open too and have no figure: they are late.
    ObservationFactory(
        indicator=mine, area=home_area, period=period("2025/26 Q1"),
        value=Decimal("81"), status=Observation.Status.PUBLISHED,
    )  # fmt: skip
    client.force_login(officer)
    page = " ".join(client.get("/entry/").content.decode().split())
    assert "Late figures" in page
    late = page.split("Late figures")[1]
    assert "Assessments on time:" in late
    assert "2024/25 Q3" in late and "2024/25 Q4" in late
    assert "2025/26 Q1" not in late and "2025/26 Q2" not in late
    assert "open until 31 December 2025" in late  # 2024/25 Q3's last day
