"""Every rule applied to an officer's entry before anything is saved, and
the rating each figure would get: what "Check" shows and what saving
enforces (`returns.services.entry`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied

from indicators import figure_rules, rating
from indicators.models import Indicator, Observation, Period
from indicators.permissions import can_enter
from indicators.selectors.previews import rate_each
from indicators.services.common import home_area, same_value
from returns.services.periods import entry_window


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


def kind_of(indicator: Indicator) -> figure_rules.FigureKind:
    """What the figure rules need to know of an indicator."""
    return figure_rules.FigureKind(indicator.unit, indicator.decimals, indicator.name)


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
    """The rows of an entry after the rules, and every problem found, by
    indicator code and then column ("" for the whole period or row)."""

    rows: list[RowReview] = field(default_factory=list)
    problems: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def problem(self, code: str, column: str, reason: str) -> None:
        self.problems.setdefault(code, {}).setdefault(column, []).append(reason)

    def preview_of(self, indicator_id: int) -> dict[str, Any] | None:
        return next(
            (r.preview for r in self.rows if r.entry.indicator.pk == indicator_id),
            None,
        )


def review_entry(
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
    review = EntryReview()
    if why := entry_window(user).problem(period.as_rule()):
        review.problem("", "", why)
    seen: set[int] = set()
    area = home_area()
    for entry in entries:
        if not can_enter(user, entry.indicator):
            raise PermissionDenied(
                f"you do not enter figures for {entry.indicator.code}"
            )
        if entry.indicator.pk in seen:
            review.problem(
                entry.indicator.code, "", "this indicator appears twice in the form"
            )
            continue
        seen.add(entry.indicator.pk)
        row = _review_row(review, entry, existing.get(entry.indicator.pk), submit)
        if row is not None:
            review.rows.append(row)
    to_rate = [
        r
        for r in review.rows
        if r.checked.value is not None
        and not r.checked.errors
        and (rate_all or (submit and r.action != "none"))
    ]
    _rate(to_rate, area, period)
    if submit:
        _submission_problems(review)
    return review


def _review_row(
    review: EntryReview, entry: FigureEntry, current: Observation | None, submit: bool
) -> RowReview | None:
    """One indicator's row through the figure rules, with what saving it
    would do; None for a published figure the row would change."""
    indicator = entry.indicator
    checked = figure_rules.check_figure(
        kind_of(indicator),
        value=entry.value,
        numerator=entry.numerator,
        denominator=entry.denominator,
    )
    if entry.empty:
        # Nothing typed: nothing to save, and a stored figure is left as
        # it is (clearing the boxes does not delete or submit it).
        return RowReview(entry, current, checked, "none")
    if current is None:
        action = "create"
    elif _same(current, checked, entry.commentary.strip()):
        # What is stored: an unchanged draft is submitted with the rest;
        # anything else is left as it is.
        draft = current.status == Observation.Status.DRAFT
        action = "submit" if submit and draft else "none"
    elif current.status == Observation.Status.PUBLISHED:
        review.problem(
            indicator.code,
            "",
            "this figure is published: ask the performance team to revise it",
        )
        return None
    else:
        action = "update"
    for column, reasons in checked.errors.items():
        for reason in reasons:
            review.problem(indicator.code, column, reason)
    return RowReview(entry, current, checked, action)


def _rate(rows: list[RowReview], area: Any, period: Period) -> None:
    """Give each row the rating its figure would get if published now, in
    one batch (the same code as recompute)."""
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
        for r in rows
    ]
    for row, rated in zip(rows, rate_each(figures), strict=True):
        row.preview = rated


def _submission_problems(review: EntryReview) -> None:
    """What submitting needs of each figure it sends: a value, and
    commentary for a red."""
    for row in review.rows:
        if row.action == "none" or row.checked.errors:
            continue
        rag = row.preview["rag"] if row.preview else rating.Rag.NA
        reasons = figure_rules.submission_problems(
            value=row.checked.value, rag=rag, commentary=row.entry.commentary
        )
        for column, texts in reasons.items():
            for text in texts:
                review.problem(row.entry.indicator.code, column, text)


def _same(
    current: Observation, checked: figure_rules.CheckedFigure, commentary: str
) -> bool:
    return (
        same_value(current.value, checked.value)
        and same_value(current.numerator, checked.numerator)
        and same_value(current.denominator, checked.denominator)
        and current.commentary == commentary
    )


def existing_figures(
    period: Period, entries: list[FigureEntry], *, lock: bool
) -> dict[int, Observation]:
    """The home figures stored for these entries' indicators in `period`
    (all of them, drafts too), locked for a save."""
    query = Observation.all_objects.filter(
        area=home_area(), period=period, indicator__in=[e.indicator for e in entries]
    )
    if lock:
        query = query.select_for_update()
    return {o.indicator_id: o for o in query}
