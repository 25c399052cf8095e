"""Control characters never break an export. Text is cleaned on the way in
(every form of the apps, the returns' commentary) and again on the way out
(every XLSX and DOCX writer), so that rows stored before the cleaning still
export: openpyxl raises IllegalCharacterError and python-docx ValueError on
them, which made /actions/?_export=xlsx a 500 for every reader."""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
from decimal import Decimal

import django_tables2 as tables
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.urls import reverse
from django_tables2.export import ExportMixin
from docx import Document
from openpyxl import load_workbook

from committees.models import Action, AgendaItem, Meeting, Resolution
from indicators.exports import SafeTableExport, neutralise
from indicators.models import ImportJob, Indicator, Observation, Rating
from indicators.permissions import named_urls
from indicators.services import recompute
from indicators.text import CleanTextMixin, clean_text
from reports import services as report_services
from reports.models import Paragraph, Report
from returns.services import open_quarters
from tests.committees.factories import CommitteeFactory, ResolutionFactory, make_action
from tests.factories import IndicatorFactory, ObservationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

# What a user can paste: escape, vertical tab (Word's line break), form feed,
# SOH, NUL, DEL, a C1 control and a right-to-left override.
HOSTILE = "Vacancies\x1b[31m in\x0bthe east\x0cteam\x01\x00\x7f\x85 \u202eevil"
CLEANED = "Vacancies[31m in\nthe east\nteam evil"
# Rows already stored: PostgreSQL cannot hold NUL, everything else it can.
STORED = HOSTILE.replace("\x00", "")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (HOSTILE, CLEANED),
        ("tab\tcarriage return\r\nline feed\n", "tab\tcarriage return\r\nline feed\n"),
        ("£1,200 é 漢字 😀 \u200fRLM", "£1,200 é 漢字 😀 \u200fRLM"),  # marks stay
        ("a\ufffeb\uffffc\ud800d", "abcd"),  # refused by lxml
        ("\u2066isolated\u2069 \u202aembedded\u202c", "isolated embedded"),
        ("", ""),
    ],
)
def test_clean_text_keeps_what_people_type_and_drops_what_files_refuse(typed, kept):
    assert clean_text(typed) == kept
    assert clean_text(kept) == kept


def test_a_cleaned_cell_cannot_become_a_formula():
    """Cleaning comes before the formula check: '\\x01=cmd' must not end as
    '=cmd' in a cell."""
    assert neutralise("\x01=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert neutralise("\u202e@SUM(A1)") == "'@SUM(A1)"
    assert neutralise(neutralise("=1+1")) == "'=1+1"
    assert neutralise(Decimal("-3")) == Decimal("-3")


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for app in ("indicators", "returns", "committees", "reports"):
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            found += [
                cls
                for _, cls in inspect.getmembers(module, inspect.isclass)
                if issubclass(cls, forms.BaseForm) and cls.__module__ == info.name
            ]
    return found


def test_every_form_in_the_apps_cleans_what_is_typed():
    """A new form without the mixin fails here: put CleanTextMixin first
    among its bases (committees' forms get it from GovukForm)."""
    classes = _form_classes()
    assert len(classes) >= 14, classes  # the walk found the forms
    assert [c.__name__ for c in classes if not issubclass(c, CleanTextMixin)] == []


def test_the_mixin_cleans_every_value_of_query_dicts_and_plain_dicts():
    class Form(CleanTextMixin, forms.Form):
        name = forms.CharField()
        tags = forms.MultipleChoiceField(choices=[("a", "a"), ("b", "b")])

    posted = QueryDict(mutable=True)
    posted.update({"name": "x\x01y"})
    posted.setlist("tags", ["a\x1b", "b"])
    for data in (posted, {"name": "x\x01y", "tags": ["a\x1b", "b"]}):
        form = Form(data)
        assert form.is_valid(), form.errors
        assert form.cleaned_data == {"name": "xy", "tags": ["a", "b"]}
    assert posted["name"] == "x\x01y"  # the request's own data is not changed


# --- Every form path stores clean text -------------------------------------------


@pytest.fixture
def q2():  # type: ignore[no-untyped-def]
    """The latest quarter open to officers today (figure_rules.EntryWindow),
    so that its figures may be entered whatever the day."""
    return open_quarters()[0]


@pytest.fixture
def mine(officer, q2) -> Indicator:  # type: ignore[no-untyped-def]
    indicator = IndicatorFactory(
        code="assess", name="Assessments on time", unit="percent",
        polarity="higher", rag_method="target", tolerance=Decimal("5"),
        owner=officer,
    )  # fmt: skip
    indicator.targets.create(period=q2, value=Decimal("80"))
    return indicator


def test_the_clerks_forms_store_clean_text(client, clerk, officer):  # type: ignore[no-untyped-def]
    committee = CommitteeFactory(code="CFS", slug="cfs", name="Children")
    client.force_login(clerk)
    client.post(
        reverse("meeting_create", args=[committee.slug]),
        {"date": "2026-01-19", "time": "14:00", "venue": "County\x0bHall\x1b",
         "status": "scheduled"},
    )  # fmt: skip
    meeting = Meeting.objects.get()
    client.post(
        reverse("item_create", args=[meeting.pk]),
        {"number": "1", "title": "Performance\x01 report"},
    )
    item = AgendaItem.objects.get()
    client.post(
        reverse("resolution_create", args=[item.pk]),
        {"letter": "a", "kind": "request", "text": "That the\x0c Director report."},
    )
    resolution = Resolution.objects.get()
    client.post(
        reverse("action_create", args=[resolution.pk]),
        {"description": HOSTILE, "lead_name": "Director\x1b",
         "lead_email": "director@example.org", "due_date": "2026-03-01"},
    )  # fmt: skip
    action = Action.objects.get()
    client.post(
        reverse("action_update", args=[action.pk]),
        {"date": "2026-01-20", "text": "Drafted\x01.", "status": "in_progress"},
    )
    client.post(reverse("action_close", args=[action.pk]), {"reason": "Done\x1b."})
    action.refresh_from_db()
    assert Meeting.objects.get().venue == "County\nHall"
    assert AgendaItem.objects.get().title == "Performance report"
    assert Resolution.objects.get().text == "That the\n Director report."
    assert (action.description, action.lead_name) == (CLEANED, "Director")
    assert "Drafted." in action.updates.values_list("text", flat=True)
    assert (action.status, action.closed_reason) == ("closed", "Done.")


def test_the_officers_and_performance_teams_forms_store_clean_text(  # type: ignore[no-untyped-def]
    client, officer, performance_lead, home_area, mine, q2
):
    client.force_login(officer)
    client.post(
        f"/entry/{q2.pk}/",
        {
            "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000",
            "action": "submit", "form-0-indicator": str(mine.pk),
            "form-0-value": "70\x01", "form-0-numerator": "",
            "form-0-denominator": "", "form-0-commentary": HOSTILE,
        },
    )  # fmt: skip
    figure = Observation.all_objects.get()
    assert (figure.value, figure.commentary) == (Decimal("70"), CLEANED)
    client.force_login(performance_lead)
    client.post(f"/publish/{figure.pk}/reject/", {"reason": "Check\x1b the count."})
    figure.refresh_from_db()
    assert (figure.status, figure.rejection_reason) == ("draft", "Check the count.")
    published = ObservationFactory(
        indicator=IndicatorFactory(code="visits"), area=home_area, period=q2,
        value=Decimal("81"),
    )  # fmt: skip
    recompute()
    client.post(
        f"/figures/{published.pk}/revise/",
        {"value": "78.5", "note": "Late\x0b cases\x01 added."},
    )
    published.refresh_from_db()
    assert (published.value, published.revision_note) == (
        Decimal("78.5"),
        "Late\n cases added.",
    )


def test_a_returns_commentary_is_cleaned(  # type: ignore[no-untyped-def]
    client, officer, home_area, mine, q2, django_capture_on_commit_callbacks
):
    content = (
        "indicator_code,period,value,commentary\r\n"
        f'assess,{q2.label},82.5,"{STORED}"\r\n'
    ).encode()  # (a NUL would make it "not a text file")
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/imports/",
            {"kind": "returns", "file": SimpleUploadedFile("return.csv", content)},
        )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert Observation.all_objects.get().commentary == CLEANED


def test_the_report_forms_store_clean_text(  # type: ignore[no-untyped-def]
    client, officer, home_area, mine, q2
):
    ObservationFactory(indicator=mine, area=home_area, period=q2, value=Decimal("82"))
    recompute()
    client.force_login(officer)
    response = client.post(
        reverse("report_new"),
        {"committee_name": "Children\x1b's\x01 Scrutiny", "period": q2.pk,
         "themes": [mine.theme_id]},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-3000:]
    report = Report.objects.get()
    assert report.committee_name == "Children's Scrutiny"
    paragraph = report.paragraphs.filter(indicator=mine).get()
    client.post(
        reverse(
            "paragraph_edit",
            kwargs={**report.url_kwargs(), "paragraph_id": paragraph.pk},
        ),
        {"text": HOSTILE},
    )
    paragraph.refresh_from_db()
    assert paragraph.text == CLEANED


# --- Rows stored before the cleaning still export ---------------------------------


def test_old_actions_with_control_characters_export_to_xlsx_and_csv(  # type: ignore[no-untyped-def]
    client, clerk, councillor
):
    action = make_action(clerk, resolution=ResolutionFactory())
    Action.objects.filter(pk=action.pk).update(
        description="=HYPERLINK(\x01)" + STORED, closed_reason="\x1b-1"
    )
    client.force_login(councillor)
    response = client.get(reverse("action_tracker"), {"_export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows()}
    header = rows["reference"]
    row = dict(zip(header, rows[action.reference], strict=True))
    assert row["description"] == "'=HYPERLINK()" + CLEANED
    assert row["closed_reason"] == "'-1"
    csv_export = client.get(reverse("action_tracker"), {"_export": "csv"})
    assert "'=HYPERLINK()Vacancies" in csv_export.content.decode("utf-8-sig")


def test_old_indicator_names_with_control_characters_export_from_the_dashboard(  # type: ignore[no-untyped-def]
    client, councillor, home_area, mine, q2
):
    ObservationFactory(indicator=mine, area=home_area, period=q2, value=Decimal("82"))
    recompute()
    Indicator.objects.filter(pk=mine.pk).update(name="Assessments\x01 on\x0b time")
    client.force_login(councillor)
    response = client.get("/", {"_export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == "Assessments on\n time"


@pytest.fixture
def dirty_report(officer, performance_lead, home_area, q2) -> Report:  # type: ignore[no-untyped-def]
    """A final report whose committee name, paragraph, indicator name and
    theme were stored with control characters (before cleaning existed)."""
    theme = ThemeFactory(name="Child protection", slug="child-protection")
    indicator = IndicatorFactory(code="repeat", name="Repeat plans", theme=theme)
    q1 = open_quarters()[1]  # the quarter before q2
    for when, value in ((q1, "20.0"), (q2, "24.5")):
        figure = ObservationFactory(
            indicator=indicator, area=home_area, period=when, value=Decimal(value)
        )
        Rating.objects.create(observation=figure, direction="n/a", rag="green")
    report, _ = report_services.report_draft(
        user=officer, period=q2, committee_name="Children's Scrutiny",
        theme_ids=[theme.pk],
    )  # fmt: skip
    report_services.report_finalise(user=performance_lead, report=report)
    Report.objects.filter(pk=report.pk).update(committee_name="Children\x1b's")
    Paragraph.objects.filter(report=report).update(text=STORED)
    return Report.objects.get(pk=report.pk)


def test_an_old_report_with_control_characters_downloads_as_docx_and_pdf(  # type: ignore[no-untyped-def]
    client, councillor, dirty_report
):
    client.force_login(councillor)
    url = reverse("report_detail", kwargs=dirty_report.url_kwargs())
    response = client.get(url, {"format": "docx"})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Children's" in text and "Vacancies[31m in" in text
    assert "\x1b" not in text and "\u202e" not in text
    assert client.get(url, {"format": "pdf"}).content.startswith(b"%PDF")


def test_the_export_class_cleans_columns_that_do_not_neutralise_themselves():
    """Defence in depth: a table column without a value_ method still
    reaches the workbook cleaned and neutralised."""

    class Plain(tables.Table):
        name = tables.Column()
        count = tables.Column()

    table = Plain([{"name": "=1+1\x01", "count": 3}, {"name": "ok\x1b", "count": 4}])
    content = SafeTableExport("xlsx", table).export()
    sheet = load_workbook(io.BytesIO(content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Name", "Count"],
        ["'=1+1", 3],
        ["ok", 4],
    ]


def test_every_exporting_page_uses_the_safe_export():
    views = []
    for _, pattern in named_urls():
        view = getattr(pattern.callback, "view_class", None)
        if view is not None and issubclass(view, ExportMixin):
            views.append(view)
    assert len(views) >= 2  # the dashboard and the action tracker
    assert [
        v.__name__ for v in views if not issubclass(v.export_class, SafeTableExport)
    ] == []
