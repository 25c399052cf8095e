"""The comparisons a drafted report reads from the database: each quarterly
indicator's earlier quarters (one query for the whole report), the year to
date of a cumulative measure, and the region's stored figure. Figures from
the demo's return and the East Midlands' published ones (data/dfe/)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Area
from reports import selectors
from tests.factories import AreaFactory, IndicatorFactory, ThemeFactory, period
from tests.reports.conftest import rated_figure

pytestmark = pytest.mark.django_db

# adoption-18-months in the demo's return: (quarter, value, numerator, denominator)
ADOPTION = [
    ("2025/26 Q2", "90.0", "9", "10"),
    ("2025/26 Q3", "72.7", "8", "11"),
    ("2025/26 Q4", "90.9", "10", "11"),
    ("2026/27 Q1", "53.8", "7", "13"),
    ("2026/27 Q2", "88.9", "8", "9"),
]
# re-referrals: the same quarters
RE_REFERRALS = [
    ("2025/26 Q2", "24.2", "390", "1612"),
    ("2025/26 Q3", "24.9", "411", "1651"),
    ("2025/26 Q4", "26.7", "458", "1717"),
    ("2026/27 Q1", "25.5", "405", "1588"),
    ("2026/27 Q2", "27.4", "442", "1614"),
]


def _in_the_east_midlands(home_area: Area) -> None:
    region = AreaFactory(
        code="E12000004", name="East Midlands", level=Area.Level.REGIONAL
    )
    home_area.region = region
    home_area.save(update_fields=["region"])


def _series(indicator, home_area, figures, **latest_rating) -> None:  # type: ignore[no-untyped-def]
    for n, (label, value, numerator, denominator) in enumerate(figures):
        last = n == len(figures) - 1
        rated_figure(
            indicator, home_area, period(label), value,
            numerator=numerator, denominator=denominator,
            **(latest_rating if last else {}),
        )  # fmt: skip


def test_a_report_says_the_comparisons_with_earlier_quarters_and_the_region(
    home_area,
):
    _in_the_east_midlands(home_area)
    theme = ThemeFactory(name="Children's services")
    adoption = IndicatorFactory(
        code="adoption-18-months", name="Children adopted within 18 months",
        theme=theme, cumulative=True,
    )  # fmt: skip
    re_referrals = IndicatorFactory(
        code="re-referrals", name="Re-referrals within 12 months", theme=theme,
        polarity="lower", rag_method="quartile", significance_threshold=D("0.5"),
    )  # fmt: skip
    _series(adoption, home_area, ADOPTION, target=D(60), rag="green")
    year_2025 = period("2025", "reporting")
    _series(
        re_referrals, home_area, RE_REFERRALS, rag="red",
        comparison_period=year_2025, regional_value=D("24.7"),
    )  # fmt: skip

    drafts = selectors.report_drafts(period("2026/27 Q2"), [theme.pk])
    text = {d.key: d.text for d in drafts}

    adopted = text["indicator:adoption-18-months"]
    assert (
        "It is lower (worse) than in the same quarter last year, July to September"
        " 2025 (quarter 2), when it was 90.0%. Year to date (April to September"
        " 2026) it is 68.2% (15 of 22), against a target of 60.0%."
    ) in adopted
    assert "East Midlands" not in adopted  # no regional figure stored

    referred = text["indicator:re-referrals"]
    assert (
        "It is worse than the East Midlands figure of 24.7%, for the year to"
        " 31 March 2025. It is higher (worse) than in the same quarter last"
        " year, July to September 2025 (quarter 2), when it was 24.2%."
    ) in referred
    assert "Year to date" not in referred  # not a cumulative measure
    assert "in a row" not in referred and "continues" not in referred  # 25.5 -> 27.4


def test_the_comparisons_take_no_more_queries_for_more_indicators(home_area):
    _in_the_east_midlands(home_area)
    counts, q2 = [], period("2026/27 Q2")
    for size in (3, 12):
        theme = ThemeFactory(name=f"Theme of {size}")
        for n in range(size):
            indicator = IndicatorFactory(
                code=f"c-{size}-{n}", theme=theme, cumulative=True
            )
            _series(indicator, home_area, ADOPTION, target=D(60))
        with CaptureQueriesContext(connection) as queries:
            drafts = selectors.report_drafts(q2, [theme.pk])
        counts.append(len(queries))
        assert sum("Year to date" in d.text for d in drafts) == size
    # home area, rows (with previous quartiles and the region's name), theme
    # names, the comparisons' quarters, chart series
    assert counts == [5, 5]
