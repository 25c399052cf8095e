"""Which indicators a committee follows: its clerks and the performance
team choose them from the catalogue. Each change is kept in the committee's
history (who, when, which indicators it then followed)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from committees.models import Committee
from indicators.models import Indicator
from indicators.permissions import FOLLOW_INDICATORS, has_role
from indicators.services.common import history_stamp


def can_choose_follows(user: Any) -> bool:
    """Clerks and the performance team (and superusers)."""
    return has_role(user, FOLLOW_INDICATORS)


def _require(user: Any) -> None:
    if not can_choose_follows(user):
        raise PermissionDenied(
            "Only clerks and the performance team choose a committee's indicators."
        )


def indicator_follow(*, user: Any, committee: Committee, indicator: Indicator) -> bool:
    """The committee follows the indicator (from now on, its dashboard and
    reports cover it). False if it already did: nothing changes."""
    _require(user)
    if committee.follows.filter(pk=indicator.pk).exists():
        return False
    history_stamp(committee, user, f"Follows {indicator.code}")
    committee.follows.add(indicator)
    return True


def indicator_unfollow(
    *, user: Any, committee: Committee, indicator: Indicator
) -> bool:
    """The committee no longer follows the indicator. False if it did not."""
    _require(user)
    if not committee.follows.filter(pk=indicator.pk).exists():
        return False
    history_stamp(committee, user, f"No longer follows {indicator.code}")
    committee.follows.remove(indicator)
    return True
