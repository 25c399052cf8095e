"""The councillor's dashboard: constant queries, published figures only, and
exports that a spreadsheet cannot turn into formulas."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from indicators.models import Indicator, Observation
from indicators.services import recompute
from tests.factories import IndicatorFactory, ObservationFactory, ThemeFactory, period

pytestmark = pytest.mark.django_db
# The contract's columns in its order, then our documented extensions at the
# end, so that the contract's columns keep their positions.
EXPORT_COLUMNS = [
    "indicator_code", "indicator_name", "theme", "period", "value", "numerator",
    "denominator", "previous_value", "direction", "target", "rag", "quartile",
    "statistical_neighbour_value", "england_value", "revised", "unit", "source",
    "provisional", "definition_changed", "local_period", "local_value",
    "local_source",
]  # fmt: skip
# The XLSX is read by people: the same columns under readable headers.
READABLE_HEADERS = [
    "Indicator code", "Indicator", "Theme", "Period", "Value", "Numerator",
    "Denominator", "Previous value", "Direction of travel", "Target", "RAG",
    "National quartile (1 best)", "Statistical neighbours (mean)", "England",
    "Revised", "Unit", "Source", "Provisional", "Definition changed",
    "Local figure's period", "Local figure", "Local figure's source",
]  # fmt: skip


def make_indicators(home_area, count: int, start: int = 0) -> None:
    theme = ThemeFactory(name="Children in care", slug="children-in-care")
    for n in range(start, start + count):
        indicator = IndicatorFactory(
            code=f"ind-{n:03d}", name=f"Measure {n}", theme=theme
        )
        indicator.targets.create(period=period("2025/26 Q2"), value=Decimal("50"))
        for label, value in (("2025/26 Q1", "48"), ("2025/26 Q2", str(40 + n % 20))):
            ObservationFactory(
                indicator=indicator, area=home_area, period=period(label),
                value=Decimal(value), numerator=int(value), denominator=100,
            )  # fmt: skip
    recompute()


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_indicators(
    client, councillor, home_area
):
    client.force_login(councillor)
    make_indicators(home_area, 5)
    with_5 = dashboard_queries(client)
    make_indicators(home_area, 45, start=5)
    with_50 = dashboard_queries(client)
    assert with_5 == with_50, (with_5, with_50)
    # 13: the "Compare with" choice lists the named comparator groups.
    assert with_50 <= 13


def test_councillors_never_see_draft_or_submitted_figures(
    client, councillor, home_area
):
    make_indicators(home_area, 2)
    secret = IndicatorFactory(code="secret", name="Not yet published")
    ObservationFactory(
        indicator=secret, area=home_area, period=period("2025/26 Q2"),
        value=Decimal("12.5"), status=Observation.Status.SUBMITTED,
    )  # fmt: skip
    client.force_login(councillor)
    page = client.get("/").content.decode()
    export = client.get("/", {"_export": "csv"}).content.decode()
    assert "Measure 0" in page
    for text in (page, export):
        assert "Not yet published" not in text
    assert client.get("/indicators/secret/").status_code in (200, 404)
    assert "12.5" not in client.get("/indicators/secret/").content.decode()


def test_csv_export_has_the_contract_columns_and_neutralises_formulas(
    client, councillor, home_area
):
    theme = ThemeFactory(name='=HYPERLINK("http://evil")', slug="evil")
    indicator = IndicatorFactory(code="formula", name="+cmd|' /C calc'!A0", theme=theme)
    ObservationFactory(
        indicator=indicator, area=home_area, period=period("2025/26 Q2"),
        value=Decimal("-3"),
    )  # fmt: skip
    recompute()
    client.force_login(councillor)
    response = client.get("/", {"_export": "csv"})
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == EXPORT_COLUMNS
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["indicator_name"] == "'+cmd|' /C calc'!A0"
    assert record["theme"] == '\'=HYPERLINK("http://evil")'
    assert record["value"] == "-3"  # a number stays a number
    assert record["unit"] == "percent"


def test_xlsx_export_cells_are_neutralised_text_and_numbers_stay_numbers(
    client, councillor, home_area
):
    indicator = IndicatorFactory(code="at", name="@SUM(A1:A9)")
    ObservationFactory(
        indicator=indicator, area=home_area, period=period("2025/26 Q2"),
        value=Decimal("61.5"),
    )  # fmt: skip
    recompute()
    client.force_login(councillor)
    response = client.get("/", {"_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header == READABLE_HEADERS
    row = {h: cell.value for h, cell in zip(EXPORT_COLUMNS, sheet[2], strict=True)}
    assert row["indicator_name"] == "'@SUM(A1:A9)"
    assert row["value"] == pytest.approx(61.5)
    assert row["unit"] == "percent"
    # A person can work in it: the header row stays in view, every column
    # has a filter over every row, the headers are bold.
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:V2"
    assert sheet["A1"].font.b


def test_each_row_shows_its_open_committee_actions_without_more_queries(
    client, councillor, clerk, home_area
):
    from tests.committees.factories import make_action

    make_indicators(home_area, 5)
    client.force_login(councillor)
    dashboard_queries(client)  # the first request fetches the rows to keep
    before = dashboard_queries(client)
    indicator = Indicator.objects.get(code="ind-001")
    make_action(clerk, indicators=[indicator], due_date=date(2020, 1, 1))
    make_action(clerk, indicators=[indicator], due_date=date(2099, 1, 1))
    page = client.get("/").content.decode()
    assert "2 open actions, 1 overdue" in page
    assert "/actions/?indicator=ind-001" in page
    assert dashboard_queries(client) == before  # the two fetches run anyway


def test_kept_rows_give_way_to_a_changed_figure_even_with_the_clock_stopped(
    client, councillor, home_area, time_machine
):
    """The dashboard keeps its rows between requests, until recompute moves
    the data version: not until the clock moves, which a frozen test clock
    (or two changes in the same microsecond) would never do."""
    time_machine.move_to("2025-11-01 09:00", tick=False)
    client.force_login(councillor)
    make_indicators(home_area, 1)
    assert "40.0" in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as second:
        client.get("/")
    # The kept rows are used: no query joins the ratings.
    assert not [q for q in second if "indicators_rating" in q["sql"]]
    Observation.all_objects.filter(
        indicator__code="ind-000", period__label="2025/26 Q2"
    ).update(value=Decimal("47"))
    recompute()
    page = client.get("/").content.decode()
    assert "47.0" in page and "40.0" not in page


def test_a_renamed_theme_or_indicator_shows_at_once(client, councillor, home_area):
    client.force_login(councillor)
    make_indicators(home_area, 1)
    assert "Children in care" in client.get("/").content.decode()
    theme = Indicator.objects.get(code="ind-000").theme
    theme.name = "Looked-after children"
    theme.save()
    assert "Looked-after children" in client.get("/").content.decode()
    indicator = Indicator.objects.get(code="ind-000")
    indicator.name = "Renamed measure"
    indicator.save()
    assert "Renamed measure" in client.get("/").content.decode()


def test_filters_on_kept_rows_match_the_filters_query_for_every_choice(home_area):
    """The dashboard filters its kept rows in Python; the answer must be the
    query's, choice by choice and in pairs."""
    from itertools import product

    from indicators import selectors
    from indicators.filters import DashboardFilter
    from indicators.kept_rows import filter_rows
    from indicators.models import Rating

    make_indicators(home_area, 12)
    other = ThemeFactory(name="Education", slug="education")
    Indicator.objects.filter(code__in=["ind-001", "ind-004", "ind-007"]).update(
        theme=other
    )
    unrated = IndicatorFactory(code="unrated", name="Not rated yet", theme=other)
    ObservationFactory(
        indicator=unrated, area=home_area, period=period("2025/26 Q2"),
        value=Decimal("5"),
    )  # fmt: skip
    # Spread the ratings over every value the filters offer (the rules are
    # tested elsewhere; this tests the filtering).
    rags = ["red", "amber", "green", "n/a"]
    directions = ["improved", "no significant change", "declined", "n/a"]
    ratings = list(Rating.objects.order_by("observation_id"))
    for n, rating in enumerate(ratings):
        rating.rag = rags[n % 4]
        rating.direction = directions[n % 3]
        rating.quartile = [1, 2, 3, 4, None][n % 5]
        rating.save()
    assert not Rating.objects.filter(observation__indicator=unrated).exists()
    period_ = period("2025/26 Q2")
    base = selectors.dashboard_rows(home_area, period_)
    rows = list(base)
    choices = {
        "theme": ["", "children-in-care", "education"],
        "rag": ["", *rags],
        "direction": ["", *directions],
        "quartile": ["", "1", "2", "3", "4"],
    }
    checked = 0
    for theme, rag, direction, quartile in product(*choices.values()):
        data = {
            "theme": theme,
            "rag": rag,
            "direction": direction,
            "quartile": quartile,
        }
        filterset = DashboardFilter(data, queryset=base)
        assert filterset.is_valid(), filterset.errors
        in_python = filter_rows(filterset, rows)
        assert in_python is not None
        assert [r.pk for r in in_python] == [r.pk for r in filterset.qs], data
        checked += bool(in_python)
    assert checked > 50  # many combinations match something


def test_a_filtered_dashboard_uses_the_kept_rows(client, councillor, home_area):
    make_indicators(home_area, 3)
    client.force_login(councillor)
    client.get("/")  # keeps the rows
    with CaptureQueriesContext(connection) as filtered:
        response = client.get("/", {"rag": "red"})
    assert response.status_code == 200
    assert not [q for q in filtered if "indicators_rating" in q["sql"]]
    # A choice that is not offered is an error on the form, as before.
    response = client.get("/", {"rag": "purple"})
    page = response.content.decode()
    assert "There is a problem" in page and "Select a valid choice" in page
    assert "Measure 0" not in page  # no rows, as django-filter gives


def test_a_kept_export_gives_way_to_a_changed_figure(client, councillor, home_area):
    client.force_login(councillor)
    make_indicators(home_area, 1)
    first = client.get("/", {"_export": "csv"}).content.decode("utf-8-sig")
    with CaptureQueriesContext(connection) as again:
        second = client.get("/", {"_export": "csv"})
    assert second.content.decode("utf-8-sig") == first
    assert second["Content-Disposition"].startswith("attachment;")
    assert not [q for q in again if "indicators_observation" in q["sql"]]
    Observation.all_objects.filter(
        indicator__code="ind-000", period__label="2025/26 Q2"
    ).update(value=Decimal("47"))
    recompute()
    third = client.get("/", {"_export": "csv"}).content.decode("utf-8-sig")
    assert ",2025/26 Q2,47," in third and ",2025/26 Q2,40," not in third
    # The filters are part of what is kept: this one matches nothing.
    filtered_export = client.get("/", {"_export": "csv", "rag": "green"})
    assert filtered_export.content.decode("utf-8-sig").count("\n") == 1  # header only


def test_the_summary_counts_the_rows_the_filters_show(client, councillor, home_area):
    """'From 14 measures' above five rows was the bug: the summary follows
    the filters, and says that it does."""
    import re

    make_indicators(home_area, 6)  # target 50; values 40-45 are red
    Observation.all_objects.filter(
        indicator__code__in=["ind-000", "ind-001"], period__label="2025/26 Q2"
    ).update(value=Decimal("60"))
    recompute()
    client.force_login(councillor)

    def summary(**params: str) -> str:
        page = client.get("/", params).content.decode()
        block = page[
            page.index('id="summary"') : page.index(
                "</div>", page.index('id="summary"')
            )
        ]
        return " ".join(re.sub(r"<[^>]+>", " ", block).split())

    everything = summary()
    assert "RAG ratings: 4 red, 0 amber, 2 green." in everything
    assert "match the filters" not in everything
    red = summary(rag="red")
    assert "Counting the 4 of 6 indicators that match the filters." in red
    assert "RAG ratings: 4 red, 0 amber, 0 green." in red
    assert "From 4 measures," in red
    green = summary(rag="green")
    assert "RAG ratings: 0 red, 0 amber, 2 green." in green
    assert "From 2 measures, 2 have improved" in green
    assert "No published measures match these filters." in summary(rag="amber")
    # Unfiltered again: the whole period, not a filtered summary kept by mistake.
    assert summary() == everything


def test_control_characters_in_text_do_not_break_the_xlsx(
    client, councillor, home_area
):
    """A name pasted from another document may carry a character that XLSX
    refuses; the download still works, cleaned as every text is (clean_text:
    a vertical tab, Word's line break, becomes a line feed; \x01 goes)."""
    indicator = IndicatorFactory(code="ctl", name="Visits\x0bon time\x01")
    ObservationFactory(
        indicator=indicator, area=home_area, period=period("2025/26 Q2"),
        value=Decimal("61.5"),
    )  # fmt: skip
    recompute()
    client.force_login(councillor)
    response = client.get("/", {"_export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == "Visits\non time"
    csv_text = client.get("/", {"_export": "csv"}).content.decode("utf-8-sig")
    assert "ctl" in csv_text
