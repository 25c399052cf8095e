"""What every write to the minutes shares: who may write (the permission
rule, checked here as well as in the view), saving with the history of who
changed what (django-simple-history: the request's user through its
middleware; `history_stamp` where there is no request) and the outcome of a
repeated submission, `AlreadySaved`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from committees.models import Action
from indicators.permissions import MINUTE_MEETINGS, READ, has_role
from indicators.services.common import history_stamp


def save_with_history(instance: Any, user: Any, reason: str) -> None:
    instance.full_clean()
    history_stamp(instance, user, reason)
    instance.save()


def can_minute(user: Any) -> bool:
    """Clerks (and superusers) write meetings, items, resolutions and actions."""
    return has_role(user, MINUTE_MEETINGS)


def can_update_action(user: Any, action: Action) -> bool:
    """Clerks may record an update on any action; a lead officer on their own."""
    if can_minute(user):
        return True
    return (
        has_role(user, READ)
        and action.lead_officer_id is not None
        and action.lead_officer_id == user.pk
    )


def require_clerk(user: Any) -> None:
    if not can_minute(user):
        raise PermissionDenied("Only clerks may change the minutes.")


class AlreadySaved(Exception):  # noqa: N818 (it is an outcome, not a failure)
    """The same record was saved a moment ago, most likely by a second click
    on the same button (or a resubmitted form): the caller shows the one
    saved instead of making a second copy or answering with an error."""

    def __init__(self, instance: Any) -> None:
        super().__init__(f"{instance} was already saved")
        self.instance = instance


# A second identical action or update within this time of the first is a
# repeat of the same submission, not a new one.
REPEAT_WINDOW = datetime.timedelta(minutes=10)


def repeat_window_start() -> datetime.datetime:
    """A record saved since then may be this submission made again."""
    return timezone.now() - REPEAT_WINDOW
