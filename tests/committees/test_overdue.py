"""Overdue is derived from the due date, the status and the council's own
date (Europe/London), never stored: the property, the queryset and the
tracker's annotation agree across dates and time zones."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from committees.models import Action
from tests.committees.factories import make_action

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def overdue_everywhere(action: Action) -> tuple[bool, bool, bool]:
    """The property, the filter and the annotation, for one action."""
    annotated = Action.objects.with_overdue().get(pk=action.pk).is_overdue
    return (
        Action.objects.get(pk=action.pk).overdue,
        Action.objects.overdue().filter(pk=action.pk).exists(),
        annotated,
    )


@pytest.mark.parametrize(
    ("now", "status", "expected"),
    [
        # The day it is due: not yet overdue, until midnight London time.
        (datetime.datetime(2025, 9, 1, 9, 0, tzinfo=UTC), "open", False),
        (datetime.datetime(2025, 9, 1, 22, 59, tzinfo=UTC), "open", False),
        # 23:30 UTC on 1 September is 00:30 on the 2nd in London (BST): late.
        (datetime.datetime(2025, 9, 1, 23, 30, tzinfo=UTC), "open", True),
        (datetime.datetime(2025, 9, 2, 9, 0, tzinfo=UTC), "in_progress", True),
        (datetime.datetime(2026, 9, 2, 9, 0, tzinfo=UTC), "answered", False),
        (datetime.datetime(2026, 9, 2, 9, 0, tzinfo=UTC), "closed", False),
    ],
)
def test_overdue_follows_the_councils_date(clerk, now, status, expected):  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2025, 6, 2, 9, 0, tzinfo=UTC)):
        action = make_action(clerk, due_date=datetime.date(2025, 9, 1), status=status)
    with time_machine.travel(now, tick=False):
        assert overdue_everywhere(action) == (expected, expected, expected)


def test_in_winter_london_is_utc(clerk):  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2025, 6, 2, 9, 0, tzinfo=UTC)):
        action = make_action(clerk, due_date=datetime.date(2026, 1, 15))
    with time_machine.travel(datetime.datetime(2026, 1, 15, 23, 59, tzinfo=UTC)):
        assert overdue_everywhere(action) == (False, False, False)
    with time_machine.travel(datetime.datetime(2026, 1, 16, 0, 1, tzinfo=UTC)):
        assert overdue_everywhere(action) == (True, True, True)


def test_answering_an_action_stops_it_being_overdue(clerk):  # type: ignore[no-untyped-def]
    from committees import services

    with time_machine.travel(datetime.datetime(2025, 6, 2, 9, 0, tzinfo=UTC)):
        action = make_action(clerk, due_date=datetime.date(2025, 9, 1))
    with time_machine.travel(datetime.datetime(2025, 9, 10, 9, 0, tzinfo=UTC)):
        assert Action.objects.get(pk=action.pk).overdue
        services.action_update_add(
            user=clerk, action=action, text="Report circulated.", status="answered"
        )
        assert overdue_everywhere(action) == (False, False, False)


def test_overdue_is_not_a_column():
    assert "overdue" not in {f.name for f in Action._meta.get_fields()}
    assert "is_overdue" not in {f.name for f in Action._meta.get_fields()}
