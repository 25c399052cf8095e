"""The quarter's cycle for the home authority's figures: officers save drafts
and submit; the performance team publishes or rejects; a published figure is
corrected only with a reason and is then marked revised. Every change is
recorded by django-simple-history with who and through which page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from indicators import rating
from indicators.models import Indicator, Observation, Period
from indicators.permissions import PUBLISH, has_role
from indicators.services.common import home_area
from indicators.services.ratings import HomeContext, IndicatorFacts, recompute


@dataclass(frozen=True)
class FigureEntry:
    """One row of the data-entry form."""

    indicator: Indicator
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    commentary: str = ""


def can_enter(user: Any, indicator: Indicator) -> bool:
    """Officers enter their own indicators (as owner or team member); the
    performance team and superusers may enter any. Reads indicator.team's
    members (prefetch `team__members` on lists)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or has_role(user, PUBLISH):
        return True
    if indicator.owner_id == user.pk:
        return True
    return indicator.team_id is not None and any(
        member.pk == user.pk for member in indicator.team.members.all()
    )


def entry_value(entry: FigureEntry) -> Decimal | None:
    """The figure to store: the value given, or numerator / denominator x 100
    for a percentage when only the counts are given."""
    if entry.value is not None:
        return entry.value
    if (
        entry.indicator.unit == Indicator.Unit.PERCENT
        and entry.numerator is not None
        and entry.denominator
    ):
        return rating.percentage(entry.numerator, entry.denominator)
    return None


def figure_preview(*, entry: FigureEntry, period: Period) -> dict[str, Any]:
    """The rating this figure would get if published now (the same rules and
    the same code as recompute)."""
    facts = IndicatorFacts(entry.indicator, HomeContext.load())
    return facts.rate(
        period=period,
        value=entry_value(entry),
        numerator=entry.numerator,
        denominator=entry.denominator,
    )


@transaction.atomic
def figures_save(
    *, user: Any, period: Period, entries: list[FigureEntry], submit: bool
) -> list[Observation]:
    """Save the officer's figures for a period as drafts, or submit them for
    publication. All or nothing: any problem raises ValidationError keyed by
    indicator code, and nothing is saved. A figure that would rate red cannot
    be submitted without commentary; published figures are not edited here."""
    area = home_area()
    errors: dict[str, list[str]] = {}
    existing = {
        o.indicator_id: o
        for o in Observation.all_objects.select_for_update().filter(
            area=area, period=period, indicator__in=[e.indicator for e in entries]
        )
    }
    context = HomeContext.load()
    now = timezone.now()
    to_save: list[Observation] = []
    for entry in entries:
        code = entry.indicator.code
        if not can_enter(user, entry.indicator):
            raise PermissionDenied(f"you do not enter figures for {code}")
        current = existing.get(entry.indicator.pk)
        value = entry_value(entry)
        if current is not None and current.status == Observation.Status.PUBLISHED:
            if not same_figure(current, entry, value):
                errors.setdefault(code, []).append(
                    "This figure is published: ask the performance team to revise it."
                )
            continue
        if value is None and entry.numerator is None and not entry.commentary:
            continue  # an empty row: nothing to save
        if submit and value is None:
            errors.setdefault(code, []).append("Enter a value before submitting.")
            continue
        if submit:
            rated = IndicatorFacts(entry.indicator, context).rate(
                period=period,
                value=value,
                numerator=entry.numerator,
                denominator=entry.denominator,
            )
            if rated["rag"] == rating.Rag.RED and not entry.commentary.strip():
                errors.setdefault(code, []).append(
                    "This figure rates red: explain it in the commentary before"
                    " submitting."
                )
                continue
        observation = current or Observation(
            indicator=entry.indicator,
            area=area,
            period=period,
            source=Observation.Source.ENTRY,
            is_percent=entry.indicator.unit == Indicator.Unit.PERCENT,
        )
        observation.value = value
        observation.numerator = entry.numerator
        observation.denominator = entry.denominator
        observation.suppression = ""
        observation.commentary = entry.commentary.strip()
        observation.rejection_reason = ""
        if submit:
            observation.status = Observation.Status.SUBMITTED
            observation.submitted_by = user
            observation.submitted_at = now
        elif observation.status != Observation.Status.SUBMITTED:
            observation.status = Observation.Status.DRAFT
        observation._history_user = user
        observation._change_reason = "page: quarterly data entry"
        to_save.append(observation)
    if errors:
        raise ValidationError(errors)
    for observation in to_save:
        observation.full_clean(exclude=["import_job"], validate_unique=False)
        observation.save()
    return to_save


def same_figure(
    current: Observation, entry: FigureEntry, value: Decimal | None
) -> bool:
    return (
        current.value == value
        and current.numerator == entry.numerator
        and current.denominator == entry.denominator
        and current.commentary == entry.commentary.strip()
    )


@transaction.atomic
def figures_publish(*, user: Any, observation_ids: list[int]) -> int:
    """Publish submitted figures (the performance team). Rows are locked, so
    two people publishing the same period at once publish each figure once."""
    if not has_role(user, PUBLISH):
        raise PermissionDenied
    rows = list(
        Observation.all_objects.select_for_update()
        .filter(pk__in=observation_ids, status=Observation.Status.SUBMITTED)
        .order_by("pk")
    )
    now = timezone.now()
    for row in rows:
        row.status = Observation.Status.PUBLISHED
        row.published_by = user
        row.published_at = now
    bulk_update_with_history(
        rows,
        Observation,
        ["status", "published_by", "published_at"],
        manager=Observation.all_objects,
        default_user=user,
        default_change_reason="page: publish",
    )
    if rows:
        recompute(indicator_ids={r.indicator_id for r in rows})
    return len(rows)


def figures_publish_period(*, user: Any, period: Period) -> int:
    """Publish every submitted home figure of a period."""
    ids = list(
        Observation.all_objects.filter(
            area=home_area(), period=period, status=Observation.Status.SUBMITTED
        ).values_list("pk", flat=True)
    )
    return figures_publish(user=user, observation_ids=ids)


@transaction.atomic
def figure_reject(*, user: Any, observation_id: int, reason: str) -> Observation:
    """Send a submitted figure back to its officer with a reason they see."""
    if not has_role(user, PUBLISH):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": ["Give a reason the officer will see."]})
    row = Observation.all_objects.select_for_update().get(
        pk=observation_id, status=Observation.Status.SUBMITTED
    )
    row.status = Observation.Status.DRAFT
    row.rejection_reason = reason.strip()
    row._history_user = user
    row._change_reason = "page: reject"
    row.save()
    return row


@transaction.atomic
def figure_revise(
    *,
    user: Any,
    observation_id: int,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    note: str,
) -> Observation:
    """Correct a published figure (the performance team). A reason is required
    and shown as a revision note; the figure is marked revised everywhere."""
    if not has_role(user, PUBLISH):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError({"note": ["Say why the published figure is revised."]})
    row = Observation.all_objects.select_for_update().get(
        pk=observation_id, status=Observation.Status.PUBLISHED
    )
    row.value, row.numerator, row.denominator = value, numerator, denominator
    row.suppression = ""
    row.revised = True
    row.revision_note = note.strip()
    row._history_user = user
    row._change_reason = "page: revise published figure"
    row.full_clean(exclude=["import_job"], validate_unique=False)
    row.save()
    recompute(indicator_ids=[row.indicator_id])
    return row
