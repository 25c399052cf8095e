"""Fixtures for the returns tests: the figure-cycle modules share a fixed
'today' and a target-rated indicator (`today` is not autouse here; those
modules ask for it with `pytestmark`)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.factories import IndicatorFactory, period

# 2025/26 Q2 (July to September 2025) is the quarter being collected: it has
# ended and is open for officers' figures (see figure_rules.EntryWindow).
TODAY = datetime.datetime(2025, 11, 14, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(TODAY, tick=True)
    return TODAY.date()


@pytest.fixture
def indicator(officer):  # type: ignore[no-untyped-def]
    """Higher is better, target 80 with a tolerance of 5, owned by `officer`."""
    indicator = IndicatorFactory(
        code="assessments",
        unit="percent",
        polarity="higher",
        rag_method="target",
        tolerance=Decimal("5"),
        owner=officer,
    )
    indicator.targets.create(period=period("2025/26 Q2"), value=Decimal("80"))
    return indicator
