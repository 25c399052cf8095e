"""The committee's dashboard compared with a group: its link goes to the
committee's own overall position for the same group, and its queries do not
grow with the number of indicators the committee follows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.formatting import ordinal
from indicators.models import Area
from indicators.services import recompute
from tests.factories import (
    IndicatorFactory,
    ObservationFactory,
    ThemeFactory,
    period,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def counties(home_area):  # type: ignore[no-untyped-def]
    """Leicestershire and every other live county (the areas the migrations
    load), their figures rising with the list: Leicestershire's is lowest."""
    others = Area.objects.filter(
        level=Area.Level.LOCAL_AUTHORITY, code__startswith="E10",
        terminated_on__isnull=True,
    ).exclude(pk=home_area.pk)  # fmt: skip
    return [home_area, *others]


def _follow(committee, areas: list[Area], start: int, count: int) -> None:  # type: ignore[no-untyped-def]
    theme = ThemeFactory(name="Attainment", slug="attainment")
    for n in range(start, start + count):
        indicator = IndicatorFactory(
            code=f"g-{n:03d}", name=f"Measure {n}", theme=theme, polarity="higher"
        )
        for k, area in enumerate(areas):
            ObservationFactory(
                indicator=indicator, area=area, period=period("2024/25"),
                value=Decimal(40 + k + n % 5),
            )  # fmt: skip
        committee.follows.add(indicator)
    recompute()


def _queries(client, url: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as done:
        response = client.get(url, {"group": "counties"})
    assert response.status_code == 200
    return len(done), response.content.decode()


def test_the_group_column_takes_the_same_queries_for_few_and_many_followed(
    client, committee, councillor, counties
):  # type: ignore[no-untyped-def]
    client.force_login(councillor)
    url = reverse("committee_dashboard", args=[committee.slug])
    _follow(committee, counties, 0, 3)
    few, page = _queries(client, url)
    n = len(counties)
    assert f"All counties ({n})" in page and page.count(f"{ordinal(n)} of {n}") == 3
    _follow(committee, counties, 3, 40)
    many, page = _queries(client, url)
    assert page.count(f"{ordinal(n)} of {n}") == 43
    assert few == many, (few, many)
    position = reverse("committee_position", args=[committee.slug])
    assert f'href="{position}?group=counties"' in page
    assert "See the overall position among all counties" in page
