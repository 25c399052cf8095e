"""Which indicators a committee follows, and the comparator group it
compares with: its clerks and the performance team choose them from the
catalogue. Each change is kept in the committee's
history (who, when, which indicators it then followed)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from committees.models import Committee
from indicators import selectors as indicator_selectors
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


def comparator_group_choose(*, user: Any, committee: Committee, slug: str) -> bool:
    """The committee's own comparator group (blank: none, so that its pages
    compare with all English authorities): a group the pages offer
    (`comparator_choices`), or refused. Its dashboard and overall position
    then compare with it unless another is asked for, and its new reports
    take it. Kept in the committee's history. False if it was already the
    committee's group: nothing changes."""
    _require(user)
    slug = slug.strip()
    home = indicator_selectors.home_area_or_none()
    names = dict(indicator_selectors.comparator_choices(home))
    if slug and slug not in names:
        raise ValidationError(
            {"comparator_group": ["Choose a comparator group from the list."]}
        )
    if slug == committee.comparator_group:
        return False
    said = names[slug] if slug else "all English authorities (no group)"
    history_stamp(committee, user, f"Compares with {said}")
    committee.comparator_group = slug
    committee.save(update_fields=["comparator_group"])
    return True
