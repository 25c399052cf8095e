"""A draft figure cannot reach a reader by accident: the published-only
manager is Observation's default, so every path a template or selector can
take to figures (the manager, a reverse relation, a prefetch) hides drafts;
`Observation.all_objects` is the deliberate choice that shows them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Prefetch

from indicators.models import Area, Indicator, Observation, Period
from tests.factories import IndicatorFactory, ObservationFactory, period

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(home_area):  # type: ignore[no-untyped-def]
    """One figure of each status for the same indicator and area."""
    indicator = IndicatorFactory(code="mixed", name="Mixed statuses")
    made = {}
    for status, label in (
        (Observation.Status.PUBLISHED, "2025/26 Q1"),
        (Observation.Status.SUBMITTED, "2025/26 Q2"),
        (Observation.Status.DRAFT, "2025/26 Q3"),
    ):
        made[status] = ObservationFactory(
            indicator=indicator, area=home_area, period=period(label),
            value=Decimal("10"), status=status,
        )  # fmt: skip
    return indicator, made


def test_a_draft_cannot_appear_through_indicator_observations(figures):
    indicator, made = figures
    indicator = Indicator.objects.get(pk=indicator.pk)
    assert list(indicator.observations.all()) == [made["published"]]
    assert indicator.observations.count() == 1
    assert not indicator.observations.filter(status="draft").exists()


def test_a_draft_cannot_appear_through_area_observations(figures, home_area):
    _, made = figures
    area = Area.objects.get(pk=home_area.pk)
    assert list(area.observations.all()) == [made["published"]]
    period_ = Period.objects.get(pk=made["draft"].period_id)
    assert list(period_.observations.all()) == []


def test_a_draft_cannot_appear_through_a_prefetch(figures, home_area):
    _, made = figures
    (indicator,) = Indicator.objects.filter(code="mixed").prefetch_related(
        "observations"
    )
    assert [o.pk for o in indicator.observations.all()] == [made["published"].pk]
    (area,) = Area.objects.filter(pk=home_area.pk).prefetch_related(
        Prefetch("observations", queryset=Observation.objects.order_by("pk"))
    )
    assert [o.pk for o in area.observations.all()] == [made["published"].pk]


def test_the_default_manager_is_published_only_and_the_base_manager_is_not(
    figures,
):
    _, made = figures
    assert Observation._default_manager.count() == 1
    assert Observation.objects.count() == 1
    # Chainable filters of the queryset on the default manager too.
    assert Observation.objects.for_period(made["published"].period).count() == 1
    assert Observation.objects.for_period(made["draft"].period).count() == 0
    # Everything, when asked for deliberately; Django's internals (saving,
    # refreshing, the forward side of a relation) use the base manager.
    assert Observation.all_objects.count() == 3
    assert Observation._base_manager.count() == 3
    draft = made["draft"]
    draft.refresh_from_db()
    draft.value = Decimal("11")
    draft.save()
    assert Observation.all_objects.get(pk=draft.pk).value == Decimal("11")
