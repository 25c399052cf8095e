"""Personas and shared fixtures. Tests run against PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.factories import AreaFactory, UserFactory


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
    return UserFactory(username="councillor", roles=["Councillors"])


@pytest.fixture
def officer(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="officer", roles=["Officers"])


@pytest.fixture
def performance_lead(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="performance", roles=["Performance team"])


@pytest.fixture
def clerk(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="clerk", roles=["Clerks"])


@pytest.fixture
def outsider(db):  # type: ignore[no-untyped-def]
    """Signed in, but in no role."""
    return UserFactory(username="outsider")


@pytest.fixture
def superuser(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="admin", is_superuser=True, is_staff=True)
