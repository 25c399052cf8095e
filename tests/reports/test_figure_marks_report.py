"""The report's figures say what they are: an illustrative or provisional
figure is marked so in the appendix dashboard (page, PDF's and DOCX's
table), and a suppressed one shows its symbol."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from indicators.models import Observation
from reports import document, services
from tests.factories import IndicatorFactory
from tests.reports.conftest import rated_figure

pytestmark = pytest.mark.django_db


def test_the_appendix_marks_illustrative_and_provisional_figures_and_shows_symbols(
    client, officer, home_area, theme, q3
):
    made_up = IndicatorFactory(code="made-up", name="Visits on time", theme=theme)
    early = IndicatorFactory(code="early", name="Plans reviewed", theme=theme)
    hidden = IndicatorFactory(code="hidden", name="Plans of two years", theme=theme)
    official = IndicatorFactory(code="official", name="Care leavers", theme=theme)
    for indicator, value in ((made_up, "70.0"), (early, "60.0"), (hidden, None)):
        rated_figure(indicator, home_area, q3, value)
    rated_figure(official, home_area, q3, "50.0")
    Observation.objects.filter(indicator=made_up).update(illustrative=True)
    Observation.objects.filter(indicator=early).update(provisional=True)
    Observation.objects.filter(indicator=hidden).update(suppression="c")
    Observation.objects.filter(indicator=official).update(source="benchmark")
    report, _ = services.report_draft(
        user=officer, period=q3, committee_name="Children's Scrutiny",
        theme_ids=[theme.pk],
    )  # fmt: skip

    rows = {r.name: r for r in document.appendix(list(report.paragraphs.all()))}
    assert rows["Visits on time"].marks == "illustrative"
    assert rows["Plans reviewed"].marks == "provisional"
    assert rows["Care leavers"].marks == ""
    assert rows["Plans of two years"].value == "c (suppressed)"

    client.force_login(officer)
    url = reverse("report_detail", kwargs=report.url_kwargs())
    page = client.get(url).content.decode()
    assert ">Illustrative</strong>" in page and ">Provisional</strong>" in page
    docx = Document(io.BytesIO(client.get(url, {"format": "docx"}).content))
    cells = {c.text for t in docx.tables for row in t.rows for c in row.cells}
    assert "70.0% [illustrative]" in cells
    assert "60.0% [provisional]" in cells
    assert "50.0%" in cells
