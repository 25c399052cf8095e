"""The report as PDF and DOCX: they open, carry every paragraph, and are
accessible (tagged PDF with its language, title, headings and alt text)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pypdf
import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from reports import services
from reports.models import Report
from tests.factories import IndicatorFactory
from tests.reports.conftest import rated_figure

pytestmark = pytest.mark.django_db


def squash(text: str) -> str:
    """Text with all whitespace removed: line breaks fall where the layout
    puts them, so compare the characters alone."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def report(small_report, officer, home_area, theme, q2, q3) -> Report:  # type: ignore[no-untyped-def]
    """The small report with more history behind one chart, and an edit."""
    long = IndicatorFactory(code="long-series", name="Visits on time", theme=theme)
    for label, value in [("2023/24 Q4", "61.0"), ("2024/25 Q1", "64.5")]:
        from tests.factories import period

        rated_figure(long, home_area, period(label), value)
    rated_figure(long, home_area, q2, "70.0")
    rated_figure(
        long, home_area, q3, "72.5", direction="improved", rag="green",
        previous_value=Decimal("70.0"), previous_period=q2, target=Decimal("75"),
    )  # fmt: skip
    services.report_regenerate(user=officer, report=small_report)
    services.paragraph_edit(
        user=officer,
        paragraph=small_report.paragraphs.get(key="indicator:repeat-plans"),
        text="Repeat plans rose to 24.5%: the service’s audit reports in March.",
    )
    return small_report


def download(client: Any, user: Any, report: Report, fmt: str) -> Any:
    client.force_login(user)
    response = client.get(
        reverse("report_detail", kwargs=report.url_kwargs()), {"format": fmt}
    )
    assert response.status_code == 200
    return response


def test_the_pdf_contains_every_paragraph(client, officer, report):
    response = download(client, officer, report, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="childrens-scrutiny-2024-25-q3-performance-report.pdf"'
    )
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = squash("\n".join(page.extract_text() for page in reader.pages))
    paragraphs = list(report.paragraphs.order_by("position"))
    assert len(paragraphs) == 7
    for paragraph in paragraphs:
        assert squash(f"{paragraph.position}.{paragraph.text}") in text, paragraph.key
    for heading in ("Summary", "Child protection", "Appendix: performance dashboard"):
        assert squash(heading) in text


def _structure(node: Any, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    node = node.get_object()
    if isinstance(node, pypdf.generic.DictionaryObject):
        if "/S" in node:
            found.append((str(node["/S"]), str(node.get("/Alt", ""))))
        kids = node.get("/K")
        if kids is not None:
            kids = kids.get_object()
            for kid in kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids]:
                _structure(kid, found)
    return found


def test_the_pdf_is_tagged_with_language_title_headings_and_alt_text(
    client, officer, report
):
    reader = pypdf.PdfReader(
        io.BytesIO(download(client, officer, report, "pdf").content)
    )
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == (
        "Quarterly performance report: Children's Scrutiny, October to December 2024"
        " (quarter 3)"
    )
    tags = _structure(catalog["/StructTreeRoot"], [])
    kinds = [kind for kind, _ in tags]
    assert kinds.count("/H1") == 1
    # How the figures are compared, Summary, Highlights, Areas for
    # improvement, Overall position, Open actions, Appendix; a theme is an H3.
    assert kinds.count("/H2") == 7
    assert kinds.count("/H3") == 3  # and the earlier resolutions
    assert "/Table" in kinds and "/TH" in kinds
    figures = [alt for kind, alt in tags if kind == "/Figure"]
    assert len(figures) == 2  # one point is no trend: no chart
    assert all(alt.startswith("Line chart of ") for alt in figures)
    assert any(
        "January to March 2024 (quarter 4): 61.0%; April to June 2024 (quarter 1):"
        " 64.5%; July to September 2024 (quarter 2): 70.0%; October to December 2024"
        " (quarter 3): 72.5%." in alt
        for alt in figures
    )


def test_the_docx_contains_every_paragraph_headings_and_the_dashboard(
    client, officer, report
):
    response = download(client, officer, report, "docx")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = Document(io.BytesIO(response.content))
    body = [p.text for p in document.paragraphs]
    for paragraph in report.paragraphs.order_by("position"):
        assert f"{paragraph.position}.\t{paragraph.text}" in body, paragraph.key
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    # The committee's order: the improved indicator is a highlight, the red
    # one an area for improvement, each under its theme (no outcome here).
    assert headings == [
        "How the figures are compared", "Summary", "Highlights",
        "Child protection", "Areas for improvement", "Child protection",
        "Overall position", "Open actions and earlier resolutions",
        "Earlier resolutions on the report's indicators",
        "Appendix: performance dashboard",
    ]  # fmt: skip
    assert document.core_properties.title == (
        "Quarterly performance report: Children's Scrutiny, October to December 2024"
        " (quarter 3)"
    )
    position, table = document.tables  # no open actions here: no table
    assert [c.text for c in position.rows[0].cells][:2] == ["Theme", "Top quartile"]
    assert [c.text for c in table.rows[0].cells][:3] == ["Indicator", "Period", "Value"]
    assert len(table.rows) == 1 + 3
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert rows["Repeat child protection plans"][6] == "Red"
    assert rows["Visits on time"][4] == "Improved"
    # Pictures carry alt text.
    descriptions = [
        element.get("descr") for element in document.element.body.iter(qn("wp:docPr"))
    ]
    assert len(descriptions) == 2 and all(
        d.startswith("Line chart of ") for d in descriptions
    )


def test_a_draft_says_so_in_its_downloads(client, officer, report):
    pdf = pypdf.PdfReader(io.BytesIO(download(client, officer, report, "pdf").content))
    assert "Draft: not yet final." in pdf.pages[0].extract_text()
    document = Document(io.BytesIO(download(client, officer, report, "docx").content))
    assert "Draft: not yet final." in [p.text for p in document.paragraphs]
