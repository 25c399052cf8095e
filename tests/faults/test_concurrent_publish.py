"""Two performance leads publish the same period at the same moment, each on
their own database connection (two threads, released together by a
barrier): every figure is published exactly once, by one of them, with one
audit record of the publication; no update is lost. And a lead who rejects
a figure while the other publishes the period gets one outcome or the
other, never a mix."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connections, transaction

from indicators.models import Observation
from returns.services import (
    PublishResult,
    figure_reject,
    figures_publish_period,
)
from tests.factories import IndicatorFactory, ObservationFactory, UserFactory, period

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]
ROUNDS = 8
FIGURES = 12


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run each call in its own thread (so on its own connection), all
    released at the same instant; return results or exceptions in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # reported to the test, not swallowed
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def leads(home_area):  # type: ignore[no-untyped-def]
    return (
        UserFactory(username="lead-a", roles=["Performance team"]),
        UserFactory(username="lead-b", roles=["Performance team"]),
    )


def submitted_quarter(label: str, home_area) -> list[Observation]:  # type: ignore[no-untyped-def]
    quarter = period(label)
    return [
        ObservationFactory(
            indicator=IndicatorFactory(code=f"ind-{label[:4]}-{label[-1]}-{n}"),
            area=home_area,
            period=quarter,
            value=Decimal(40 + n),
            status=Observation.Status.SUBMITTED,
        )
        for n in range(FIGURES)
    ]


def publications(observation: Observation) -> int:
    return observation.history.filter(
        status=Observation.Status.PUBLISHED, history_change_reason="page: publish"
    ).count()


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_leads_publishing_one_period_publish_each_figure_once(
    leads, home_area, round_
):
    figures = submitted_quarter(
        f"{2020 + round_}/{(21 + round_) % 100:02d} Q2", home_area
    )
    quarter = figures[0].period
    a, b = leads
    results = at_once(
        lambda: figures_publish_period(user=a, period=quarter),
        lambda: figures_publish_period(user=b, period=quarter),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    # Between them, each figure once.
    assert sum(len(r.published) for r in results) == FIGURES
    for n, figure in enumerate(figures):
        figure.refresh_from_db()
        assert figure.status == Observation.Status.PUBLISHED
        assert figure.published_by in (a, b)
        assert figure.value == Decimal(40 + n)  # untouched by the race
        assert publications(figure) == 1
    # Whoever published a figure is the one its audit record names.
    for figure in figures:
        record = figure.history.get(history_change_reason="page: publish")
        assert record.history_user_id == figure.published_by_id


def holding_its_locks(call: Callable[[], Any], taken: threading.Event) -> Callable:
    """`call` inside a transaction that stays open a moment after it returns
    (a slow request), its row locks held; `taken` is set meanwhile."""

    def run() -> Any:
        with transaction.atomic():
            result = call()
            taken.set()
            time.sleep(0.3)
        return result

    return run


def once(taken: threading.Event, call: Callable[[], Any]) -> Callable[[], Any]:
    """`call`, once the other lead holds its locks: so this one must wait."""

    def run() -> Any:
        assert taken.wait(timeout=30), "the other lead never took its locks"
        return call()

    return run


@pytest.mark.parametrize(
    "first",
    ["neither", "neither", "neither", "the publisher", "the publisher",
     "the rejecter", "the rejecter"],
)  # fmt: skip
def test_rejecting_while_the_other_lead_publishes_gives_one_outcome(
    leads, home_area, first
):
    year = 2030 + len(Observation.all_objects.values("period").distinct())
    figures = submitted_quarter(f"{year}/{(year + 1) % 100:02d} Q3", home_area)
    quarter, contested = figures[0].period, figures[FIGURES // 2]
    a, b = leads

    def publish() -> PublishResult:
        return figures_publish_period(user=a, period=quarter)

    def reject() -> Observation:
        return figure_reject(
            user=b, observation_id=contested.pk, reason="The count looks wrong."
        )

    taken = threading.Event()
    if first == "the publisher":
        publish, reject = holding_its_locks(publish, taken), once(taken, reject)
    elif first == "the rejecter":
        reject, publish = holding_its_locks(reject, taken), once(taken, publish)
    published, rejected = at_once(publish, reject)
    assert not isinstance(published, Exception), published
    contested.refresh_from_db()
    if first == "the publisher":
        assert isinstance(rejected, Exception)
    if first == "the rejecter":
        assert not isinstance(rejected, Exception), rejected
    if isinstance(rejected, Exception):
        # The publication won: the figure was no longer "submitted".
        assert isinstance(rejected, Observation.DoesNotExist), rejected
        assert len(published.published) == FIGURES
        assert contested.status == Observation.Status.PUBLISHED
        assert contested.rejection_reason == ""
    else:
        # The rejection won: the figure went back to its officer, unpublished.
        assert len(published.published) == FIGURES - 1
        assert contested.status == Observation.Status.DRAFT
        assert contested.rejection_reason == "The count looks wrong."
        assert publications(contested) == 0
    others = [f for f in figures if f.pk != contested.pk]
    assert all(
        Observation.all_objects.get(pk=f.pk).status == Observation.Status.PUBLISHED
        for f in others
    )
