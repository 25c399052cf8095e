"""The loop to the data: an indicator's page says what the committees asked
about it ("2 open actions, 1 overdue"), links to them, and says when the
indicator they are about is red."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from committees import services
from indicators.models import Rating
from tests.committees.factories import make_action
from tests.factories import IndicatorFactory, ObservationFactory, period

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def red_indicator(home_area):  # type: ignore[no-untyped-def]
    indicator = IndicatorFactory(code="adoption", name="Adopted within 18 months")
    figure = ObservationFactory(
        indicator=indicator, area=home_area, period=period("2025/26 Q1")
    )
    Rating.objects.create(observation=figure, direction="declined", rag="red")
    return indicator


def test_the_indicator_page_summarises_and_links_its_actions(  # type: ignore[no-untyped-def]
    client, councillor, clerk, item, red_indicator
):
    with time_machine.travel(datetime.datetime(2025, 10, 1, 9, tzinfo=datetime.UTC)):
        resolution = services.resolution_create(
            user=clerk, item=item, kind="request", indicators=[red_indicator],
            text="That the Director provide further information on adoption.",
        )  # fmt: skip
        late = make_action(clerk, resolution=resolution, due_date=D(2025, 9, 1), indicators=[red_indicator])  # fmt: skip
        make_action(clerk, resolution=resolution, due_date=D(2025, 12, 1), indicators=[red_indicator])  # fmt: skip
        make_action(clerk, resolution=resolution, due_date=D(2025, 9, 1), indicators=[red_indicator], status="closed")  # fmt: skip
        client.force_login(councillor)
        html = client.get(
            reverse("indicator_detail", args=["adoption"])
        ).content.decode()
    assert "2 open actions, 1 overdue" in html
    assert reverse("action_detail", args=[late.pk]) in html
    assert "These actions are about a red indicator." in html
    assert "further information on adoption" in html
    assert f"{reverse('action_tracker')}?indicator=adoption" in html


def test_an_indicator_without_actions_says_so(client, councillor, red_indicator):  # type: ignore[no-untyped-def]
    client.force_login(councillor)
    html = client.get(reverse("indicator_detail", args=["adoption"])).content.decode()
    assert "No committee resolutions or actions are linked to this indicator." in html
