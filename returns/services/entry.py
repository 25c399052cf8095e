"""The quarter's cycle for the home authority's figures: officers save drafts
and submit; the performance team publishes or rejects; a published figure is
corrected only with a reason and is then marked revised. Every change is
recorded by django-simple-history with who and through which page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from indicators import figure_rules, rating
from indicators.models import Indicator, Observation, Period, Rating
from indicators.permissions import PUBLISH, has_role
from indicators.services.common import home_area, periods_ensure, same_value
from indicators.services.ratings import (
    RECOMPUTE_BATCH,
    HomeContext,
    data_changed,
    facts_for,
    recompute,
)
from indicators.text import clean_text

MAX_COMMENTARY = 4000  # as the entry form allows


@dataclass(frozen=True)
class FigureEntry:
    """One row of the data-entry form."""

    indicator: Indicator
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    commentary: str = ""

    @property
    def empty(self) -> bool:
        return (
            self.value is None
            and self.numerator is None
            and self.denominator is None
            and not self.commentary.strip()
        )


class FigureErrors(ValidationError):
    """Every problem with an entry, by indicator code and then column (the
    code "" holds problems with the whole period, the column "" problems
    with the whole row). `message_dict` gives them as sentences by code."""

    def __init__(self, problems: dict[str, dict[str, list[str]]]) -> None:
        self.problems = problems
        super().__init__(
            {
                (code or NON_FIELD_ERRORS): [
                    figure_rules.say(column, reason)
                    for column, reasons in columns.items()
                    for reason in reasons
                ]
                for code, columns in problems.items()
            }
        )


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


def kind_of(indicator: Indicator) -> figure_rules.FigureKind:
    """What the figure rules need to know of an indicator."""
    return figure_rules.FigureKind(indicator.unit, indicator.decimals, indicator.name)


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


def rate_each(
    observations: list[Observation], targets: list[Decimal | None] | None = None
) -> list[dict[str, Any]]:
    """What each figure, saved or not, would rate if it were published now:
    the same code as recompute, reading each indicator's facts once (in
    batches, as recompute does) however many figures there are. `targets`
    gives a target to rate against in place of the stored one (a return's
    target column). Each observation's `period` must be set."""
    results: list[dict[str, Any]] = [{} for _ in observations]
    ids = sorted({o.indicator_id for o in observations})
    if not ids:
        return results
    context = HomeContext.load()
    for start in range(0, len(ids), RECOMPUTE_BATCH):
        batch = list(
            Indicator.objects.filter(pk__in=ids[start : start + RECOMPUTE_BATCH])
        )
        facts = {f.indicator.pk: f for f in facts_for(batch, context)}
        for n, obs in enumerate(observations):
            if obs.indicator_id in facts:
                results[n] = facts[obs.indicator_id].rate(
                    period=obs.period,
                    value=obs.value,
                    numerator=obs.numerator,
                    denominator=obs.denominator,
                    observation_id=obs.pk,
                    target=targets[n] if targets else None,
                )
    return results


@dataclass
class RowReview:
    """One row of an entry after the rules: the figure to store and what
    saving it would do (`create`, `update`, `submit`, or `none`)."""

    entry: FigureEntry
    current: Observation | None
    checked: figure_rules.CheckedFigure
    action: str
    preview: dict[str, Any] | None = None


@dataclass
class EntryReview:
    rows: list[RowReview]
    problems: dict[str, dict[str, list[str]]]

    def preview_of(self, indicator_id: int) -> dict[str, Any] | None:
        return next(
            (r.preview for r in self.rows if r.entry.indicator.pk == indicator_id),
            None,
        )


def _review(
    *,
    user: Any,
    period: Period,
    entries: list[FigureEntry],
    submit: bool,
    existing: dict[int, Observation],
    rate_all: bool,
) -> EntryReview:
    """Apply every rule to an entry: the period is open, the officer enters
    each indicator, each figure passes the figure rules, a published figure
    is left alone, and (when submitting) each figure submitted has a value
    and, if it rates red, commentary. Rates the figures that need it (all of
    them for a check) in one batch."""
    problems: dict[str, dict[str, list[str]]] = {}

    def problem(code: str, column: str, reason: str) -> None:
        problems.setdefault(code, {}).setdefault(column, []).append(reason)

    if why := entry_window(user).problem(period.as_rule()):
        problem("", "", why)
    rows: list[RowReview] = []
    seen: set[int] = set()
    area = home_area()
    for entry in entries:
        indicator = entry.indicator
        if not can_enter(user, indicator):
            raise PermissionDenied(f"you do not enter figures for {indicator.code}")
        if indicator.pk in seen:
            problem(indicator.code, "", "this indicator appears twice in the form")
            continue
        seen.add(indicator.pk)
        current = existing.get(indicator.pk)
        checked = figure_rules.check_figure(
            kind_of(indicator),
            value=entry.value,
            numerator=entry.numerator,
            denominator=entry.denominator,
        )
        if entry.empty:
            # Nothing typed: nothing to save, and a stored figure is left as
            # it is (clearing the boxes does not delete or submit it).
            rows.append(RowReview(entry, current, checked, "none"))
            continue
        if current is None:
            action = "create"
        elif _same(current, checked, entry.commentary.strip()):
            # What is stored: an unchanged draft is submitted with the rest;
            # anything else is left as it is.
            draft = current.status == Observation.Status.DRAFT
            action = "submit" if submit and draft else "none"
        elif current.status == Observation.Status.PUBLISHED:
            problem(
                indicator.code,
                "",
                "this figure is published: ask the performance team to revise it",
            )
            continue
        else:
            action = "update"
        for column, reasons in checked.errors.items():
            for reason in reasons:
                problem(indicator.code, column, reason)
        rows.append(RowReview(entry, current, checked, action))
    to_rate = [
        r
        for r in rows
        if r.checked.value is not None
        and not r.checked.errors
        and (rate_all or (submit and r.action != "none"))
    ]
    figures = [
        Observation(
            pk=r.current.pk if r.current else None,
            indicator=r.entry.indicator,
            area=area,
            period=period,
            value=r.checked.value,
            numerator=r.checked.numerator,
            denominator=r.checked.denominator,
        )
        for r in to_rate
    ]
    for row, rated in zip(to_rate, rate_each(figures), strict=True):
        row.preview = rated
    if submit:
        for row in rows:
            if row.action == "none" or row.checked.errors:
                continue
            rag = row.preview["rag"] if row.preview else rating.Rag.NA
            reasons = figure_rules.submission_problems(
                value=row.checked.value, rag=rag, commentary=row.entry.commentary
            )
            for column, texts in reasons.items():
                for text in texts:
                    problem(row.entry.indicator.code, column, text)
    return EntryReview(rows, problems)


def figure_preview(*, entry: FigureEntry, period: Period) -> dict[str, Any]:
    """The rating one figure would get if published now (the same rules and
    code as recompute)."""
    checked = figure_rules.check_figure(
        kind_of(entry.indicator),
        value=entry.value,
        numerator=entry.numerator,
        denominator=entry.denominator,
    )
    figure = Observation(
        indicator=entry.indicator,
        period=period,
        value=checked.value,
        numerator=checked.numerator,
        denominator=checked.denominator,
    )
    return rate_each([figure])[0]


def _same(
    current: Observation, checked: figure_rules.CheckedFigure, commentary: str
) -> bool:
    return (
        same_value(current.value, checked.value)
        and same_value(current.numerator, checked.numerator)
        and same_value(current.denominator, checked.denominator)
        and current.commentary == commentary
    )


def _existing(
    period: Period, entries: list[FigureEntry], *, lock: bool
) -> dict[int, Observation]:
    query = Observation.all_objects.filter(
        area=home_area(), period=period, indicator__in=[e.indicator for e in entries]
    )
    if lock:
        query = query.select_for_update()
    return {o.indicator_id: o for o in query}


def figures_check(
    *, user: Any, period: Period, entries: list[FigureEntry]
) -> EntryReview:
    """What submitting these figures would find ("Check"): every problem
    (period, figure rules, red without commentary) and the rating each
    figure would get, from the same rules and code as `figures_save` and
    recompute. Writes nothing."""
    return _review(
        user=user,
        period=period,
        entries=entries,
        submit=True,
        existing=_existing(period, entries, lock=False),
        rate_all=True,
    )


@transaction.atomic
def figures_save(
    *, user: Any, period: Period, entries: list[FigureEntry], submit: bool
) -> list[Observation]:
    """Save the officer's figures for a period as drafts, or submit them for
    publication, and return the figures written (none when nothing changed).
    All or nothing: any problem raises FigureErrors, by indicator code and
    column, and nothing is saved.

    Every rule is applied here, whatever the page did: the period must be
    open (`entry_window`), every figure passes `figure_rules.check_figure`,
    and a figure submitted needs a value and, if it rates red, commentary.
    A published figure is not changed here. A submitted figure that is
    changed and saved returns to draft (it is no longer what was
    submitted); an unchanged one is left submitted.

    Two saves of the same period at once (a double click) are taken one
    after the other: the period's row is locked first, so the second finds
    the first's figures and changes nothing, rather than inserting them
    again."""
    Period.objects.select_for_update().filter(pk=period.pk).first()
    review = _review(
        user=user,
        period=period,
        entries=entries,
        submit=submit,
        existing=_existing(period, entries, lock=True),
        rate_all=False,
    )
    if review.problems:
        raise FigureErrors(review.problems)
    area = home_area()
    now = timezone.now()
    to_save: list[Observation] = []
    for row in review.rows:
        if row.action == "none":
            continue
        indicator, checked = row.entry.indicator, row.checked
        observation = row.current or Observation(
            indicator=indicator,
            area=area,
            period=period,
            source=Observation.Source.ENTRY,
            is_percent=indicator.unit == Indicator.Unit.PERCENT,
        )
        if row.action in ("create", "update"):
            observation.value = checked.value
            observation.numerator = checked.numerator
            observation.denominator = checked.denominator
            if checked.value is not None:
                observation.suppression = ""
            observation.commentary = row.entry.commentary.strip()
        if submit:
            observation.status = Observation.Status.SUBMITTED
            observation.submitted_by = user
            observation.submitted_at = now
            observation.rejection_reason = ""
        else:
            observation.status = Observation.Status.DRAFT
            observation.submitted_by = None
            observation.submitted_at = None
        observation._history_user = user
        observation._change_reason = "page: quarterly data entry"
        to_save.append(observation)
    # The rules above make these pass; should one not, say so against its
    # indicator rather than as an error of no row.
    unexpected: dict[str, dict[str, list[str]]] = {}
    for observation in to_save:
        try:
            observation.full_clean(exclude=["import_job"], validate_unique=False)
        except ValidationError as error:
            for column, texts in error.message_dict.items():
                unexpected.setdefault(observation.indicator.code, {}).setdefault(
                    column if column in figure_rules.COLUMN_LABELS else "", []
                ).extend(texts)
    if unexpected:
        raise FigureErrors(unexpected)
    for observation in to_save:
        observation.save()
    return to_save


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
    row._history_user = user
    row._change_reason = "page: revise published figure"
    row.full_clean(exclude=["import_job"], validate_unique=False)
    row.save()
    recompute(indicator_ids=[row.indicator_id])
    return row


def clean_commentary(text: str) -> str:
    """Commentary as stored: line endings as newlines, cleaned of the
    characters PDF, DOCX and XLSX refuse (`clean_text`, as every input is),
    no surrounding space."""
    return clean_text(text.replace("\r\n", "\n").replace("\r", "\n")).strip()


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
