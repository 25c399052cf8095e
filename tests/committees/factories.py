"""Factories for the committees' models. Actions are made through the
service, so that every test's action has a reference allocated as the app
allocates it."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import factory

from committees import services
from committees.models import Action, AgendaItem, Committee, Meeting, Resolution


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Scrutiny Committee {n}")
    code = factory.Sequence(lambda n: f"C{n}")
    slug = factory.Sequence(lambda n: f"committee-{n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    date = datetime.date(2025, 6, 2)
    time = datetime.time(14, 0)
    venue = "Committee Room 1, County Hall"
    status = Meeting.Status.HELD


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    item = factory.SubFactory(AgendaItemFactory)
    letter = factory.Sequence(lambda n: "abcdefghijklmnopqrstuvwxyz"[n % 26])
    text = "That the Director be requested to report to a future meeting."
    kind = Resolution.Kind.REQUEST


_numbers = itertools.count(1)


def make_action(
    clerk: Any,
    *,
    resolution: Resolution | None = None,
    due_date: datetime.date | None = datetime.date(2025, 9, 1),
    status: str = Action.Status.OPEN,
    **kwargs: Any,
) -> Action:
    """An action created as a clerk creates one, then put in `status`
    directly (tests of reads need states without the story of updates)."""
    resolution = resolution or ResolutionFactory()
    kwargs.setdefault("lead_name", "Director of Children's Services")
    kwargs.setdefault("lead_email", "director@example.org")
    action = services.action_create(
        user=clerk,
        resolution=resolution,
        # Each different: the same action again from the same clerk within
        # minutes is taken as a second click (services.AlreadySaved).
        description=kwargs.pop(
            "description", f"Report on adoption timeliness ({next(_numbers)})"
        ),
        due_date=due_date,
        **kwargs,
    )
    if status != Action.Status.OPEN:
        Action.objects.filter(pk=action.pk).update(
            status=status,
            closed_reason="No longer needed" if status == Action.Status.CLOSED else "",
        )
        action.refresh_from_db()
    return action
