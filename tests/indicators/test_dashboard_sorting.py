"""The dashboard sorts by each of its columns, both ways, with ratings
that are missing (no quartile for a target-rated indicator)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.services import recompute
from tests.factories import IndicatorFactory, ObservationFactory, ThemeFactory, period

pytestmark = pytest.mark.django_db


@pytest.fixture
def four(home_area):  # type: ignore[no-untyped-def]
    """Four indicators, one of each RAG and direction, rated by recompute:
    Alpha green and improved, Bravo amber and declined, Charlie red with no
    significant change, Delta (no polarity) not rated, reported a quarter in
    arrears. Quartiles are set by hand (the rules are tested elsewhere)."""
    from indicators.models import Rating

    q1, q2 = period("2025/26 Q1"), period("2025/26 Q2")
    theme = ThemeFactory(name="Children in care", slug="children-in-care")
    rows = {
        "alpha": ("Alpha", "higher", "60", "70"),
        "bravo": ("Bravo", "higher", "55", "49"),
        "charlie": ("Charlie", "higher", "30", "30"),
        "delta": ("Delta", "none", None, "10"),
    }
    for code, (name, polarity, before, now) in rows.items():
        indicator = IndicatorFactory(
            code=code, name=name, polarity=polarity, theme=theme,
            rag_method="target" if polarity != "none" else "none",
        )  # fmt: skip
        indicator.targets.create(period=q2, value=Decimal("50"))
        if before is not None:
            ObservationFactory(
                indicator=indicator, area=home_area, period=q1, value=Decimal(before)
            )
        ObservationFactory(
            indicator=indicator, area=home_area,
            period=q1 if code == "delta" else q2, value=Decimal(now),
        )  # fmt: skip
    recompute()
    for code, quartile in (("alpha", 3), ("bravo", 1), ("charlie", None), ("delta", 2)):
        Rating.objects.filter(
            observation__indicator__code=code, observation__period=(
                q1 if code == "delta" else q2
            ),
        ).update(quartile=quartile)  # fmt: skip
    recompute_version_moves()


def recompute_version_moves() -> None:
    """Ratings changed by hand: move the data version as recompute does, so
    that no kept rows from before are served."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('indicators_data_version')")


def page_order(client, **params: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The indicators' codes in the order the dashboard's rows show them."""
    import re

    response = client.get("/", params)
    assert response.status_code == 200
    return re.findall(r'href="/indicators/([a-z]+)/"', response.content.decode())


def export_order(client, **params: str) -> list[str]:  # type: ignore[no-untyped-def]
    import csv
    import io

    response = client.get("/", {**params, "_export": "csv"})
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    return [row["indicator_code"] for row in rows]


# Each column's order, ascending; descending is its reverse. RAG and direction
# sort by meaning (red first, declined first, not rated last), never by the
# alphabet (amber, green, n/a, red); quartile 1 (the best) first, none last.
ORDERS = {
    "indicator": ["alpha", "bravo", "charlie", "delta"],
    "period": ["delta", "alpha", "bravo", "charlie"],  # Delta's is older
    "value": ["delta", "charlie", "bravo", "alpha"],  # 10, 30, 49, 70
    "rag": ["charlie", "bravo", "alpha", "delta"],  # red, amber, green, not rated
    "direction": ["bravo", "charlie", "alpha", "delta"],  # declined, same, up, n/a
    "quartile": ["bravo", "delta", "alpha", "charlie"],  # 1, 2, 3, none
}
# Rows that tie keep the page's own order (theme, then name) both ways.
DESCENDING = {"period": ["alpha", "bravo", "charlie", "delta"]}


@pytest.mark.parametrize("column", sorted(ORDERS))
def test_the_dashboard_sorts_each_column_by_its_meaning_both_ways(
    client, councillor, four, column
):
    client.force_login(councillor)
    assert page_order(client, sort=column) == ORDERS[column]
    descending = DESCENDING.get(column, ORDERS[column][::-1])
    assert page_order(client, sort=f"-{column}") == descending
    # Asked again, from the kept ordering: the same.
    assert page_order(client, sort=column) == ORDERS[column]


def test_every_orderable_column_has_an_expected_order(four):
    from indicators.tables import DashboardTable

    table = DashboardTable([])
    assert {c.name for c in table.columns if c.orderable} == set(ORDERS)


@pytest.mark.parametrize("column", ["rag", "direction", "quartile"])
def test_the_export_sorts_rag_direction_and_quartile_by_meaning_too(
    client, councillor, four, column
):
    client.force_login(councillor)
    assert export_order(client, sort=column) == ORDERS[column]
    assert export_order(client, sort=f"-{column}") == ORDERS[column][::-1]


def test_a_filtered_dashboard_keeps_the_order_by_meaning(
    client, councillor, home_area, four
):
    """A filtered view takes its rows in the kept ordering of all of them."""
    echo = IndicatorFactory(code="echo", name="Echo", theme=ThemeFactory())
    echo.targets.create(period=period("2025/26 Q2"), value=Decimal("50"))
    ObservationFactory(
        indicator=echo, area=home_area, period=period("2025/26 Q2"), value=Decimal(1)
    )
    recompute()
    client.force_login(councillor)
    # By theme (issue 16): the sort orders each theme's rows; themes by name.
    assert page_order(client, sort="rag") == [*ORDERS["rag"], "echo"]
    assert page_order(client, sort="rag", theme="children-in-care") == ORDERS["rag"]
    assert (
        page_order(client, sort="-rag", theme="children-in-care") == ORDERS["rag"][::-1]
    )


def test_kept_orderings_are_django_tables2s_own_for_every_column(home_area):
    """The dashboard sorts its kept rows with each accessor resolved once per
    row; the order must be exactly django-tables2's, ties and gaps included."""
    from django_tables2.data import TableListData

    from indicators import selectors
    from indicators.kept_rows import KeptOrderData
    from indicators.tables import DashboardTable

    themes = [ThemeFactory(name=f"Theme {t}", slug=f"theme-{t}") for t in "xy"]
    methods = ["quartile", "target", "none"]
    for n in range(18):
        indicator = IndicatorFactory(
            code=f"s{n:02d}",
            name=f"Measure {n % 7}",  # ties on the name
            theme=themes[n % 2],
            rag_method=methods[n % 3],
        )
        if n % 3 == 1:
            indicator.targets.create(period=period("2025/26 Q2"), value=Decimal("50"))
        label = "2025/26 Q2" if n % 4 else "2025/26 Q1"
        ObservationFactory(
            indicator=indicator, area=home_area, period=period(label),
            value=None if n % 5 == 0 else Decimal(n * 7 % 11),
            suppression="c" if n % 5 == 0 else "",
        )  # fmt: skip
    recompute()
    rows = selectors.dashboard_rows_kept(home_area, period("2025/26 Q2"), None)
    assert len(rows) == 18
    table = DashboardTable(rows)
    orderable = [c.name for c in table.columns if c.orderable]
    assert len(orderable) >= 5
    for name in orderable:
        for alias in (name, f"-{name}"):
            expected = TableListData(list(rows))
            expected.set_table(DashboardTable(rows))
            expected.order_by((alias,))
            kept = KeptOrderData(list(rows), keep=lambda aliases, compute: compute())
            kept.set_table(DashboardTable(rows))
            kept.order_by((alias,))
            assert [r.pk for r in kept.data] == [r.pk for r in expected.data], alias


def test_the_export_sorts_by_its_own_columns_not_the_pages_kept_ordering(
    client, councillor, home_area
):
    """The page's "period" sorts by the period's end, the export's by its
    label; a kept ordering of one must not be served to the other."""
    import csv
    import io

    theme = ThemeFactory()  # one theme: the page sorts within each theme
    annual = IndicatorFactory(
        code="annual", name="Annual", year_type="calendar", theme=theme
    )
    quarterly = IndicatorFactory(code="quarterly", name="Quarterly", theme=theme)
    ObservationFactory(
        indicator=annual, area=home_area, period=period("2025", "calendar"),
        value=Decimal("1"),
    )  # fmt: skip
    ObservationFactory(
        indicator=quarterly, area=home_area, period=period("2025/26 Q2"),
        value=Decimal("2"),
    )  # fmt: skip
    recompute()
    client.force_login(councillor)
    page = client.get("/", {"sort": "period"}).content.decode()
    assert page.index(">Quarterly</a>") < page.index(">Annual</a>")  # Sep, then Dec
    export = client.get("/", {"sort": "period", "_export": "csv"})
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert [r["indicator_code"] for r in rows] == ["annual", "quarterly"]  # by label


def test_a_kept_ordering_that_lacks_a_row_never_drops_it(four, home_area):
    """An ordering is kept as primary keys in the shared cache; one that does
    not name every row (kept for other rows) is worked out again."""
    from indicators import selectors
    from indicators.kept_rows import KeptOrderData
    from indicators.tables import DashboardTable

    rows = selectors.dashboard_rows_kept(home_area, period("2025/26 Q2"), None)
    stale = [row.pk for row in rows][:2]
    data = KeptOrderData(list(rows), keep=lambda key, compute: stale)
    data.set_table(DashboardTable(rows))
    data.order_by(("rag",))
    assert [row.indicator.code for row in data.data] == ORDERS["rag"]
