"""Reminder emails that have not got through, as much as each user may
see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from committees.models import ActionReminder, MeetingDigest
from indicators import mail
from indicators.models import FigureReminder
from indicators.permissions import MINUTE_MEETINGS, PUBLISH, has_role


@dataclass
class Undelivered:
    """Reminder emails that have not got through, as much as this user may
    see: committee reminders and digests for clerks, figure reminders for
    the performance team (superusers see both). None where not theirs."""

    actions: list[ActionReminder] | None = None
    digests: list[MeetingDigest] | None = None
    figures: list[FigureReminder] | None = None

    @property
    def count(self) -> int:
        return sum(
            len(rows or []) for rows in (self.actions, self.digests, self.figures)
        )


def _undelivered(user: Any) -> dict[str, Any]:
    """The querysets of refused (or interrupted) reminders this user may see,
    most recently tried first."""
    kinds: dict[str, Any] = {}
    if has_role(user, MINUTE_MEETINGS):
        kinds["actions"] = ActionReminder.objects.select_related("action__committee")
        kinds["digests"] = MeetingDigest.objects.select_related("meeting__committee")
    if has_role(user, PUBLISH):
        kinds["figures"] = FigureReminder.objects.select_related("indicator", "period")
    return {
        name: mail.undelivered(rows).order_by("-last_attempt_at", "-pk")
        for name, rows in kinds.items()
    }


def undelivered_reminders(user: Any) -> Undelivered:
    """What /reminders/ lists. Queries: one per kind the user may see."""
    return Undelivered(
        **{name: list(rows) for name, rows in _undelivered(user).items()}
    )


def undelivered_count(user: Any) -> int:
    """How many there are, for a notice elsewhere. Queries: one per kind the
    user may see (none for a councillor or officer)."""
    return sum(rows.count() for rows in _undelivered(user).values())
