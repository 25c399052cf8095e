"""The quarter's cycle through the pages: publish, reject, revise, targets."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from indicators.models import Observation, Rating, Target
from indicators.services import recompute
from tests.factories import ObservationFactory
from tests.returns.officer_pages.support import submitted

pytestmark = pytest.mark.django_db


# --- Publishing ----------------------------------------------------------------------


def test_performance_publishes_and_councillors_then_see_it(
    client, performance_lead, councillor, home_area, mine, q2
):
    figure = submitted(mine, q2)
    client.force_login(councillor)
    assert "Assessments on time" not in client.get("/").content.decode()

    client.force_login(performance_lead)
    queue = client.get("/publish/").content.decode()
    assert "Assessments on time" in queue
    response = client.post(
        "/publish/", {"observation": [figure.pk], "action": "selected", "period": q2.pk}
    )
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.status == Observation.Status.PUBLISHED
    assert figure.published_by == performance_lead
    assert Rating.objects.get(observation=figure).rag == "red"

    client.force_login(councillor)
    assert "Assessments on time" in client.get("/").content.decode()


def test_officers_cannot_publish(client, officer, home_area, mine, q2):
    figure = submitted(mine, q2)
    client.force_login(officer)
    response = client.post(
        "/publish/", {"observation": [figure.pk], "action": "selected"}
    )
    assert response.status_code == 403
    figure.refresh_from_db()
    assert figure.status == Observation.Status.SUBMITTED


def test_publish_whole_period(client, performance_lead, home_area, mine, theirs, q2):
    submitted(mine, q2)
    submitted(theirs, q2, value="12")
    client.force_login(performance_lead)
    client.post("/publish/", {"action": "period", "period": q2.pk})
    assert Observation.objects.filter(period=q2).count() == 2


def test_reject_sends_it_back_with_a_reason_the_officer_sees(
    client, performance_lead, officer, home_area, mine, q2
):
    figure = submitted(mine, q2)
    client.force_login(performance_lead)
    response = client.post(f"/publish/{figure.pk}/reject/", {"reason": ""})
    figure.refresh_from_db()
    assert figure.status == Observation.Status.SUBMITTED  # no reason, no change
    response = client.post(
        f"/publish/{figure.pk}/reject/", {"reason": "The count does not match Q1's."}
    )
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.status == Observation.Status.DRAFT
    client.force_login(officer)
    assert (
        "The count does not match Q1" in client.get(f"/entry/{q2.pk}/").content.decode()
    )


def test_publish_queue_warns_of_small_numbers_and_values_outside_national_range(
    client, performance_lead, home_area, mine, q2
):
    ObservationFactory(
        indicator=mine, period=q2, value=Decimal("40"),
        source=Observation.Source.BENCHMARK,
    )  # fmt: skip
    ObservationFactory(
        indicator=mine, period=q2, value=Decimal("60"),
        source=Observation.Source.BENCHMARK,
    )  # fmt: skip
    ObservationFactory(
        indicator=mine, area=home_area, period=q2, value=Decimal("99"),
        numerator=3, denominator=3, status=Observation.Status.SUBMITTED,
    )  # fmt: skip
    client.force_login(performance_lead)
    page = client.get("/publish/").content.decode()
    assert "Small number: based on 3" in page
    assert "Outside every national figure so far (40 to 60)" in page


# --- Revisions and targets -----------------------------------------------------------


def test_revising_a_published_figure_marks_it_and_records_who(
    client, performance_lead, councillor, home_area, mine, q2
):
    figure = ObservationFactory(
        indicator=mine, area=home_area, period=q2, value=Decimal("81")
    )
    recompute()
    client.force_login(performance_lead)
    response = client.post(
        f"/figures/{figure.pk}/revise/", {"value": "78.5", "note": ""}
    )
    assert response.status_code == 200  # a reason is required
    figure.refresh_from_db()
    assert figure.value == Decimal("81")
    client.post(
        f"/figures/{figure.pk}/revise/",
        {"value": "78.5", "note": "Late cases added by the east team."},
    )
    figure.refresh_from_db()
    assert (figure.value, figure.revised) == (Decimal("78.5"), True)
    last = figure.history.first()
    assert last.history_user == performance_lead
    assert last.history_change_reason == "page: revise published figure"
    assert last.prev_record.value == Decimal("81")
    assert Rating.objects.get(observation=figure).rag == "amber"

    client.force_login(councillor)
    assert "revised" in client.get("/").content.decode().lower()
    export = client.get("/", {"_export": "csv"}).content.decode("utf-8-sig")
    record = next(csv.DictReader(io.StringIO(export)))
    assert record["revised"] == "yes"


def test_a_years_target_applies_to_its_quarters_and_rerates(
    client, performance_lead, home_area, mine, q2
):
    figure = ObservationFactory(
        indicator=mine, area=home_area, period=q2, value=Decimal("81")
    )
    recompute()
    assert Rating.objects.get(observation=figure).rag == "green"
    client.force_login(performance_lead)
    response = client.post(
        f"/indicators/{mine.code}/targets/", {"period": "2025/26", "value": "90"}
    )
    assert response.status_code == 302
    labels = set(
        Target.objects.filter(indicator=mine).values_list("period__label", flat=True)
    )
    assert {"2025/26", "2025/26 Q1", "2025/26 Q2", "2025/26 Q3", "2025/26 Q4"} <= labels
    assert Rating.objects.get(observation=figure).rag == "red"
    change = Target.history.filter(period=q2).first()
    assert change.history_user == performance_lead
    assert change.history_change_reason == "page: targets"
    assert change.prev_record.value == Decimal("80")


def test_target_form_rejects_bad_input_and_changes_nothing(
    client, performance_lead, home_area, mine
):
    client.force_login(performance_lead)
    before = Target.objects.count()
    for data in (
        {"period": "Q5 2025", "value": "90"},
        {"period": "2025/26", "value": "=1+1"},
    ):
        response = client.post(f"/indicators/{mine.code}/targets/", data)
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
    assert Target.objects.count() == before
