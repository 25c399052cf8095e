"""The quarter's cycle through the pages: enter, check, submit, publish,
reject, revise, targets; and uploads at /imports/ with their bad files."""

from __future__ import annotations

import csv
import datetime
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from indicators.models import (
    FigureReminder,
    ImportJob,
    Observation,
    Rating,
    Target,
    Team,
)
from indicators.services import recompute
from tests.factories import IndicatorFactory, ObservationFactory, UserFactory, period

pytestmark = pytest.mark.django_db


# 2025/26 Q2 (July to September 2025) is the quarter being collected: it has
# ended and is open for officers' figures (see figure_rules.EntryWindow).
TODAY = datetime.datetime(2025, 11, 14, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(TODAY, tick=True)
    return TODAY.date()


@pytest.fixture
def q2():  # type: ignore[no-untyped-def]
    return period("2025/26 Q2")


@pytest.fixture
def mine(officer, q2):  # type: ignore[no-untyped-def]
    """Higher is better, target 80 with tolerance 5, owned by `officer`."""
    indicator = IndicatorFactory(
        code="assess", name="Assessments on time", unit="percent",
        polarity="higher", rag_method="target", tolerance=Decimal("5"),
        owner=officer,
    )  # fmt: skip
    indicator.targets.create(period=q2, value=Decimal("80"))
    return indicator


@pytest.fixture
def theirs(q2):  # type: ignore[no-untyped-def]
    other = UserFactory(username="other-officer", roles=["Officers"])
    return IndicatorFactory(code="visits", name="Visits on time", owner=other)


def formset(rows: list[dict[str, str]], action: str) -> dict[str, str]:
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "action": action,
    }
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{n}-{key}"] = value
    return data


def entry(indicator, value="", commentary="", numerator="", denominator=""):  # type: ignore[no-untyped-def]
    return {
        "indicator": str(indicator.pk), "value": value, "numerator": numerator,
        "denominator": denominator, "commentary": commentary,
    }  # fmt: skip


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


# --- Publishing ----------------------------------------------------------------------


def submitted(indicator, q2, value="70", commentary="Explained."):  # type: ignore[no-untyped-def]
    return ObservationFactory(
        indicator=indicator, area=indicator_area(), period=q2, value=Decimal(value),
        status=Observation.Status.SUBMITTED, commentary=commentary,
    )  # fmt: skip


def indicator_area():  # type: ignore[no-untyped-def]
    from indicators.services.common import home_area

    return home_area()


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


# --- Uploads -------------------------------------------------------------------------


@pytest.fixture
def upload(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """POST a file to /imports/; the job is queued on commit, as in a real
    request, and runs eagerly (the real-worker test is in tests/integration)."""

    def post(client, content: bytes, name: str = "return.csv", kind: str = "returns"):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/imports/", {"kind": kind, "file": SimpleUploadedFile(name, content)}
            )

    return post


GOOD = (
    b"indicator_code,period,value,numerator,denominator,commentary\r\n"
    b"assess,2025/26 Q2,82.5,33,40,On track\r\n"
)


def test_a_good_upload_imports_and_a_second_identical_one_changes_nothing(
    upload, client, officer, home_area, mine
):
    client.force_login(officer)
    response = upload(client, GOOD)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.created_by == officer
    page = client.get(response["Location"]).content.decode()
    assert "Imported" in page
    assert 'hx-trigger="every 1s"' not in page  # finished: polling stops
    figure = Observation.all_objects.get()
    assert figure.value == Decimal("82.5")
    assert figure.status == Observation.Status.SUBMITTED
    assert figure.history.first().history_change_reason.startswith("import job")

    response = upload(client, GOOD)
    page = client.get(response["Location"]).content.decode()
    assert "This file is identical to" in page
    assert "nothing changed" in page
    assert Observation.all_objects.count() == 1
    assert figure.history.count() == 1


def test_a_bad_upload_lists_every_row_error_and_writes_nothing(
    upload, client, officer, home_area, mine
):
    client.force_login(officer)
    bad = (
        b"indicator_code,period,value\n"
        b"assess,2025/26 Q2,82.5\n"
        b"assess,2025/26 Q9,50\n"
        b"nope,2025/26 Q2,50\n"
        b"assess,2025/26 Q1,lots\n"
    )
    response = upload(client, bad)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED
    page = client.get(response["Location"]).content.decode()
    assert "Nothing from this file was written" in page
    assert "Q9" in page and "nope" in page and "lots" in page
    assert not Observation.all_objects.exists()
    errors = client.get(f"/imports/{job.pk}/errors.csv")
    rows = list(csv.DictReader(io.StringIO(errors.content.decode("utf-8-sig"))))
    assert [r["row"] for r in rows] == ["3", "4", "5"]
    assert {r["column"] for r in rows} >= {"period", "indicator_code", "value"}


def test_an_officer_cannot_upload_another_teams_figures(
    upload, client, officer, home_area, mine, theirs
):
    client.force_login(officer)
    upload(client, b"indicator_code,period,value\nvisits,2025/26 Q2,50\n")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED
    assert "you do not enter figures for visits" in job.errors[0]["reason"]
    assert not Observation.all_objects.exists()


def test_councillors_cannot_upload(upload, client, councillor, home_area):
    client.force_login(councillor)
    assert upload(client, GOOD).status_code == 403
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("return.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "is not a text file"),
        ("return.xlsx", b"indicator_code,period,value\n", "is not an Excel workbook"),
        ("return.exe", b"MZ\x90\x00", "Upload a CSV or XLSX file"),
        ("return.csv", b"", "is empty"),
    ],
    ids=["png-named-csv", "csv-named-xlsx", "exe", "empty"],
)
def test_wrong_type_by_content_is_refused_before_any_job(
    upload, client, officer, home_area, name, content, message
):
    client.force_login(officer)
    response = upload(client, content, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_oversized_uploads_are_refused(upload, client, officer, home_area, settings):
    settings.SCRUTINEER_MAX_UPLOAD_BYTES = 1024
    client.force_login(officer)
    response = upload(client, GOOD + b"x" * 2048)
    assert "the limit is" in response.content.decode()
    assert not ImportJob.objects.exists()


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_formulas_are_never_evaluated(upload, client, officer, home_area, mine):
    client.force_login(officer)
    content = xlsx(
        [
            ["indicator_code", "period", "value", "commentary"],
            ["assess", "2025/26 Q2", 82, '=HYPERLINK("http://evil","x")'],
        ]
    )
    upload(client, content, name="return.xlsx")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    figure = Observation.all_objects.get()
    assert figure.value == Decimal("82")
    # The reader takes the value a workbook stored, never the formula run
    # again: openpyxl writes no stored result, so the cell reads as empty.
    assert figure.commentary == ""


def test_cp1252_csv_keeps_its_pound_sign(upload, client, officer, home_area, mine):
    client.force_login(officer)
    content = "indicator_code,period,value,commentary\nassess,2025/26 Q2,82,Cost £1,200 a week\n"
    upload(client, content.replace(",200", "200").encode("cp1252"))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert Observation.all_objects.get().commentary == "Cost £1200 a week"


def test_formula_text_is_exported_safely(
    client, officer, councillor, home_area, mine, q2
):
    """Text that officers type and the export really writes (the indicator's
    name and theme: the export has no commentary column) reaches CSV and
    XLSX cells as text, never as a formula."""
    from openpyxl import load_workbook

    mine.name = "=cmd|' /C calc'!A0"
    mine.save()
    mine.theme.name = "@SUM(1+1)*cmd|' /C calc'!A0"
    mine.theme.save()
    ObservationFactory(
        indicator=mine, area=home_area, period=q2, value=Decimal("70"),
        commentary="=cmd|' /C calc'!A0",
    )  # fmt: skip
    recompute()
    client.force_login(officer)
    text = client.get("/", {"_export": "csv"}).content.decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["indicator_name"] == "'=cmd|' /C calc'!A0"
    assert row["theme"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    sheet = load_workbook(
        io.BytesIO(client.get("/", {"_export": "xlsx"}).content)
    ).active
    cells = [c.value for c in sheet[2]]
    assert "'=cmd|' /C calc'!A0" in cells
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert not [c for c in cells if isinstance(c, str) and c.startswith(("=", "@"))]


# --- Reminders and the sweeper -------------------------------------------------------


def test_reminders_are_sent_once_per_figure_and_deadline(officer, home_area, mine, q2):
    q2.collection_deadline = date(2025, 10, 20)
    q2.reminder_days = 7
    q2.save()
    from returns.services import figure_reminders_send

    assert figure_reminders_send(today=date(2025, 10, 12)) == 0  # too early
    assert figure_reminders_send(today=date(2025, 10, 13)) == 1
    assert figure_reminders_send(today=date(2025, 10, 14)) == 0  # once only
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer.email]
    assert "Assessments on time" in mail.outbox[0].body
    assert FigureReminder.objects.count() == 1


def test_no_reminder_once_the_figure_is_submitted(officer, home_area, mine, q2):
    q2.collection_deadline = date(2025, 10, 20)
    q2.save()
    submitted(mine, q2)
    from returns.services import figure_reminders_send

    assert figure_reminders_send(today=date(2025, 10, 18)) == 0
    assert mail.outbox == []


def test_the_sweeper_requeues_a_job_the_broker_lost(
    officer, home_area, mine, django_capture_on_commit_callbacks, tmp_path
):
    from datetime import timedelta

    from django.utils import timezone

    from indicators.services import import_jobs_sweep

    source = tmp_path / "return.csv"
    source.write_bytes(GOOD)
    job = ImportJob(kind=ImportJob.Kind.RETURNS, filename="return.csv")
    with open(source, "rb") as handle:
        from django.core.files import File

        job.file.save("return.csv", File(handle), save=True)
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert import_jobs_sweep() == {"requeued": 1, "failed": 0}
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    with django_capture_on_commit_callbacks(execute=True):
        assert import_jobs_sweep() == {"requeued": 0, "failed": 0}


def test_the_sweeper_requeues_a_job_whose_worker_died(home_area, mine):
    from datetime import timedelta

    from django.utils import timezone

    from indicators.services import import_jobs_sweep

    long_ago = timezone.now() - timedelta(minutes=30)
    dead = ImportJob.objects.create(
        kind=ImportJob.Kind.RETURNS, filename="a.csv", status="running",
        heartbeat_at=long_ago, attempts=1,
    )  # fmt: skip
    hopeless = ImportJob.objects.create(
        kind=ImportJob.Kind.RETURNS, filename="b.csv", status="running",
        heartbeat_at=long_ago, attempts=3,
    )  # fmt: skip
    assert import_jobs_sweep() == {"requeued": 1, "failed": 1}
    dead.refresh_from_db()
    hopeless.refresh_from_db()
    assert dead.status == ImportJob.Status.QUEUED
    assert hopeless.status == ImportJob.Status.FAILED


def test_xlsx_with_a_million_empty_rows_imports_its_data_rows_only(
    upload, client, officer, home_area, mine
):
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator_code", "period", "value"])
    sheet.append(["assess", "2025/26 Q2", 82])
    sheet.cell(row=1_048_576, column=3, value=" ")  # the sheet's last row
    out = io.BytesIO()
    book.save(out)
    client.force_login(officer)
    upload(client, out.getvalue(), name="return.xlsx")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.rows_read < 1000  # reading stopped at the run of blank rows
    assert Observation.all_objects.get().value == Decimal("82")


def test_a_returns_targets_are_set_in_bulk_and_audited(
    home_area, mine, tmp_path, time_machine
):
    from django.core.management import call_command

    time_machine.move_to(datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC))  # Q4 over

    source = tmp_path / "return.csv"
    for target in ("85", "85", "88"):
        source.write_text(
            "indicator_code,period,value,target\n"
            f"assess,2025/26 Q3,82,{target}\nassess,2025/26 Q4,83,{target}\n"
        )
        call_command("import_returns", str(source))
    q3 = Target.objects.get(indicator=mine, period__label="2025/26 Q3")
    assert q3.value == Decimal("88")
    history = list(q3.history.order_by("history_date"))
    assert [h.value for h in history] == [Decimal("85"), Decimal("88")]  # 2nd: no-op
    assert history[-1].history_change_reason.startswith("import job")
