"""Fixtures for the sign-in tests: the lockout's counts on Redis under a
prefix of the test's own, and a real server. `_redis_counts` is not autouse
here; the sign-in modules ask for it with `pytestmark`."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis

from tests.integration.conftest import _database_url
from tests.trust.live_server import REDIS_URL, LiveServer, live_server


@pytest.fixture
def _redis_counts(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The production settings, on Redis, under a key prefix of this test's
    own (so nothing is flushed and no other test's counts are seen)."""
    prefix = f"test-signin-{uuid.uuid4().hex[:12]}"
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {error}")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.SCRUTINEER_LOGIN_FAILURE_LIMIT = 10
    settings.SCRUTINEER_LOGIN_IP_SLOW_AFTER = 100
    settings.SCRUTINEER_LOGIN_IP_DELAY = 1
    settings.SCRUTINEER_LOGIN_COOLOFF = 15 * 60
    settings.SCRUTINEER_PROXY_COUNT = 0
    yield
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def server(transactional_db) -> Iterator[LiveServer]:  # type: ignore[no-untyped-def]
    yield from live_server(_database_url())
