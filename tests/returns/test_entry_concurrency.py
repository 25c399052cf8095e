"""Two saves of the same quarter at once (a double click on "Save as draft"
or "Submit for publication"): one result and a clear answer, never a 500.

Two real requests run in two threads, each with its own connection to
PostgreSQL. A trigger makes every insert of a figure take a moment, so that
without the lock on the period both requests would find no figure, both
insert one, and the second would fail on the unique constraint (issue 13,
item 8); with it, the second waits, finds the first's figure and says it was
already saved."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from indicators.models import Observation
from tests.factories import IndicatorFactory, period

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def slow_inserts():  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE OR REPLACE FUNCTION test_slow_figure_insert() RETURNS trigger AS $$
            BEGIN PERFORM pg_sleep(0.5); RETURN NEW; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_slow_figure_insert BEFORE INSERT
                ON indicators_observation FOR EACH ROW
                EXECUTE FUNCTION test_slow_figure_insert();
            """
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER IF EXISTS test_slow_figure_insert ON indicators_observation;"
            " DROP FUNCTION IF EXISTS test_slow_figure_insert();"
        )


def post_together(user: Any, url: str, data: dict[str, str]) -> list[Any]:
    """POST the same form from two threads at the same moment; each result
    is the page the user lands on, or the exception the request raised."""
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def send(n: int) -> None:
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            results[n] = client.post(url, data, follow=True)
        except Exception as error:  # a 500, as the test client raises it
            results[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.parametrize(
    ("action", "done", "already"),
    [
        ("save", "1 figure saved as a draft", "these figures were already saved"),
        (
            "submit",
            "1 figure submitted for publication",
            "these figures were already submitted",
        ),
    ],
)
def test_two_saves_at_once_give_one_figure_and_a_clear_answer(
    home_area, officer, slow_inserts, time_machine, action, done, already
):
    time_machine.move_to(datetime.datetime(2025, 11, 14, 10, tzinfo=datetime.UTC))
    indicator = IndicatorFactory(code="assess", name="Assessments", owner=officer)
    q2 = period("2025/26 Q2")
    data = {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1",
        "form-0-indicator": str(indicator.pk), "form-0-value": "",
        "form-0-numerator": "7", "form-0-denominator": "9",
        "form-0-commentary": "Seven of nine.", "action": action,
    }  # fmt: skip
    results = post_together(officer, f"/entry/{q2.pk}/", data)

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == [], errors
    assert [r.status_code for r in results] == [200, 200]
    banners = sorted(
        r.content.decode().split("govuk-notification-banner__heading")[1][:200]
        for r in results
    )
    assert done in banners[0] and already in banners[1], banners
    figure = Observation.all_objects.get()
    assert figure.value == Decimal("77.777778")
    assert figure.history.count() == 1
