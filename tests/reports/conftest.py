"""Helpers for the report's tests: published home figures with stored
ratings, as `recompute` would leave them, and a drafted report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from indicators.models import Area, Indicator, Observation, Period, Rating, Theme
from reports import services
from reports.models import Report
from tests.factories import IndicatorFactory, ObservationFactory, ThemeFactory, period


def rated_figure(
    indicator: Indicator,
    area: Area,
    when: Period,
    value: str | None,
    *,
    status: str = Observation.Status.PUBLISHED,
    commentary: str = "",
    numerator: str | None = None,
    denominator: str | None = None,
    **rating: Any,
) -> Observation:
    """A home figure and its stored rating (direction, rag, quartile...)."""
    figure = ObservationFactory(
        indicator=indicator,
        area=area,
        period=when,
        value=Decimal(value) if value is not None else None,
        numerator=Decimal(numerator) if numerator is not None else None,
        denominator=Decimal(denominator) if denominator is not None else None,
        status=status,
        commentary=commentary,
    )
    defaults = {"direction": "n/a", "rag": "n/a"}
    Rating.objects.create(observation=figure, **{**defaults, **rating})
    return figure


@pytest.fixture
def q2() -> Period:
    return period("2024/25 Q2")


@pytest.fixture
def q3() -> Period:
    return period("2024/25 Q3")


@pytest.fixture
def theme(db) -> Theme:  # type: ignore[no-untyped-def]
    return ThemeFactory(name="Child protection", slug="child-protection")


@pytest.fixture
def small_report(home_area, officer, theme, q2, q3) -> Report:  # type: ignore[no-untyped-def]
    """Two indicators in one theme: one green, one red without commentary."""
    green = IndicatorFactory(
        code="assessments", name="Assessments on time", theme=theme, polarity="higher"
    )
    red = IndicatorFactory(
        code="repeat-plans",
        name="Repeat child protection plans",
        theme=theme,
        polarity="lower",
        rag_method="quartile",
    )
    rated_figure(green, home_area, q2, "81.0")
    rated_figure(
        green, home_area, q3, "84.0", direction="improved", rag="green",
        previous_value=Decimal("81.0"), previous_period=q2, target=Decimal("80"),
    )  # fmt: skip
    rated_figure(red, home_area, q3, "24.5", rag="red", quartile=4)
    report, _ = services.report_draft(
        user=officer, period=q3, committee_name="Children's Scrutiny",
        theme_ids=[theme.pk],
    )  # fmt: skip
    return report
