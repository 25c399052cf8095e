"""What a figure carries with it: its source (official, local or
illustrative), a provisional flag and a definition-changed marker; a
suppressed figure's symbol; and, where DfE's published figure and a local
quarter end the same day, the official one on the dashboard with the local
one beside it (DESIGN.md, "Official position")."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from indicators import selectors
from indicators.models import LocalBeside, Observation
from indicators.services import recompute
from tests.factories import IndicatorFactory, ObservationFactory, period

pytestmark = pytest.mark.django_db
BENCHMARK = Observation.Source.BENCHMARK
RETURN = Observation.Source.RETURN
ENTRY = Observation.Source.ENTRY


@pytest.mark.parametrize(
    ("source", "illustrative", "provenance"),
    [
        (BENCHMARK, False, "official"),
        (RETURN, False, "local"),
        (ENTRY, False, "local"),
        (RETURN, True, "illustrative"),
        (BENCHMARK, True, "illustrative"),
    ],
)
def test_a_figures_provenance_follows_its_source(
    home_area, source, illustrative, provenance
):
    figure = ObservationFactory(
        area=home_area, period=period("2025/26 Q1"), value=Decimal(5),
        source=source, illustrative=illustrative,
    )  # fmt: skip
    assert figure.provenance == provenance
    # The query's condition is the property's rule.
    official = Observation.objects.filter(Observation.official_condition())
    assert official.filter(pk=figure.pk).exists() == (provenance == "official")


def cpp_year_and_quarter(home_area) -> tuple[Observation, Observation]:
    """cpp-second-plan for Leicestershire as the demo has it: DfE's 24.8%
    for the year to 31 March 2025, the illustrative 27.7% for 2024/25 Q4."""
    indicator = IndicatorFactory(
        code="cpp-second-plan", name="Second child protection plans",
        year_type="reporting", frequency="annual",
    )  # fmt: skip
    year = ObservationFactory(
        indicator=indicator, area=home_area, period=period("2025", "reporting"),
        value=Decimal("24.8"), numerator=153, denominator=618, source=BENCHMARK,
    )  # fmt: skip
    quarter = ObservationFactory(
        indicator=indicator, area=home_area, period=period("2024/25 Q4"),
        value=Decimal("27.7"), source=RETURN, illustrative=True,
    )  # fmt: skip
    recompute()
    return year, quarter


def test_the_official_figure_stands_for_its_date_with_the_local_quarter_beside(
    home_area,
):
    year, quarter = cpp_year_and_quarter(home_area)
    for asked in (quarter.period, year.period):  # the quarter ends that day too
        [row] = selectors.dashboard_rows(home_area, asked)
        assert row.pk == year.pk
        assert LocalBeside.of(row) == LocalBeside(
            period="2024/25 Q4", value=Decimal("27.7"), suppression="",
            illustrative=True, provisional=False,
        )  # fmt: skip
    # A local figure has nothing beside it.
    [row] = selectors.dashboard_rows(home_area, period("2025/26 Q1"))
    assert row.pk == year.pk  # still the latest for a later quarter
    quarter.delete()
    [row] = selectors.dashboard_rows(home_area, year.period)
    assert LocalBeside.of(row) is None


def test_the_dashboard_and_its_exports_say_which_is_official_and_what_is_illustrative(
    client, councillor, home_area
):
    cpp_year_and_quarter(home_area)
    client.force_login(councillor)
    page = client.get("/", {"period": "2024/25 Q4"}).content.decode()
    assert "Official (DfE)" in page
    assert "Local figure, 2024/25 Q4: 27.7%" in page
    assert "Illustrative" in page
    response = client.get("/", {"period": "2024/25 Q4", "_export": "csv"})
    [record] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert (record["period"], record["value"], record["source"]) == (
        "2025", "24.8", "official",
    )  # fmt: skip
    assert (record["local_period"], record["local_value"]) == ("2024/25 Q4", "27.7")
    assert record["local_source"] == "illustrative"
    response = client.get("/", {"period": "2024/25 Q4", "_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = {c.value: v.value for c, v in zip(sheet[1], sheet[2], strict=True)}
    assert row["Source"] == "official"
    assert row["Local figure's source"] == "illustrative"


def test_a_suppressed_figure_shows_and_exports_its_symbol(
    client, councillor, home_area
):
    indicator = IndicatorFactory(code="cpp-two-years", name="Plans of two years")
    ObservationFactory(
        indicator=indicator, area=home_area, period=period("2020", "reporting"),
        value=None, suppression="c", source=BENCHMARK,
    )  # fmt: skip
    recompute()
    client.force_login(councillor)
    page = client.get("/").content.decode()
    assert "<strong>c (suppressed)</strong>" in page
    response = client.get("/", {"_export": "csv"})
    [record] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert record["value"] == "c"
    response = client.get("/", {"_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=5).value == "c"
    detail = client.get("/indicators/cpp-two-years/").content.decode()
    chart_table, history = detail.split("History of published figures", 1)
    assert "c (suppressed)" in chart_table
    assert "c (suppressed)" in history


def test_provisional_and_definition_changed_figures_are_marked_and_exported(
    client, councillor, home_area
):
    ObservationFactory(
        area=home_area, period=period("2025/26 Q2"), value=Decimal(40),
        provisional=True, definition_changed=True, revised=True,
    )  # fmt: skip
    recompute()
    client.force_login(councillor)
    page = client.get("/").content.decode()
    for tag in ("Provisional", "Revised", "Definition changed"):
        assert f">{tag}</strong>" in page
    response = client.get("/", {"_export": "csv"})
    [record] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert (record["provisional"], record["definition_changed"]) == ("yes", "yes")
    assert (record["revised"], record["source"]) == ("yes", "local")


def test_a_suppressed_previous_figure_shows_and_exports_its_symbol(
    client, councillor, home_area
):
    indicator = IndicatorFactory(code="cpp-two-years", name="Plans of two years")
    for label, value, symbol in (("2021", None, "c"), ("2022", "1.6", "")):
        ObservationFactory(
            indicator=indicator, area=home_area, period=period(label, "reporting"),
            value=Decimal(value) if value else None, suppression=symbol,
            source=BENCHMARK,
        )  # fmt: skip
    recompute()
    client.force_login(councillor)
    page = client.get("/").content.decode()
    # The page's row names the earlier figure by its symbol in its trend
    # (issue 16: the previous cell moved to the indicator's page).
    assert 'aria-label="Trend, 2021 to 2022: c, 1.6"' in page
    response = client.get("/", {"_export": "csv"})
    [record] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert (record["value"], record["previous_value"]) == ("1.6", "c")
