"""The performance team's side of the quarter: the publishing queue and its
checks, reds without commentary held back, sending back, corrections,
commentary on published figures, and a second click on each form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indicators.models import Observation, Rating, Team
from indicators.services import recompute
from reports.models import Report
from reports.services import report_draft, report_finalise, report_regenerate
from returns import services as figures
from tests.factories import IndicatorFactory, ObservationFactory, UserFactory, period

pytestmark = pytest.mark.django_db


@pytest.fixture
def q2():  # type: ignore[no-untyped-def]
    return period("2025/26 Q2")


@pytest.fixture
def q3():  # type: ignore[no-untyped-def]
    return period("2025/26 Q3")


@pytest.fixture
def assess(officer, home_area, q2):  # type: ignore[no-untyped-def]
    """Percent, higher is better, tolerance 5, target 80 set for Q2 only (Q3
    takes it), owned by `officer`, with a published Q2 of 82% (41 of 50)."""
    indicator = IndicatorFactory(
        code="assess", name="Assessments on time", unit="percent",
        polarity="higher", rag_method="target", tolerance=Decimal("5"),
        owner=officer,
    )  # fmt: skip
    indicator.targets.create(period=q2, value=Decimal("80"))
    ObservationFactory(
        indicator=indicator, area=home_area, period=q2, value=Decimal("82"),
        numerator=41, denominator=50,
    )  # fmt: skip
    recompute()
    return indicator


def submitted(indicator, when, value, commentary="", numerator=None, denominator=None):  # type: ignore[no-untyped-def]
    return ObservationFactory(
        indicator=indicator, area=indicator_home(), period=when, value=Decimal(value),
        numerator=numerator, denominator=denominator,
        status=Observation.Status.SUBMITTED, commentary=commentary,
    )  # fmt: skip


def indicator_home():  # type: ignore[no-untyped-def]
    from indicators.services.common import home_area

    return home_area()


# --- Reds without commentary -----------------------------------------------------------


def test_publishing_holds_back_a_red_without_commentary(assess, performance_lead, q3):
    red = submitted(assess, q3, "60")  # 20 short of Q2's 80: red, unexplained
    other = IndicatorFactory(code="visits", name="Visits", rag_method="none")
    fine = submitted(other, q3, "12")
    result = figures.figures_publish_period(user=performance_lead, period=q3)
    assert result.published == [fine]
    assert result.held_back == [red]
    red.refresh_from_db()
    assert red.status == Observation.Status.SUBMITTED
    assert not Rating.objects.filter(observation=red).exists()
    # Explained, it goes.
    Observation.all_objects.filter(pk=red.pk).update(commentary="Agency cover ended.")
    result = figures.figures_publish(user=performance_lead, observation_ids=[red.pk])
    assert (len(result.published), result.held_back) == (1, [])
    assert Rating.objects.get(observation=red).rag == "red"


def test_publish_all_on_the_page_says_what_it_held_back(
    client, assess, performance_lead, q3
):
    submitted(assess, q3, "60")
    client.force_login(performance_lead)
    response = client.post(
        "/publish/", {"action": "period", "period": q3.pk}, follow=True
    )
    page = response.content.decode()
    assert "Not published, because it rates red without commentary" in page
    assert "Assessments on time, 2025/26 Q3" in page
    assert not Observation.objects.filter(period=q3).exists()


def test_the_queue_flags_a_red_without_commentary_and_offers_no_publish_for_it(
    client, assess, performance_lead, q3
):
    red = submitted(assess, q3, "60")
    client.force_login(performance_lead)
    page = client.get("/publish/").content.decode()
    assert "Needs commentary" in page
    assert "Rates red and has no commentary" in page
    assert f'name="observation" type="checkbox" value="{red.pk}"' not in " ".join(
        page.split()
    )
    assert "Held back" in page


# --- The queue's columns and checks ---------------------------------------------------


def test_the_queue_shows_rag_count_target_and_a_change_in_percentage_points(
    client, assess, performance_lead, q3
):
    submitted(assess, q3, "84.5", "On track.", numerator=169, denominator=200)
    client.force_login(performance_lead)
    page = " ".join(client.get("/publish/").content.decode().split())
    assert "84.5%" in page and "169 of 200" in page
    assert "+2.5 percentage points" in page
    assert "from 82.0% in 2025/26 Q2" in page
    assert '80.0% <br> <span class="govuk-body-s">set for 2025/26 Q2</span>' in page
    assert "govuk-tag--green" in page  # would rate green, in words too
    assert ">Green<" in page


def test_the_queue_says_which_small_numbers_rule_fired(
    client, assess, performance_lead, q3
):
    # A base of 1,614, but the count moved by 2 (41 to 43): the change rule.
    submitted(assess, q3, "2.7", "Explained.", numerator=43, denominator=1614)
    client.force_login(performance_lead)
    page = client.get("/publish/").content.decode()
    assert "Small number: the count changed by 2 (41 to 43), 2 or fewer" in page
    assert "based on 1614" not in page


def test_the_queue_says_when_the_base_is_small(client, assess, performance_lead, q3):
    submitted(assess, q3, "90", "Explained.", numerator=18, denominator=20)
    client.force_login(performance_lead)
    page = client.get("/publish/").content.decode()
    assert "Small number: based on 20 (fewer than 30)" in page
    assert "the count changed" not in page


def test_the_queue_reads_in_a_fixed_number_of_queries(
    client, performance_lead, home_area, q3, django_assert_max_num_queries
):
    client.force_login(performance_lead)

    def add(n: int) -> None:
        for i in range(n):
            indicator = IndicatorFactory(code=f"q-{n}-{i}", name=f"Queue {n} {i}")
            indicator.targets.create(period=period("2025/26 Q1"), value=Decimal(50))
            submitted(indicator, q3, "55", "Fine.")

    add(3)
    client.get("/publish/")  # warm: session, user, roles
    with django_assert_max_num_queries(20) as few:
        client.get("/publish/")
    add(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Queue 12 11" in client.get("/publish/").content.decode()


# --- Second clicks --------------------------------------------------------------------


def test_publishing_twice_says_the_figure_was_already_published(
    client, assess, performance_lead, q3
):
    figure = submitted(assess, q3, "84", "On track.")
    client.force_login(performance_lead)
    client.post("/publish/", {"one": figure.pk, "period": q3.pk})
    second = client.post("/publish/", {"one": figure.pk, "period": q3.pk}, follow=True)
    assert second.status_code == 200
    assert "already been published or sent back" in second.content.decode()
    assert figure.history.filter(history_change_reason="page: publish").count() == 1


def test_sending_back_twice_gives_a_clear_answer_not_an_error(
    client, assess, performance_lead, q3
):
    figure = submitted(assess, q3, "84", "On track.")
    client.force_login(performance_lead)
    reason = {"reason": "The count does not match Q2's."}
    first = client.post(f"/publish/{figure.pk}/reject/", reason, follow=True)
    assert "sent back to the officer" in first.content.decode()
    second = client.post(f"/publish/{figure.pk}/reject/", reason, follow=True)
    assert second.status_code == 200
    assert "no longer waiting to be published" in second.content.decode()
    figure.refresh_from_db()
    assert (figure.status, figure.rejection_reason) == (
        Observation.Status.DRAFT,
        "The count does not match Q2's.",
    )
    assert figure.history.filter(history_change_reason="page: reject").count() == 1


def test_the_same_correction_twice_is_recorded_once(
    client, assess, performance_lead, q2
):
    figure = Observation.objects.get(period=q2)
    client.force_login(performance_lead)
    data = {"value": "81", "numerator": "", "denominator": "", "note": "Late cases."}
    for _ in range(2):
        response = client.post(f"/figures/{figure.pk}/revise/", data)
        assert response.status_code == 302
    assert (
        figure.history.filter(
            history_change_reason="page: revise published figure"
        ).count()
        == 1
    )


# --- Sent back: the officer's overview -------------------------------------------------


def test_the_entry_overview_lists_figures_sent_back_with_the_reason(
    client, assess, officer, performance_lead
):
    from returns.services import open_quarters

    quarter = open_quarters()[1]
    figure = submitted(assess, quarter, "84", "On track.")
    figures.figure_reject(
        user=performance_lead, observation_id=figure.pk, reason="Check the count."
    )
    client.force_login(officer)
    page = client.get("/entry/").content.decode()
    assert "Sent back to you" in page
    assert "Assessments on time: Check the count." in " ".join(page.split())
    # Resubmitted, it is no longer listed.
    Observation.all_objects.filter(pk=figure.pk).update(
        status=Observation.Status.SUBMITTED, rejection_reason=""
    )
    assert "Sent back to you" not in client.get("/entry/").content.decode()


# --- Commentary on a published figure ---------------------------------------------------


@pytest.fixture
def red_published(assess, q2, performance_lead):  # type: ignore[no-untyped-def]
    """The Q2 figure of 82 made red by raising its target to 95: published,
    red, and without commentary."""
    from indicators.rating import parse_period
    from returns.services import target_set

    target_set(
        user=performance_lead,
        indicator=assess,
        period=parse_period("2025/26 Q2", "financial"),
        value=Decimal("95"),
    )
    figure = Observation.objects.get(indicator=assess, period=q2)
    assert (figure.rating.rag, figure.commentary) == ("red", "")
    return figure


def test_the_owner_adds_commentary_to_a_published_red_without_changing_it(
    client, officer, red_published
):
    figure = red_published
    client.force_login(officer)
    detail = client.get("/indicators/assess/").content.decode()
    assert "Add commentary for 2025/26 Q2" in detail
    assert "Red: needs commentary" in detail
    response = client.post(
        f"/figures/{figure.pk}/commentary/",
        {"commentary": "Agency cover\x07 ended in August.\r\nRecovery plan agreed."},
    )
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.commentary == "Agency cover ended in August.\nRecovery plan agreed."
    assert (figure.value, figure.status, figure.revised) == (
        Decimal("82"),
        Observation.Status.PUBLISHED,
        False,
    )
    record = figure.history.first()
    assert record.history_user == officer
    assert record.history_change_reason == "page: commentary on a published figure"
    assert record.prev_record.commentary == ""
    assert record.prev_record.value == record.value
    assert (
        "Agency cover ended in August."
        in client.get("/indicators/assess/").content.decode()
    )


def test_a_reds_commentary_cannot_be_removed(client, officer, red_published):
    figure = red_published
    figures.figure_commentary_set(
        user=officer, observation_id=figure.pk, commentary="Explained."
    )
    client.force_login(officer)
    response = client.post(f"/figures/{figure.pk}/commentary/", {"commentary": "  "})
    assert response.status_code == 200
    assert "it needs commentary explaining it" in response.content.decode()
    figure.refresh_from_db()
    assert figure.commentary == "Explained."


def test_the_same_commentary_again_changes_nothing(officer, red_published):
    figure = red_published
    for _ in range(2):
        figures.figure_commentary_set(
            user=officer, observation_id=figure.pk, commentary="Explained."
        )
    [record] = figure.history.filter(
        history_change_reason="page: commentary on a published figure"
    )
    # Called as a service (no request to take the user from), it still says who.
    assert record.history_user == officer


def test_who_may_add_commentary(
    client, councillor, performance_lead, home_area, red_published
):
    figure = red_published
    stranger = UserFactory(username="other-officer", roles=["Officers"])
    client.force_login(stranger)
    url = f"/figures/{figure.pk}/commentary/"
    assert client.get(url).status_code == 404  # another team's: as if not there
    assert client.post(url, {"commentary": "Mine now."}).status_code == 404
    with pytest.raises(PermissionDenied):
        figures.figure_commentary_set(
            user=stranger, observation_id=figure.pk, commentary="Mine now."
        )
    client.force_login(councillor)
    assert client.post(url, {"commentary": "Mine now."}).status_code == 403
    figure.refresh_from_db()
    assert figure.commentary == ""
    # A team member may; so may the performance team.
    team = Team.objects.create(name="Assessment team")
    team.members.add(stranger)
    figure.indicator.team = team
    figure.indicator.save()
    figures.figure_commentary_set(
        user=stranger, observation_id=figure.pk, commentary="From the team."
    )
    figures.figure_commentary_set(
        user=performance_lead, observation_id=figure.pk, commentary="Checked."
    )
    figure.refresh_from_db()
    assert figure.commentary == "Checked."


def test_commentary_here_is_for_published_figures_only(officer, assess, q3):
    draft = submitted(assess, q3, "84")
    with pytest.raises(Observation.DoesNotExist):
        figures.figure_commentary_set(
            user=officer, observation_id=draft.pk, commentary="Explained."
        )


def test_commentary_on_the_figure_unblocks_the_reports_finalising(
    officer, performance_lead, red_published
):
    figure = red_published
    report, _ = report_draft(
        user=performance_lead,
        period=figure.period,
        committee_name="Children and Families",
        theme_ids=[figure.indicator.theme_id],
    )
    with pytest.raises(ValidationError, match="rated red and has no commentary"):
        report_finalise(user=performance_lead, report=report)
    figures.figure_commentary_set(
        user=officer, observation_id=figure.pk, commentary="Agency cover ended."
    )
    report_regenerate(user=performance_lead, report=report)
    report_finalise(user=performance_lead, report=report)
    assert Report.objects.get(pk=report.pk).status == Report.Status.FINAL
