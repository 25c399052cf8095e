"""What the dashboard keeps is shared by every web process through Django's
cache (Redis in production), and a change is seen by all of them at once.

Two "processes" are two cache aliases on the same Redis database (the
tests' Redis, TEST_BROKER_URL), each with its own client, and each with its
own memory for the rows (`kept._rows`)."""

from __future__ import annotations

import os
import re
from collections import OrderedDict
from collections.abc import Iterator
from decimal import Decimal
from importlib import import_module

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Observation
from indicators.services import recompute
from tests.factories import period
from tests.indicators.test_dashboard import make_indicators

pytestmark = pytest.mark.django_db
# The module, not the function of the same name the package exports.
kept = import_module("indicators.selectors.kept")
REDIS = os.environ.get("TEST_BROKER_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_cache(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The default cache and two more aliases, "a" and "b", all on the same
    Redis database under one prefix, as every web process's would be."""
    from django.core.cache import caches

    shared = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS,
        "KEY_PREFIX": f"scrutineer-test-{connection.settings_dict['NAME']}",
    }
    settings.CACHES = {"default": shared, "a": shared, "b": shared}
    caches["default"].clear()
    yield
    caches["default"].clear()


class Process:
    """One web process: its own cache client and its own kept rows."""

    def __init__(self, alias: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.alias = alias
        self.rows: OrderedDict = OrderedDict()
        self.monkeypatch = monkeypatch

    def get(self, client, **params: str):  # type: ignore[no-untyped-def]
        """The dashboard as this process serves it; the queries it ran."""
        self.monkeypatch.setattr(kept, "CACHE_ALIAS", self.alias)
        self.monkeypatch.setattr(kept, "_rows", self.rows)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/", params)
        assert response.status_code == 200
        return response.content.decode("utf-8-sig"), [q["sql"] for q in queries]


def same_page(html: str) -> str:
    """The page without what changes on every request (the CSRF token and
    the CSP nonce)."""
    return re.sub(r'(nonce|value)="[A-Za-z0-9+/=_-]{20,}"', "", html)


@pytest.fixture
def processes(redis_cache, monkeypatch):  # type: ignore[no-untyped-def]
    return Process("a", monkeypatch), Process("b", monkeypatch)


def test_what_one_process_keeps_is_in_redis_for_the_other(
    client, councillor, home_area, processes
):
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    first, second = processes
    assert isinstance(caches["a"], RedisCache) and caches["a"] is not caches["b"]
    client.force_login(councillor)
    make_indicators(home_area, 3)
    page, _ = first.get(client)
    export, _ = first.get(client, _export="csv")
    assert "Measure 2" in page and "Measure 2" in export
    # The other process takes the period list, the summary, the ordering
    # and the export from Redis. Its rows it builds once, for itself: they
    # cost more to pass through Redis than to hold (bench/README.md).
    assert not second.rows
    again, queries = second.get(client)
    assert not [q for q in queries if "SELECT DISTINCT" in q]  # the periods
    assert [q for q in queries if "indicators_rating" in q]  # its own rows
    assert same_page(again) == same_page(page)
    assert len(second.rows) == 1
    again, queries = second.get(client, _export="csv")
    assert again == export
    assert not [q for q in queries if "indicators_observation" in q]
    # What is shared is in Redis: the summary's sentences, read by the
    # other process's client under the key both use.
    parts = (home_area.pk, period("2025/26 Q2").pk, ())
    key = kept.cache_key("summary", parts, kept.data_version())
    assert any("From 3 measures" in line for line in caches["b"].get(key))


def test_a_change_is_seen_by_every_process_at_once(
    client, councillor, home_area, processes
):
    first, second = processes
    client.force_login(councillor)
    make_indicators(home_area, 1)
    # Both processes keep the rows, an ordering and the export.
    for process in processes:
        assert "40.0" in process.get(client)[0]
        assert "40.0" in process.get(client, sort="-value")[0]
        assert ",2025/26 Q2,40," in process.get(client, _export="csv")[0]
    Observation.all_objects.filter(
        indicator__code="ind-000", period__label="2025/26 Q2"
    ).update(value=Decimal("47"))
    recompute()
    # Each process's next request, its own rows in memory notwithstanding.
    for process in (second, first):
        page, _ = process.get(client)
        assert "47.0" in page and "40.0" not in page
        export, _ = process.get(client, _export="csv")
        assert ",2025/26 Q2,47," in export and ",2025/26 Q2,40," not in export


def test_without_a_version_nothing_is_kept(redis_cache):
    """SQLite (the demo) has no data version: every call builds."""
    built: list[int] = []

    def build() -> int:
        built.append(1)
        return len(built)

    assert [kept.kept("x", (), None, build) for _ in range(2)] == [1, 2]
    assert [kept.kept_in_process("x", (), None, build) for _ in range(2)] == [3, 4]


def test_with_the_cache_down_the_dashboard_and_its_export_still_answer(
    client, councillor, home_area, settings, monkeypatch
):
    """Redis is a cache here, not a record: a port with nothing listening
    gives the same page and export, built on every request."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # discard: nothing answers
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    with pytest.raises(Exception):  # noqa: B017 (any connection error)
        caches["default"].get("anything")
    monkeypatch.setattr(kept, "_rows", OrderedDict())
    client.force_login(councillor)
    make_indicators(home_area, 2)
    page = client.get("/")
    assert page.status_code == 200 and "Measure 1" in page.content.decode()
    export = client.get("/", {"_export": "csv"})
    assert export.status_code == 200 and "Measure 1" in export.content.decode(
        "utf-8-sig"
    )
