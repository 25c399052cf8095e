"""When the home authority's figures may be entered: the quarters open to
officers, and the one rule every entry path asks (`entry_window`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from indicators import figure_rules
from indicators.models import Period
from indicators.permissions import PUBLISH, has_role
from indicators.services.common import periods_ensure


def entry_window(user: Any, today: date | None = None) -> figure_rules.EntryWindow:
    """The periods `user` may enter figures for today. The performance team
    (and an import from the command line, which has no user) may also enter
    a late figure for a closed period; nobody may enter one for a period
    that has not ended."""
    return figure_rules.EntryWindow(
        today=today or timezone.localdate(),
        quarters_open=settings.SCRUTINEER_ENTRY_QUARTERS_OPEN,
        may_enter_closed=user is None or has_role(user, PUBLISH),
    )


def open_quarters(today: date | None = None) -> list[Period]:
    """The quarters open to officers, newest first (created if new)."""
    specs = entry_window(None, today).open_quarters()
    stored = periods_ensure(specs)
    return [stored[s.key] for s in specs]
