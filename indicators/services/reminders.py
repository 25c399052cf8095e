"""Reminders to officers whose figures for an open period are missing,
`reminder_days` before the period's collection deadline. One per indicator,
period and deadline: the FigureReminder row is inserted before the email is
sent, and its unique constraint makes a second beat process skip it."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from indicators.models import FigureReminder, Indicator, Observation, Period
from indicators.services.common import home_area

log = logging.getLogger(__name__)


def _recipients(indicator: Indicator) -> list[Any]:
    people = []
    if indicator.owner_id and indicator.owner.email:
        people.append(indicator.owner)
    if indicator.team_id:
        people += [m for m in indicator.team.members.all() if m.email]
    return people


def figure_reminders_send(*, today: date | None = None) -> int:
    """Email owners of missing figures for every period whose reminder window
    (deadline - reminder_days up to the deadline) includes today. Returns the
    number of reminders claimed and sent by this call."""
    today = today or timezone.localdate()
    area = home_area()
    sent = 0
    periods = [
        p
        for p in Period.objects.filter(
            collection_deadline__gte=today,
            collection_deadline__lte=today + timedelta(days=366),
        )
        if p.collection_deadline - timedelta(days=p.reminder_days) <= today
    ]
    for period in periods:
        entered = set(
            Observation.all_objects.filter(
                area=area,
                period=period,
                status__in=[
                    Observation.Status.SUBMITTED,
                    Observation.Status.PUBLISHED,
                ],
            ).values_list("indicator_id", flat=True)
        )
        frequency = (
            Indicator.Frequency.QUARTERLY
            if period.kind == Period.Kind.QUARTER
            else Indicator.Frequency.ANNUAL
        )
        missing = (
            Indicator.objects.filter(frequency=frequency, year_type=period.year_type)
            .exclude(pk__in=entered)
            .select_related("owner", "team")
            .prefetch_related("team__members")
        )
        by_person: dict[Any, list[Indicator]] = defaultdict(list)
        for indicator in missing:
            people = _recipients(indicator)
            if not people:
                continue
            try:
                with transaction.atomic():
                    FigureReminder.objects.create(
                        indicator=indicator,
                        period=period,
                        deadline=period.collection_deadline,
                        recipients=", ".join(p.email for p in people),
                    )
            except IntegrityError:
                continue  # already reminded (by this or another beat process)
            sent += 1
            for person in people:
                by_person[person].append(indicator)
        for person, indicators in by_person.items():
            names = "\n".join(f"- {i.name} ({i.code})" for i in indicators)
            send_mail(
                subject=f"Figures due by {period.collection_deadline:%-d %B %Y}: {period.label}",
                message=(
                    f"Dear {person.get_full_name() or person.username},\n\n"
                    f"These figures for {period.label} have not been submitted yet;"
                    f" the deadline is {period.collection_deadline:%-d %B %Y}:\n\n"
                    f"{names}\n\nEnter them in Scrutineer under 'Enter figures'.\n"
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[person.email],
            )
    if sent:
        log.info("sent %s figure reminders", sent)
    return sent
