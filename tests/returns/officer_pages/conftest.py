"""The officer pages' fixtures: the clock, the quarter, the indicators and
the upload poster."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import IndicatorFactory, UserFactory, period

# 2025/26 Q2 (July to September 2025) is the quarter being collected: it has
# ended and is open for officers' figures (see figure_rules.EntryWindow).
TODAY = datetime.datetime(2025, 11, 14, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(TODAY, tick=True)
    return TODAY.date()


@pytest.fixture
def q2():  # type: ignore[no-untyped-def]
    return period("2025/26 Q2")


@pytest.fixture
def mine(officer, q2):  # type: ignore[no-untyped-def]
    """Higher is better, target 80 with tolerance 5, owned by `officer`."""
    indicator = IndicatorFactory(
        code="assess", name="Assessments on time", unit="percent",
        polarity="higher", rag_method="target", tolerance=Decimal("5"),
        owner=officer,
    )  # fmt: skip
    indicator.targets.create(period=q2, value=Decimal("80"))
    return indicator


@pytest.fixture
def theirs(q2):  # type: ignore[no-untyped-def]
    other = UserFactory(username="other-officer", roles=["Officers"])
    return IndicatorFactory(code="visits", name="Visits on time", owner=other)


@pytest.fixture
def upload(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """POST a file to /imports/; the job is queued on commit, as in a real
    request, and runs eagerly (the real-worker test is in tests/integration)."""

    def post(client, content: bytes, name: str = "return.csv", kind: str = "returns"):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/imports/", {"kind": kind, "file": SimpleUploadedFile(name, content)}
            )

    return post
