"""Issue 16: the report says which groups its figures use, and places its
indicators among a comparator group chosen for it (`Report.comparator_group`):
the wording (pure), the service that keeps the group, the overall position
among it (the position page's own counts) on the page, in the PDF and in the
DOCX, each worked out by hand on a small set of counties and unitaries."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from indicators.models import Area, Indicator, Observation, StatisticalNeighbour
from reports import exports, services, wording
from reports.models import Report
from tests.factories import AreaFactory, period

pytestmark = pytest.mark.django_db

COUNTIES = wording.Group("counties", "All counties", 4)
NEIGHBOURS = wording.Group("neighbours", "Statistical neighbours", 3)


# --- The wording (pure) ------------------------------------------------------------


def test_each_kind_of_group_is_named_in_a_sentence_with_its_size():
    said = [
        (wording.group_label(g, "Leicestershire"), wording.group_size(g, "Leicestershire"))
        for g in (
            NEIGHBOURS,
            COUNTIES,
            wording.Group("region", "East Midlands", 9),
            wording.Group("county-group", "County comparator group", 32),
        )
    ]  # fmt: skip
    assert said == [
        ("Leicestershire and its statistical neighbours", "(3 authorities)"),
        ("all counties", "(4 authorities, Leicestershire included)"),
        ("the authorities of its region, East Midlands", "(9 authorities, Leicestershire included)"),
        ("the comparator group “County comparator group”", "(32 authorities, Leicestershire included)"),
    ]  # fmt: skip


def test_the_position_sentence_counts_each_quartile_and_those_without():
    assert wording.position_sentence(COUNTIES, "Leicestershire", (18, 8, 2, 1), 3) == (
        "Among all counties (4 authorities, Leicestershire included), Leicestershire"
        " is in the top quartile for 18 indicators, the second for 8, the third for 2"
        " and the bottom for 1; 3 have no quartile."
    )
    assert wording.position_sentence(NEIGHBOURS, "Leicestershire", (1, 0, 0, 0), 1) == (
        "Among Leicestershire and its statistical neighbours (3 authorities),"
        " Leicestershire is in the top quartile for 1 indicator, the second for 0,"
        " the third for 0 and the bottom for 0; 1 has no quartile."
    )
    assert wording.position_sentence(COUNTIES, "Leicestershire", (0, 0, 0, 0), 0) == (
        "Among all counties (4 authorities, Leicestershire included), none of the"
        " report's indicators has a figure to place."
    )


def test_the_method_names_the_national_rule_the_neighbours_and_the_region():
    said = wording.method_paragraphs(
        home="Leicestershire",
        neighbours=["Worcestershire", "Warwickshire", "Staffordshire"],
        region="East Midlands",
        group=COUNTIES,
    )
    assert said == [
        "Quartiles and ranks are among all English local authorities with a figure"
        " for the period, as published nationally: the top quartile is the best"
        " performing quarter of authorities.",
        "Statistical neighbours’ averages are of the Department for Education’s"
        " statistical neighbours of Leicestershire: Worcestershire, Warwickshire"
        " and Staffordshire.",
        "Regional figures are those of East Midlands.",
        "The overall position places the report’s indicators among all counties"
        " (4 authorities, Leicestershire included).",
    ]
    alone = wording.method_paragraphs(
        home="Leicestershire", neighbours=[], region="", group=None
    )
    assert alone[1:] == [
        "No statistical neighbours of Leicestershire are loaded, so no neighbours’"
        " average is given."
    ]


# --- Figures: three other counties and two unitaries, the neighbours -----------------


def _figure(
    indicator: Indicator, area: Area, value: str, label: str = "2024/25 Q3"
) -> None:
    Observation.objects.create(
        indicator=indicator, area=area, period=period(label),
        value=Decimal(value), status=Observation.Status.PUBLISHED,
    )  # fmt: skip


@pytest.fixture
def compared(small_report: Report, home_area: Area) -> Report:
    """Around the small report's two indicators (Leicestershire 84.0 on
    assessments, higher better; 24.5 on repeat plans, lower better): three
    other counties, worse on assessments and better on repeat plans, so that
    among all counties Leicestershire is top on one and bottom on the other;
    two unitaries, its statistical neighbours, better on both, so that among
    the neighbours it is bottom on both. (The other real counties, loaded by
    migration, have no figures: they count in the group's size only.) The region, the East Midlands, has
    Leicestershire and County 1."""
    region = AreaFactory(
        code="E12999999", name="East Midlands", level=Area.Level.REGIONAL
    )
    Area.objects.filter(pk=home_area.pk).update(region=region)
    assessments = Indicator.objects.get(code="assessments")
    repeats = Indicator.objects.get(code="repeat-plans")
    for n, (a, r) in enumerate([("70", "10"), ("75", "12"), ("80", "15")], start=1):
        county = AreaFactory(
            code=f"E1099999{n}", name=f"County {n}", region=region if n == 1 else None
        )
        _figure(assessments, county, a)
        _figure(repeats, county, r)
    for rank, (a, r) in enumerate([("99", "1"), ("98", "2")], start=1):
        unitary = AreaFactory(code=f"E0699999{rank}", name=f"Unitary {rank}")
        _figure(assessments, unitary, a)
        _figure(repeats, unitary, r)
        StatisticalNeighbour.objects.create(
            area=home_area, neighbour=unitary, rank=3 - rank
        )
    return small_report


def _counties() -> int:
    """The live counties, Leicestershire among them: the group's size."""
    return Area.objects.filter(
        level=Area.Level.LOCAL_AUTHORITY, terminated_on__isnull=True,
        code__startswith="E10",
    ).count()  # fmt: skip


def _document(report: Report) -> dict:  # type: ignore[type-arg]
    return exports.document(
        Report.objects.prefetch_related("paragraphs").get(pk=report.pk)
    )


# --- The service ---------------------------------------------------------------------


def test_the_group_is_kept_carried_to_the_next_report_and_checked(
    compared, officer, q3
):
    report, _ = services.report_draft(
        user=officer, period=q3, committee_name="Children's Scrutiny",
        comparator_group="counties",
    )  # fmt: skip
    assert report.pk == compared.pk
    compared.refresh_from_db()
    assert compared.comparator_group == "counties"
    assert compared.history.first().history_user == officer
    # Regenerated without a group: the report keeps its own.
    services.report_draft(user=officer, period=q3, committee_name="Children's Scrutiny")
    compared.refresh_from_db()
    assert compared.comparator_group == "counties"
    # The statistical neighbours are kept as blank; a group no page offers
    # is refused, and the report keeps its group.
    with pytest.raises(ValidationError, match="Choose a comparator group"):
        services.report_draft(
            user=officer, period=q3, committee_name="Children's Scrutiny",
            comparator_group="nowhere",
        )  # fmt: skip
    compared.refresh_from_db()
    assert compared.comparator_group == "counties"
    # The next quarter's report starts from this one's group.
    after = period("2024/25 Q4")
    later, _ = services.report_draft(
        user=officer, period=after, committee_name="Children's Scrutiny"
    )
    assert later.pk != compared.pk and later.comparator_group == "counties"
    services.report_draft(
        user=officer, period=after, committee_name="Children's Scrutiny",
        comparator_group="neighbours",
    )  # fmt: skip
    later.refresh_from_db()
    assert later.comparator_group == ""


# --- The document: the method and the overall position -----------------------------


def test_the_document_says_which_groups_and_places_the_indicators_among_counties(
    compared, officer, q3
):
    services.report_draft(
        user=officer, period=q3, committee_name="Children's Scrutiny",
        comparator_group="counties",
    )  # fmt: skip
    # The next quarter's figures, bottom among the counties, are not this
    # report's: its position is at its own period, as its paragraphs are.
    assessments = Indicator.objects.get(code="assessments")
    _figure(assessments, Area.objects.get(code="E10000018"), "10", "2024/25 Q4")
    _figure(assessments, Area.objects.get(code="E10999991"), "90", "2024/25 Q4")
    context, n = _document(compared), _counties()
    [method] = [s for s in context["opening"] if s.heading == wording.METHOD_HEADING]
    assert method.paragraphs[1:] == [
        "Statistical neighbours’ averages are of the Department for Education’s"
        " statistical neighbours of Leicestershire: Unitary 2 and Unitary 1.",
        "Regional figures are those of East Midlands.",
        "The overall position places the report’s indicators among all counties"
        f" ({n} authorities, Leicestershire included).",
    ]
    position = context["position"]
    assert position.sentence == (
        f"Among all counties ({n} authorities, Leicestershire included), Leicestershire"
        " is in the top quartile for 1 indicator, the second for 0, the third for 0"
        " and the bottom for 1."
    )
    assert position.caption == (
        f"Indicators in each quartile among all counties ({n} authorities,"
        " Leicestershire included), by theme"
    )
    assert [(t.theme, t.counts, t.unbanded) for t in position.themes] == [
        ("Child protection", (1, 0, 0, 1), 0)
    ]


def test_among_the_neighbours_by_default(compared):
    position = _document(compared)["position"]
    assert position.sentence == (
        "Among Leicestershire and its statistical neighbours (3 authorities),"
        " Leicestershire is in the top quartile for 0 indicators, the second for 0,"
        " the third for 0 and the bottom for 2."
    )


# --- The page, the PDF and the DOCX --------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_page_pdf_and_docx_name_the_groups_and_the_position(
    client, officer, compared, q3
):
    client.force_login(officer)
    response = client.post(
        reverse("report_new"),
        {"committee_name": "Children's Scrutiny", "themes": [t.pk for t in compared.themes.all()],
         "period": q3.pk, "comparator_group": "counties"},
        follow=True,
    )  # fmt: skip
    compared.refresh_from_db()
    assert compared.comparator_group == "counties"
    n = _counties()
    page = _squash(response.content.decode())
    assert (
        '<h2 class="govuk-heading-l" id="overall-position">Overall position</h2>'
        in page
    )
    assert f"Indicators in each quartile among all counties ({n} authorities, Leicestershire included), by theme" in page  # fmt: skip
    assert '<th scope="row" class="govuk-table__header">Child protection</th>' in page
    assert "statistical neighbours of Leicestershire: Unitary 2 and Unitary 1." in page

    url = reverse("report_detail", kwargs=compared.url_kwargs())
    pdf = pypdf.PdfReader(io.BytesIO(client.get(url, {"format": "pdf"}).content))
    words = _squash(" ".join(p.extract_text() for p in pdf.pages))
    for said in (
        "How the figures are compared",
        "Quartiles and ranks are among all English local authorities",
        "Regional figures are those of East Midlands.",
        "Overall position",
        "Leicestershire is in the top quartile for 1 indicator",
        "Open actions and earlier resolutions",
        "The committee has no open actions on the report's indicators.",
    ):
        assert said in words, said

    docx = Document(io.BytesIO(client.get(url, {"format": "docx"}).content))
    body = [p.text for p in docx.paragraphs]
    assert "How the figures are compared" in body
    assert any("Unitary 2 and Unitary 1." in p for p in body)
    assert any(p.startswith(f"Among all counties ({n} authorities") for p in body)
    assert f"Indicators in each quartile among all counties ({n} authorities, Leicestershire included), by theme" in body  # fmt: skip
    position = docx.tables[0]
    assert [[c.text for c in row.cells] for row in position.rows] == [
        ["Theme", "Top quartile", "Second", "Third", "Bottom quartile", "No quartile"],
        ["Child protection", "1", "0", "0", "1", "0"],
    ]
    assert "The committee has no open actions on the report's indicators." in body


def test_the_group_changes_as_the_report_is_regenerated_from_its_page(
    client, officer, councillor, compared
):
    url = reverse("report_regenerate", kwargs=compared.url_kwargs())
    client.force_login(councillor)
    assert client.post(url, {"comparator_group": "region"}).status_code in (403, 404)
    compared.refresh_from_db()
    assert compared.comparator_group == ""
    client.force_login(officer)
    page = client.post(url, {"comparator_group": "region"}, follow=True)
    compared.refresh_from_db()
    assert compared.comparator_group == "region"
    assert "Among the authorities of its region, East Midlands (2 authorities" in _squash(page.content.decode())  # fmt: skip
    page = client.post(url, {"comparator_group": "nowhere"}, follow=True)
    assert "Choose a comparator group from the list." in page.content.decode()
    compared.refresh_from_db()
    assert compared.comparator_group == "region"
