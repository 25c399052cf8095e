"""Shared fixtures for the committees' tests."""

from __future__ import annotations

import pytest

from tests.committees.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    ResolutionFactory,
)


@pytest.fixture
def committee(db):  # type: ignore[no-untyped-def]
    return CommitteeFactory(
        code="CFS",
        name="Children and Families Overview and Scrutiny Committee",
        slug="children-and-families",
    )


@pytest.fixture
def meeting(committee):  # type: ignore[no-untyped-def]
    return MeetingFactory(committee=committee)


@pytest.fixture
def item(meeting):  # type: ignore[no-untyped-def]
    return AgendaItemFactory(meeting=meeting, number=5, title="Performance report")


@pytest.fixture
def resolution(item):  # type: ignore[no-untyped-def]
    return ResolutionFactory(item=item, letter="a")
