"""The quarter's data entry for the home authority's figures: officers save
drafts and submit them; "Check" shows what submitting would find. Every
change is recorded by django-simple-history with who and through which
page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from indicators import figure_rules
from indicators.models import Indicator, Observation, Period
from indicators.selectors.previews import rate_each
from indicators.services.common import history_stamp, home_area
from returns.services.review import (
    EntryReview,
    FigureEntry,
    RowReview,
    existing_figures,
    kind_of,
    review_entry,
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


def figures_check(
    *, user: Any, period: Period, entries: list[FigureEntry]
) -> EntryReview:
    """What submitting these figures would find ("Check"): every problem
    (period, figure rules, red without commentary) and the rating each
    figure would get, from the same rules and code as `figures_save` and
    recompute. Writes nothing."""
    return review_entry(
        user=user,
        period=period,
        entries=entries,
        submit=True,
        existing=existing_figures(period, entries, lock=False),
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
    review = review_entry(
        user=user,
        period=period,
        entries=entries,
        submit=submit,
        existing=existing_figures(period, entries, lock=True),
        rate_all=False,
    )
    if review.problems:
        raise FigureErrors(review.problems)
    area = home_area()
    now = timezone.now()
    to_save = [
        _figure_to_save(
            row, user=user, area=area, period=period, submit=submit, now=now
        )
        for row in review.rows
        if row.action != "none"
    ]
    _check_models(to_save)
    for observation in to_save:
        observation.save()
    return to_save


def _figure_to_save(
    row: RowReview, *, user: Any, area: Any, period: Period, submit: bool, now: Any
) -> Observation:
    """The stored figure (or a new one) with the row's figures and the
    status saving gives it, stamped with who saved it and through what."""
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
    history_stamp(observation, user, "page: quarterly data entry")
    return observation


def _check_models(to_save: list[Observation]) -> None:
    """The rules above make every figure pass the model's own checks; should
    one not, say so against its indicator rather than as an error of no
    row (raises FigureErrors)."""
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
