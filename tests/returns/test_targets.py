"""Targets: one atomic service every path goes through (the page, a
return's target column, the command), the right to set them checked there,
a target holding until replaced, deletion, and two clicks at once."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from indicators.models import ImportJob, Observation, Rating, Target
from indicators.rating import parse_period
from indicators.services import recompute
from returns.services import open_quarters
from returns.services.targets import (
    TargetChange,
    TargetsRefused,
    target_delete,
    target_set,
    targets_set,
)
from tests.factories import IndicatorFactory, ObservationFactory, UserFactory, period

pytestmark = pytest.mark.django_db


@pytest.fixture
def assess(officer, home_area):  # type: ignore[no-untyped-def]
    """Higher is better, tolerance 5, owned by `officer`; target 80 set for
    2025/26 Q2 only; a published Q2 figure of 82 (green) and Q3 of 78."""
    indicator = IndicatorFactory(
        code="assess", name="Assessments on time", unit="percent",
        polarity="higher", rag_method="target", tolerance=Decimal("5"),
        owner=officer,
    )  # fmt: skip
    indicator.targets.create(period=period("2025/26 Q2"), value=Decimal("80"))
    for label, value in (("2025/26 Q2", "82"), ("2025/26 Q3", "78")):
        ObservationFactory(
            indicator=indicator, area=home_area, period=period(label),
            value=Decimal(value), commentary="Explained.",
        )  # fmt: skip
    recompute()
    return indicator


def rag_of(indicator, label):  # type: ignore[no-untyped-def]
    return Rating.objects.get(
        observation__indicator=indicator, observation__period__label=label
    )


def test_a_quarter_without_its_own_target_is_rated_against_the_one_in_force(assess):
    q3 = rag_of(assess, "2025/26 Q3")
    # 78 against Q2's 80, carried forward: 2 short, within the tolerance of 5.
    assert (q3.target, q3.rag) == (Decimal("80"), "amber")


def test_the_entry_page_and_the_indicator_page_show_the_target_in_force(
    client, officer, assess
):
    client.force_login(officer)
    q3 = period("2025/26 Q3")
    page = client.get(f"/entry/{q3.pk}/").content.decode()
    target_row = page[page.index(">Target<") :][:400]
    assert "80.0%" in target_row and "None set" not in target_row
    detail = client.get("/indicators/assess/").content.decode()
    q3_row = detail[detail.index(">October to December 2025 (quarter 3)<") :][:1200]
    assert "80.0%" in q3_row


def test_a_years_target_comes_before_an_earlier_quarters(assess, performance_lead):
    # The year holds for its quarters that have no target of their own.
    target_set(
        user=performance_lead,
        indicator=assess,
        period=parse_period("2025/26", "financial"),
        value=Decimal("77"),
    )
    Target.objects.filter(indicator=assess, period__label="2025/26 Q3").delete()
    recompute()
    q3 = rag_of(assess, "2025/26 Q3")
    assert (q3.target, q3.rag) == (Decimal("77"), "green")


def test_only_the_performance_team_sets_targets_by_the_page(assess, officer):
    with pytest.raises(PermissionDenied):
        target_set(
            user=officer,
            indicator=assess,
            period=parse_period("2025/26 Q3", "financial"),
            value=Decimal("99"),
        )
    assert Target.objects.filter(indicator=assess).count() == 1


def test_an_officers_changed_target_is_refused_and_nothing_is_written(assess, officer):
    q2, q3 = period("2025/26 Q2"), period("2025/26 Q3")
    with pytest.raises(TargetsRefused) as refused:
        targets_set(
            changes=[
                TargetChange(assess.pk, q3, Decimal("80"), row=2),  # as in force
                TargetChange(assess.pk, q2, Decimal("99"), row=3),
            ],
            user=officer,
        )
    [item] = refused.value.refused
    assert item.change.row == 3
    assert "only the performance team sets targets" in item.reason
    assert "the target for 2025/26 Q2 is 80" in item.reason
    assert list(Target.objects.values_list("period__label", "value")) == [
        ("2025/26 Q2", Decimal("80"))
    ]


def test_restating_the_target_in_force_changes_nothing_for_anyone(assess, officer):
    result = targets_set(
        changes=[TargetChange(assess.pk, period("2025/26 Q3"), Decimal("80.000"))],
        user=officer,
    )
    assert (result.changed, result.unchanged) == (0, 1)
    assert Target.objects.count() == 1
    assert Target.history.count() == 1


@pytest.fixture
def upload(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def post(client, content: bytes):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/imports/",
                {"kind": "returns", "file": SimpleUploadedFile("r.csv", content)},
            )

    return post


RESTATED_WITH_TARGET_99 = (
    b"indicator_code,period,value,target,commentary\r\n"
    b"assess,2025/26 Q2,82,99,Explained.\r\n"
)


def test_an_officers_upload_with_a_changed_target_is_a_row_error(
    upload, client, officer, assess
):
    # The latest quarter open to officers today (figure_rules.EntryWindow):
    # it has no target of its own, so 2025/26 Q2's 80 is in force, and 99
    # would change it.
    latest = open_quarters()[0].label
    before = Observation.history.count(), Target.history.count()
    client.force_login(officer)
    upload(
        client,
        "indicator_code,period,value,target,commentary\r\n"
        f"assess,{latest},82,99,Explained.\r\n".encode(),
    )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED
    [error] = job.errors
    assert (error["row"], error["column"], error["value"]) == (2, "target", "99")
    assert "only the performance team sets targets" in error["reason"]
    assert "is 80" in error["reason"]
    assert Target.objects.get(indicator=assess).value == Decimal("80")
    assert rag_of(assess, "2025/26 Q2").rag == "green"  # the green stays green
    assert not Observation.all_objects.filter(period__label=latest).exists()
    assert (Observation.history.count(), Target.history.count()) == before
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "only the performance team sets targets" in page


def test_the_performance_teams_upload_sets_the_target_and_says_so(
    upload, client, performance_lead, assess
):
    client.force_login(performance_lead)
    upload(client, RESTATED_WITH_TARGET_99)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.counts["targets changed"] == 1
    assert "1 target changed" in job.message
    assert "nothing changed" not in job.message
    assert Target.objects.get(indicator=assess, period__label="2025/26 Q2").value == 99
    assert rag_of(assess, "2025/26 Q2").rag == "red"
    change = Target.history.filter(period__label="2025/26 Q2").first()
    assert change.history_user == performance_lead
    assert change.prev_record.value == Decimal("80")


def test_the_command_line_without_a_user_may_set_targets(assess, tmp_path):
    source = tmp_path / "return.csv"
    source.write_bytes(RESTATED_WITH_TARGET_99.replace(b"99", b"90"))
    call_command("import_returns", str(source), stdout=_Quiet(), stderr=_Quiet())
    assert Target.objects.get(period__label="2025/26 Q2").value == Decimal("90")
    assert ImportJob.objects.get().counts["targets changed"] == 1


def test_the_command_line_as_an_officer_may_not(assess, officer, tmp_path):
    source = tmp_path / "return.csv"
    source.write_bytes(RESTATED_WITH_TARGET_99)
    with pytest.raises(CommandError):
        call_command(
            "import_returns", str(source), "--user", "officer",
            stdout=_Quiet(), stderr=_Quiet(),
        )  # fmt: skip
    assert Target.objects.get(period__label="2025/26 Q2").value == Decimal("80")


class _Quiet:
    def write(self, *_: object, **__: object) -> None:
        pass

    def flush(self) -> None:
        pass


def test_deleting_a_target_is_audited_and_rerates(client, performance_lead, assess):
    target_set(
        user=performance_lead,
        indicator=assess,
        period=parse_period("2025/26 Q3", "financial"),
        value=Decimal("90"),
    )
    assert rag_of(assess, "2025/26 Q3").rag == "red"
    q3 = Target.objects.get(period__label="2025/26 Q3")
    client.force_login(performance_lead)
    response = client.post("/indicators/assess/targets/", {"delete": q3.pk})
    assert response.status_code == 302
    assert not Target.objects.filter(pk=q3.pk).exists()
    gone = Target.history.filter(id=q3.pk).first()
    assert (gone.history_type, gone.history_user) == ("-", performance_lead)
    assert gone.history_change_reason == "page: delete target"
    # Q3 takes Q2's 80 again: amber.
    assert (rag_of(assess, "2025/26 Q3").target, rag_of(assess, "2025/26 Q3").rag) == (
        Decimal("80"),
        "amber",
    )
    # A second click says so, and changes nothing.
    again = client.post("/indicators/assess/targets/", {"delete": q3.pk}, follow=True)
    assert "had already been deleted" in again.content.decode()
    assert Target.history.filter(id=q3.pk).count() == 2


def test_officers_cannot_delete_targets(client, officer, assess):
    target = Target.objects.get()
    client.force_login(officer)
    assert (
        client.post("/indicators/assess/targets/", {"delete": target.pk}).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        target_delete(user=officer, indicator=assess, target_id=target.pk)
    assert Target.objects.filter(pk=target.pk).exists()


def test_the_same_target_twice_says_nothing_changed(client, performance_lead, assess):
    client.force_login(performance_lead)
    data = {"period": "2025/26 Q3", "value": "85"}
    client.post("/indicators/assess/targets/", data)
    page = client.post("/indicators/assess/targets/", data, follow=True)
    assert "was already 85: nothing changed" in page.content.decode()
    assert Target.history.filter(period__label="2025/26 Q3").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_set_one_target(home_area):
    lead = UserFactory(username="lead", roles=["Performance team"])
    indicator = IndicatorFactory(code="race", name="Race")
    spec = parse_period("2026/27 Q1", "financial")
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def click() -> None:
        try:
            start.wait()
            outcomes.append(
                target_set(
                    user=lead, indicator=indicator, period=spec, value=Decimal(70)
                )
            )
        except Exception as error:  # noqa: BLE001 - the test reports it
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(result.changed for _, result in outcomes) == [0, 1]
    assert Target.objects.filter(indicator=indicator).count() == 1
    assert Target.history.filter(indicator_id=indicator.pk).count() == 1
