"""The demo's cumulative measure: EHC plans issued within 20 weeks is read
year to date (data/demo/indicators.csv marks it cumulative), so the seeded
demo's report says the year to date against the target, pooled from the
quarters' own counts (all the plans on time over all the plans issued)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth import get_user_model

from indicators.models import Indicator, Observation, Period
from indicators.rating.comparisons import financial_year_start
from reports import services
from tests.journeys.conftest import demo, demo_latest_quarter

__all__ = ["demo"]  # the fixture, imported for the test here

pytestmark = pytest.mark.django_db(transaction=True)


def _quarter_after_the_first() -> Period:
    """The demo's latest quarter, or the one before it when the latest is a
    year's first quarter (its year to date would be the quarter itself,
    which the report does not repeat): whatever day the demo is loaded."""
    quarter = demo_latest_quarter()
    if financial_year_start(quarter.start) == quarter.start:
        quarter = Period.objects.filter(
            kind=Period.Kind.QUARTER, end__lt=quarter.start
        ).latest("end")
    return quarter


def test_the_demo_report_reads_the_cumulative_measure_year_to_date(demo):  # type: ignore[no-untyped-def]
    ehcp = Indicator.objects.get(code="ehcp-20-weeks")
    assert ehcp.cumulative
    quarter = _quarter_after_the_first()
    report, _ = services.report_draft(
        user=get_user_model().objects.get(username="officer"),
        period=quarter,
        committee_slug="children-and-families",
    )
    text = report.paragraphs.get(key="indicator:ehcp-20-weeks").text

    year_start = financial_year_start(quarter.start)
    figures = Observation.objects.filter(
        indicator=ehcp,
        area__code="E10000018",
        period__kind=Period.Kind.QUARTER,
        period__start__gte=year_start,
        period__end__lte=quarter.end,
    )
    assert figures.count() == (quarter.end.month - year_start.month) % 12 // 3 + 1
    on_time = sum(f.numerator for f in figures)
    issued = sum(f.denominator for f in figures)
    share = (100 * on_time / issued).quantize(Decimal("0.1"), ROUND_HALF_UP)
    months = f"April {year_start.year} to {quarter.end:%B %Y}"
    if year_start.year == quarter.end.year:
        months = f"April to {quarter.end:%B %Y}"
    expected = (
        f"Year to date ({months}) it is {share}% ({on_time:.0f} of {issued:.0f}), "
        "against a target of 60.0%."
    )
    assert expected in text, text
