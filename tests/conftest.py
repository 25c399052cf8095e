"""Personas and shared fixtures. Tests run against PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import pytest
from django.conf import settings

from indicators.permissions import Role
from tests.factories import AreaFactory, UserFactory

# One Chromium for the whole session, whichever folder a browser test is in.
pytest_plugins = ["tests.browser_support"]


def pytest_configure(config: pytest.Config) -> None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError(
            "Tests run against PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/scrutineer "
            "(make test does this)."
        )


@pytest.fixture
def home_area(db, settings):  # type: ignore[no-untyped-def]
    area = AreaFactory(code="E10000018", la_number="855", name="Leicestershire")
    settings.SCRUTINEER_HOME_AREA = area.code
    return area


@pytest.fixture
def councillor(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="councillor", roles=[Role.COUNCILLORS])


@pytest.fixture
def officer(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="officer", roles=[Role.OFFICERS])


@pytest.fixture
def performance_lead(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="performance", roles=[Role.PERFORMANCE])


@pytest.fixture
def clerk(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="clerk", roles=[Role.CLERKS])


@pytest.fixture
def outsider(db):  # type: ignore[no-untyped-def]
    """Signed in, but in no role."""
    return UserFactory(username="outsider")


@pytest.fixture
def superuser(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture(autouse=True)
def _reference_data(request):  # type: ignore[no-untyped-def]
    """The roles and areas that data migrations load. A transactional test
    (one that runs a real Celery worker, say) ends by flushing every table,
    data migrations' rows included; reload them for the tests after it."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not names & {"db", "transactional_db"}:
        return
    transactional = "transactional_db" in names or bool(
        marker and marker.kwargs.get("transaction")
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    if not Group.objects.exists():
        import_module("indicators.migrations.0002_roles").create_roles(apps, None)
        import_module("indicators.migrations.0004_load_areas").load_areas(apps, None)


@pytest.fixture(autouse=True)
def _fresh_memory_cache():  # type: ignore[no-untyped-def]
    """Each test leaves the in-process cache (the tests' cache, as the demo's)
    empty for the next. Sign-in counts and locks live there: a username one
    test locks from 127.0.0.1 (tests/journeys/test_sign_in.py locks the
    councillor) must not refuse the next test's sign-ins, which it would for
    fifteen minutes, and for longer in a test that moves the clock back. A
    Redis cache is left alone: it may be a broker's database."""
    yield
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    for cache in caches.all(initialized_only=True):
        if isinstance(cache, LocMemCache):
            cache.clear()
