"""Targets: the one service that every path setting or deleting a target goes
through (the targets page, a return's target column, `import_returns`), so
that the right to set targets is checked in one place, every write is audited
and ratings are recalculated.

Who may set targets: the performance team and superusers. A return imported
at the command line without `--user` is run by an administrator with access
to the server, and may set them too. Anyone else's target that differs from
the target in force for that period is refused (a row error in a return);
one that restates it changes nothing.

A target holds until it is replaced: the rule is `rating.target_in_force`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators import rating
from indicators.formatting import plain
from indicators.models import ImportJob, Indicator, Period, Target
from indicators.permissions import EDIT_INDICATORS, has_role
from indicators.services.common import (
    audit_defaults,
    history_stamp,
    periods_ensure,
    same_value,
)
from indicators.services.ratings import recompute


def can_set_targets(user: Any) -> bool:
    """The performance team and superusers; `None` is the command line (an
    import run by an administrator on the server, without --user)."""
    return user is None or has_role(user, EDIT_INDICATORS)


@dataclass(frozen=True)
class TargetChange:
    """One target to set: for an indicator and a stored period. `row` is the
    return's row it came from, for its error."""

    indicator_id: int
    period: Period
    value: Decimal
    row: int | None = None


@dataclass(frozen=True)
class RefusedTarget:
    change: TargetChange
    in_force: rating.TargetInForce | None

    @property
    def reason(self) -> str:
        label = self.change.period.label
        if self.in_force is None:
            now = f"{label} has no target"
        else:
            now = f"the target for {label} is {plain(self.in_force.value)}"
            if not self.in_force.is_own(self.change.period.as_rule()):
                now += f" (set for {self.in_force.set_for.label})"
        return (
            f"only the performance team sets targets: {now}; leave the column"
            " empty or give that target"
        )


class TargetsRefused(PermissionDenied):
    """Targets from someone who may not set them, differing from those in
    force. Nothing was written."""

    def __init__(self, refused: list[RefusedTarget]) -> None:
        super().__init__("; ".join(r.reason for r in refused))
        self.refused = refused


@dataclass
class TargetsResult:
    """What a call did: targets created, changed and already as given."""

    created: list[Target] = field(default_factory=list)
    updated: list[Target] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return len(self.created) + len(self.updated)


def _lock_indicators(ids: Iterable[int]) -> None:
    """Serialise target writes per indicator (two clicks at once, or a page
    and an import): a missing target has no row to lock, so lock its
    indicator, in id order so that two writers never deadlock."""
    list(
        Indicator.objects.select_for_update()
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def targets_set(
    *,
    changes: Iterable[TargetChange],
    user: Any,
    job: ImportJob | None = None,
    via: str = "",
    rerate: bool = True,
) -> TargetsResult:
    """Set targets, all or none, audited (who, when, old and new value, and
    through which page or import job). A target equal to the one stored for
    its period is left alone. From a user who may not set targets, a target
    that differs from the one in force raises TargetsRefused and nothing is
    written. Ratings of the indicators whose targets changed are
    recalculated unless `rerate` is False (a caller that recomputes anyway)."""
    wanted: dict[tuple[int, int], TargetChange] = {}
    for change in changes:
        wanted[(change.indicator_id, change.period.pk)] = change  # the last wins
    if not wanted:
        return TargetsResult()
    indicator_ids = {key[0] for key in wanted}
    _lock_indicators(indicator_ids)
    stored: dict[int, dict[int, Target]] = defaultdict(dict)
    for target in Target.objects.filter(indicator_id__in=indicator_ids).select_related(
        "period"
    ):
        stored[target.indicator_id][target.period_id] = target
    result, refused = _plan(wanted, stored, allowed=can_set_targets(user))
    if refused:
        raise TargetsRefused(refused)
    audit = audit_defaults(job)
    if user is not None:
        audit["default_user"] = user
    if via:
        audit["default_change_reason"] = f"page: {via}"
    bulk_create_with_history(result.created, Target, **audit)
    bulk_update_with_history(result.updated, Target, ["value"], **audit)
    if rerate and result.changed:
        recompute(
            indicator_ids={t.indicator_id for t in result.created + result.updated}
        )
    return result


def _plan(
    wanted: dict[tuple[int, int], TargetChange],
    stored: dict[int, dict[int, Target]],
    *,
    allowed: bool,
) -> tuple[TargetsResult, list[RefusedTarget]]:
    """What setting these targets would do (targets to create, to change,
    already as given) and, for a user not `allowed` to set targets, those
    refused: any that differs from the target in force."""
    result = TargetsResult()
    refused: list[RefusedTarget] = []
    for (indicator_id, period_id), change in wanted.items():
        own = stored[indicator_id].get(period_id)
        if own is not None and same_value(own.value, change.value):
            result.unchanged += 1
            continue
        if not allowed:
            in_force = rating.target_in_force(
                change.period.as_rule(),
                [(t.period.as_rule(), t.value) for t in stored[indicator_id].values()],
            )
            if own is None and in_force and same_value(in_force.value, change.value):
                result.unchanged += 1  # restates the target in force: nothing to do
                continue
            refused.append(RefusedTarget(change, in_force))
            continue
        if own is None:
            result.created.append(
                Target(
                    indicator_id=indicator_id, period=change.period, value=change.value
                )
            )
        else:
            own.value = change.value
            result.updated.append(own)
    return result, refused


def target_periods(indicator: Indicator, period: rating.Period) -> list[rating.Period]:
    """The periods a target given on the targets page is set for: a quarter;
    or a year and, for a quarterly indicator, each of its quarters."""
    specs = [period]
    if (
        period.kind is rating.PeriodKind.YEAR
        and indicator.frequency == Indicator.Frequency.QUARTERLY
        and period.year_type is rating.YearType.FINANCIAL
    ):
        specs += [rating.quarter_period(period.start.year, q) for q in range(1, 5)]
    return specs


def target_set(
    *, user: Any, indicator: Indicator, period: rating.Period, value: Decimal
) -> tuple[list[rating.Period], TargetsResult]:
    """The targets page: set a target for a period (a year's applies to its
    quarters too). Returns the periods it was set for and what changed."""
    if not has_role(user, EDIT_INDICATORS):
        raise PermissionDenied
    specs = target_periods(indicator, period)
    stored = periods_ensure(specs)
    result = targets_set(
        changes=[TargetChange(indicator.pk, stored[s.key], value) for s in specs],
        user=user,
        via="targets",
    )
    return specs, result


@transaction.atomic
def target_delete(*, user: Any, indicator: Indicator, target_id: int) -> Target | None:
    """Delete a target (audited: the history keeps its last value, who and
    when) and recalculate the indicator's ratings: its periods then take the
    target in force before it. None when it was already gone (a second click)."""
    if not has_role(user, EDIT_INDICATORS):
        raise PermissionDenied
    _lock_indicators([indicator.pk])
    target = (
        Target.objects.filter(pk=target_id, indicator=indicator)
        .select_related("period")
        .first()
    )
    if target is None:
        return None
    history_stamp(target, user, "page: delete target")
    target.delete()
    recompute(indicator_ids=[indicator.pk])
    return target
