"""The dashboard sorts by each of its columns, both ways, with ratings
that are missing (no quartile for a target-rated indicator)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.services import recompute
from tests.factories import IndicatorFactory, ObservationFactory, period

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "sort",
    [
        "indicator",
        "-indicator",
        "period",
        "value",
        "-value",
        "direction",
        "rag",
        "-rag",
        "quartile",
        "-quartile",
    ],
)
def test_the_dashboard_sorts_by_every_column(client, councillor, home_area, sort):
    a = IndicatorFactory(code="a", name="A", rag_method="quartile")
    b = IndicatorFactory(code="b", name="B")
    b.targets.create(period=period("2025/26 Q2"), value=Decimal("50"))
    ObservationFactory(
        indicator=a, area=home_area, period=period("2025/26 Q2"), value=Decimal("3")
    )
    ObservationFactory(
        indicator=b, area=home_area, period=period("2025/26 Q2"), value=Decimal("70")
    )
    recompute()
    client.force_login(councillor)
    r = client.get("/", {"sort": sort})
    assert r.status_code == 200
    names = [n for n in ("A", "B") if f">{n}</a>" in r.content.decode()]
    assert names == ["A", "B"]


def test_kept_orderings_are_django_tables2s_own_for_every_column(home_area):
    """The dashboard sorts its kept rows with each accessor resolved once per
    row; the order must be exactly django-tables2's, ties and gaps included."""
    from django_tables2.data import TableListData

    from indicators import selectors
    from indicators.tables import DashboardTable, KeptOrderData
    from tests.factories import ThemeFactory

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

    annual = IndicatorFactory(code="annual", name="Annual", year_type="calendar")
    quarterly = IndicatorFactory(code="quarterly", name="Quarterly")
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
