"""What the write services share: the home authority, periods, and the
who-and-why given to django-simple-history."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Model, Q

from indicators import rating
from indicators.models import ImportJob, Period

# The home authority is read by the selectors; the services take it from here.
from indicators.selectors.dashboard import home_area as home_area


def audit_defaults(job: ImportJob | None) -> dict[str, Any]:
    """Who and why, for the history records of an import's writes."""
    if job is None:
        return {"default_user": None, "default_change_reason": "service call"}
    # The history's reason holds 100 characters; a file's name may hold 255.
    reason = f"import job {job.pk} ({job.filename})"
    if len(reason) > 100:
        reason = reason[:98] + "…)"
    return {"default_user": job.created_by, "default_change_reason": reason}


def history_stamp(instance: Any, user: Any, reason: str) -> None:
    """Tell django-simple-history who makes the next save of `instance` and
    why: the one place that sets its private attributes (a user not signed
    in is recorded as nobody)."""
    signed_in = getattr(user, "is_authenticated", False)
    instance._history_user = user if signed_in else None
    instance._change_reason = reason


def audit_stamp(instance: Model, job: ImportJob | None) -> None:
    """Tell django-simple-history who made this change and through what."""
    audit = audit_defaults(job)
    history_stamp(instance, audit["default_user"], audit["default_change_reason"])


# --- Periods -------------------------------------------------------------------------------


def periods_ensure(
    specs: Iterable[rating.Period],
) -> dict[tuple[str, str, Any], Period]:
    """The stored Period for each rule period, created if new (by kind, year
    type and start)."""
    wanted = {s.key: s for s in specs}
    found: dict[tuple[str, str, Any], Period] = {}
    if not wanted:
        return found
    query = Q()
    for kind, year_type, start in wanted:
        query |= Q(kind=kind, year_type=year_type, start=start)
    for period in Period.objects.filter(query):
        found[(period.kind, period.year_type, period.start)] = period
    missing = [s for k, s in wanted.items() if k not in found]
    if missing:
        # ignore_conflicts: a concurrent import may have created the same period.
        Period.objects.bulk_create(
            [
                Period(
                    kind=s.kind.value,
                    year_type=s.year_type.value,
                    start=s.start,
                    end=s.end,
                    label=s.label,
                )
                for s in missing
            ],
            ignore_conflicts=True,
        )
        query = Q()
        for s in missing:
            query |= Q(kind=s.kind.value, year_type=s.year_type.value, start=s.start)
        for period in Period.objects.filter(query):
            found[(period.kind, period.year_type, period.start)] = period
    return found


STORED_PLACES = Decimal("0.000001")  # the decimal places a figure is stored with


def same_value(a: Any, b: Any) -> bool:
    """Whether two figures are the same as stored: the database keeps six
    decimal places, so 1/3 worked out afresh equals the 33.333333 it holds."""
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return (
            a is not None
            and b is not None
            and Decimal(a).quantize(STORED_PLACES) == Decimal(b).quantize(STORED_PLACES)
            or (a is None and b is None)
        )
    return (
        (a or "") == (b or "") if isinstance(a, str) or isinstance(b, str) else a == b
    )
