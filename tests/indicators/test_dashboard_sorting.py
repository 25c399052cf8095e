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
