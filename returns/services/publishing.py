"""The performance team's side of the quarter: publish submitted figures or
send them back; correct a published figure, with a reason, which then shows
as revised."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from indicators import figure_rules, rating
from indicators.models import Indicator, Observation, Period
from indicators.permissions import PUBLISH, has_role
from indicators.selectors.previews import rate_figures
from indicators.services.common import history_stamp, home_area, same_value
from indicators.services.ratings import recompute
from returns.services.review import kind_of


@dataclass(frozen=True)
class PublishResult:
    """What publishing did: the figures published, and those held back
    because they rate red without commentary (still submitted)."""

    published: list[Observation]
    held_back: list[Observation]


@transaction.atomic
def figures_publish(*, user: Any, observation_ids: list[int]) -> PublishResult:
    """Publish submitted figures (the performance team). A figure that would
    rate red without commentary is held back, still submitted: a red needs
    the service's explanation before councillors see it. Rows are locked, so
    two people publishing the same period at once publish each figure once."""
    if not has_role(user, PUBLISH):
        raise PermissionDenied
    rows = list(
        Observation.all_objects.select_for_update()
        .filter(pk__in=observation_ids, status=Observation.Status.SUBMITTED)
        .order_by("pk")
    )
    if not rows:
        return PublishResult(published=[], held_back=[])
    # Read apart from the locked rows, so that the lock takes only the figures.
    indicators = Indicator.objects.in_bulk({r.indicator_id for r in rows})
    periods = Period.objects.in_bulk({r.period_id for r in rows})
    for row in rows:
        row.indicator, row.period = indicators[row.indicator_id], periods[row.period_id]
    rated = rate_figures(rows)
    held_back = [
        row
        for row in rows
        if rating.needs_commentary(rag=rated[row.pk]["rag"], commentary=row.commentary)
    ]
    to_publish = [row for row in rows if row not in held_back]
    now = timezone.now()
    for row in to_publish:
        row.status = Observation.Status.PUBLISHED
        row.published_by = user
        row.published_at = now
    bulk_update_with_history(
        to_publish,
        Observation,
        ["status", "published_by", "published_at"],
        manager=Observation.all_objects,
        default_user=user,
        default_change_reason="page: publish",
    )
    if to_publish:
        recompute(indicator_ids={r.indicator_id for r in to_publish})
    return PublishResult(published=to_publish, held_back=held_back)


def figures_publish_period(*, user: Any, period: Period) -> PublishResult:
    """Publish every submitted home figure of a period (reds without
    commentary are held back, as for any publication)."""
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
    history_stamp(row, user, "page: reject")
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
    # The same rules as the entry page and returns (a value worked out from
    # the counts, checked against them, in range).
    checked = figure_rules.check_figure(
        kind_of(row.indicator),
        value=value,
        numerator=numerator,
        denominator=denominator,
        require_value=True,
    )
    if checked.errors:
        raise ValidationError(
            {
                column: [figure_rules.say(column, reason) for reason in reasons]
                for column, reasons in checked.errors.items()
            }
        )
    if (
        row.revised
        and row.revision_note == note.strip()
        and same_value(row.value, checked.value)
        and same_value(row.numerator, checked.numerator)
        and same_value(row.denominator, checked.denominator)
    ):
        return row  # the same correction again (a second click): nothing to do
    row.value, row.numerator, row.denominator = (
        checked.value,
        checked.numerator,
        checked.denominator,
    )
    row.suppression = ""
    row.revised = True
    row.revision_note = note.strip()
    history_stamp(row, user, "page: revise published figure")
    row.full_clean(exclude=["import_job"], validate_unique=False)
    row.save()
    recompute(indicator_ids=[row.indicator_id])
    return row
