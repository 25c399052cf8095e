"""Action references: sequential and unique per committee and municipal
year, even when two clerks create actions at the same moment."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction

from committees import services
from committees.models import Action
from tests.committees.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    ResolutionFactory,
    make_action,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def resolution_on(committee, day):  # type: ignore[no-untyped-def]
    meeting = MeetingFactory(committee=committee, date=day)
    return ResolutionFactory(item=AgendaItemFactory(meeting=meeting), letter="a")


def test_references_are_sequential_within_a_committee_and_year(clerk, resolution):  # type: ignore[no-untyped-def]
    references = [make_action(clerk, resolution=resolution).reference for _ in range(3)]
    assert references == ["CFS (25/26) 01", "CFS (25/26) 02", "CFS (25/26) 03"]


def test_a_new_municipal_year_starts_again_at_one(clerk, committee):  # type: ignore[no-untyped-def]
    april = resolution_on(committee, datetime.date(2026, 4, 30))
    may = resolution_on(committee, datetime.date(2026, 5, 1))
    assert make_action(clerk, resolution=april).reference == "CFS (25/26) 01"
    assert make_action(clerk, resolution=april).reference == "CFS (25/26) 02"
    first = make_action(clerk, resolution=may, due_date=datetime.date(2026, 6, 1))
    assert first.reference == "CFS (26/27) 01"
    assert (first.municipal_year, first.sequence) == (2026, 1)


def test_each_committee_numbers_its_own_actions(clerk, resolution):  # type: ignore[no-untyped-def]
    other = CommitteeFactory(code="AH", name="Adults and Health", slug="adults")
    make_action(clerk, resolution=resolution)
    action = make_action(
        clerk, resolution=resolution_on(other, datetime.date(2025, 6, 2))
    )
    assert action.reference == "AH (25/26) 01"


def test_the_year_is_the_resolving_meetings_not_the_due_dates(clerk, committee):  # type: ignore[no-untyped-def]
    resolution = resolution_on(committee, datetime.date(2026, 4, 20))
    action = make_action(
        clerk, resolution=resolution, due_date=datetime.date(2026, 7, 1)
    )
    assert action.reference == "CFS (25/26) 01"


def test_a_reference_never_changes_when_the_committees_code_does(clerk, resolution):  # type: ignore[no-untyped-def]
    action = make_action(clerk, resolution=resolution)
    resolution.item.meeting.committee.__class__.objects.update(code="CFSC")
    action.refresh_from_db()
    assert action.reference == "CFS (25/26) 01"


def test_the_database_refuses_a_duplicate_sequence(clerk, resolution):  # type: ignore[no-untyped-def]
    action = make_action(clerk, resolution=resolution)
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(
            committee=action.committee,
            municipal_year=action.municipal_year,
            sequence=action.sequence,
            reference="CFS (25/26) 01 again",
            resolution=resolution,
            description="duplicate",
            lead_name="Someone",
            due_date=action.due_date,
        )


@pytest.mark.django_db(transaction=True)
def test_a_second_clerk_waits_for_the_first_and_takes_the_next_number():  # type: ignore[no-untyped-def]
    """Two transactions: the first allocates and holds its transaction open;
    the second must wait (not take the same number), then take the next."""
    clerk = UserFactory(username="clerk", roles=["Clerks"])
    committee = CommitteeFactory(code="CFS", slug="cfs", name="CFS")
    resolution = resolution_on(committee, datetime.date(2025, 6, 2))
    first_allocated = threading.Event()
    release_first = threading.Event()
    results: dict[str, str] = {}
    finished: dict[str, float] = {}
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                results["first"] = make_action(clerk, resolution=resolution).reference
                first_allocated.set()
                release_first.wait(timeout=10)
            finished["first"] = time.monotonic()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
            first_allocated.set()
        finally:
            connection.close()

    def second() -> None:
        try:
            first_allocated.wait(timeout=10)
            results["second"] = make_action(clerk, resolution=resolution).reference
            finished["second"] = time.monotonic()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_allocated.wait(timeout=10)
    time.sleep(0.5)
    assert "second" not in results, "the second clerk did not wait for the lock"
    release_first.set()
    for thread in threads:
        thread.join(timeout=20)
    assert not errors, errors
    assert results == {"first": "CFS (25/26) 01", "second": "CFS (25/26) 02"}
    assert finished["second"] >= finished["first"]


@pytest.mark.django_db(transaction=True)
def test_many_concurrent_creations_never_duplicate_a_reference():  # type: ignore[no-untyped-def]
    clerk = UserFactory(username="clerk", roles=["Clerks"])
    committee = CommitteeFactory(code="CFS", slug="cfs", name="CFS")
    resolution = resolution_on(committee, datetime.date(2025, 6, 2))
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def create_three() -> None:
        try:
            start.wait(timeout=10)
            for _ in range(3):
                make_action(clerk, resolution=resolution)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create_three) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    sequences = sorted(Action.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 13))


def test_only_a_clerk_may_create_an_action(officer, resolution):  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.action_create(
            user=officer,
            resolution=resolution,
            description="x",
            lead_name="Someone",
            lead_email="someone@example.org",
            due_date=datetime.date(2025, 9, 1),
        )
    assert not Action.objects.exists()
