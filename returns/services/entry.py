"""The quarter's data entry for the home authority's figures: officers save
drafts and submit them; Check shows what submitting would find. Every
change is recorded by django-simple-history with who and through which
page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from indicators import figure_rules, rating
from indicators.models import Indicator, Observation, Period
from indicators.permissions import PUBLISH, can_enter, has_role
from indicators.selectors.previews import rate_each
from indicators.services.common import home_area, periods_ensure, same_value


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
