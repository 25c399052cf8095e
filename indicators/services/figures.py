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
from indicators.models import Indicator, Observation, Period, Rating
from indicators.permissions import PUBLISH, has_role
from indicators.services.common import home_area
from indicators.services.ratings import (
    HomeContext,
    IndicatorFacts,
    data_changed,
    facts_for,
    recompute,
)

MAX_COMMENTARY = 4000  # as the entry form allows


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
            if rating.needs_commentary(rag=rated["rag"], commentary=entry.commentary):
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


@dataclass(frozen=True)
class PublishResult:
    """What publishing did: the figures published, and those held back
    because they rate red without commentary (still submitted)."""

    published: list[Observation]
    held_back: list[Observation]


def rate_figures(observations: list[Observation]) -> dict[int, dict[str, Any]]:
    """The rating each figure would get if published now (the same code as
    recompute), for many figures in a fixed number of queries. Reads each
    figure's indicator and period (select_related them)."""
    indicators = {o.indicator_id: o.indicator for o in observations}
    facts = {f.indicator.pk: f for f in facts_for(list(indicators.values()))}
    return {
        o.pk: facts[o.indicator_id].rate(
            period=o.period,
            value=o.value,
            numerator=o.numerator,
            denominator=o.denominator,
        )
        for o in observations
    }


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
    if (
        row.revised
        and row.revision_note == note.strip()
        and (row.value, row.numerator, row.denominator)
        == (value, numerator, denominator)
    ):
        return row  # the same correction again (a second click): nothing to do
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


# Control characters other than tab and newline: PDF, DOCX and XLSX refuse
# them, and commentary reaches all three.
_CONTROL = {c: None for c in range(32) if c not in (9, 10)} | {127: None}


def clean_commentary(text: str) -> str:
    """Commentary as stored: line endings as newlines, no control characters,
    no surrounding space."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL).strip()


def can_comment(user: Any, indicator: Indicator) -> bool:
    """Who may add or edit commentary on a published figure: the officers who
    enter the indicator's figures (owner or team), the performance team and
    superusers (as `can_enter`)."""
    return can_enter(user, indicator)


@transaction.atomic
def figure_commentary_set(
    *, user: Any, observation_id: int, commentary: str
) -> tuple[Observation, bool]:
    """Add or change the commentary on a published home figure without
    touching its value (a red found after publication, say when a target was
    raised, still needs its explanation). Audited: who, when, old and new
    text. A red figure's commentary cannot be removed. Returns the figure and
    whether it changed (the same text again changes nothing).

    Raises Observation.DoesNotExist for a figure that is not a published home
    figure, PermissionDenied for a user who does not enter its figures."""
    row = (
        Observation.all_objects.select_for_update(of=("self",))
        .select_related("indicator__team", "period")
        .get(pk=observation_id, area=home_area(), status=Observation.Status.PUBLISHED)
    )
    if not can_comment(user, row.indicator):
        raise PermissionDenied("you do not enter figures for this indicator")
    text = clean_commentary(commentary)
    if len(text) > MAX_COMMENTARY:
        raise ValidationError(
            {"commentary": [f"Keep the commentary to {MAX_COMMENTARY:,} characters."]}
        )
    if text == row.commentary:
        return row, False
    rag = Rating.objects.filter(observation=row).values_list("rag", flat=True).first()
    if rating.needs_commentary(rag=rag, commentary=text):
        raise ValidationError(
            {
                "commentary": [
                    "This figure is rated red: it needs commentary explaining it."
                ]
            }
        )
    row.commentary = text
    row._history_user = user
    row._change_reason = "page: commentary on a published figure"
    row.save(update_fields=["commentary", "updated_at"])
    data_changed()  # pages that keep rows (the dashboard) show the new text
    return row, True
