"""Fixtures for the import-job tests: uploads under a temporary media root
(`media` is not autouse here; those modules ask for it with `pytestmark`), the
indicator the benchmark files are for, and a job run when its request commits."""

from __future__ import annotations

import pytest

from tests.factories import IndicatorFactory


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cpp(home_area):  # type: ignore[no-untyped-def]
    return IndicatorFactory(
        code="cpp", name="Second child protection plans", unit="percent",
        polarity="lower", rag_method="quartile", frequency="annual",
        year_type="reporting",
    )  # fmt: skip


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Requests queue the job on commit; run it then, eagerly, as the demo
    does (tests/integration runs it on a real worker)."""

    def call(action):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return call
