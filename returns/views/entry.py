"""The quarter's data entry: the quarters open to the officer, and one
quarter's figures for the indicators they enter (check, save as draft,
submit). Every change goes through `returns.services`, which records it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from indicators import figure_rules, formatting, rating
from indicators.models import Indicator, Observation, Period
from indicators.permissions import ENTER_FIGURES, role_required
from returns import selectors, services
from returns.forms import figure_formset
from returns.selectors import EntryRows


@role_required(ENTER_FIGURES)
def entry_periods(request: HttpRequest) -> HttpResponse:
    """The quarters open for entry, what is entered in each, and the late
    figures (an indicator reported in arrears) that still have a quarter
    to go to."""
    quarters = services.open_quarters()
    window = services.entry_window(request.user)
    indicators = selectors.enterable_indicators(request.user)
    counts, entered = selectors.entry_counts(indicators, quarters)
    summary: list[dict[str, Any]] = [
        {
            "period": q,
            "closes": figure_rules.closes_on(q.as_rule(), window.quarters_open),
            "total": len(indicators),
            "draft": counts[q.pk]["draft"],
            "submitted": counts[q.pk]["submitted"],
            "published": counts[q.pk]["published"],
            "missing": len(indicators) - sum(counts[q.pk].values()),
        }
        for q in quarters
    ]
    sent_back = selectors.sent_back(indicators, quarters)
    for row in summary:
        row["sent_back"] = sent_back.get(row["period"].pk, [])
    # Late: no figure in an open quarter older than the newest one.
    late = [
        {
            "indicator": indicator,
            "quarters": [
                row
                for row in summary[1:]
                if (row["period"].pk, indicator.pk) not in entered
            ][::-1],
        }
        for indicator in indicators
    ]
    return render(
        request,
        "returns/entry_periods.html",
        {
            "summary": summary,
            "indicator_count": len(indicators),
            "quarters_open": window.quarters_open,
            "late": [row for row in late if row["quarters"]],
        },
    )


@role_required(ENTER_FIGURES)
def entry_period(request: HttpRequest, period_id: int) -> HttpResponse:
    """One quarter's figures for the indicators the officer owns: check (a
    server-side preview of each rating and every problem), save as draft, or
    submit. Published figures are shown, not offered for editing; a quarter
    that has not ended, or has closed, is shown with the reason."""
    period = get_object_or_404(
        Period, pk=period_id, kind=Period.Kind.QUARTER, year_type="financial"
    )
    indicators = selectors.enterable_indicators(request.user)
    by_id = {i.pk: i for i in indicators}
    stored = selectors.entry_rows(indicators, period)
    closed = services.entry_window(request.user).problem(period.as_rule())
    published = {
        pk
        for pk, obs in stored.current.items()
        if obs.status == Observation.Status.PUBLISHED
    }
    formset, action = _formset(request, indicators, stored, published)
    previews: dict[int, dict[str, Any]] = {}
    page_problems: list[str] = []
    if request.method == "POST" and formset.is_valid():
        entries = _entries(formset, by_id)
        problems, saved = _save(request, period, entries, action)
        if saved is not None:
            messages.success(request, _saved_message(saved, entries, action, period))
            return redirect("entry_period", period_id=period.pk)
        review = services.figures_check(
            user=request.user, period=period, entries=entries
        )
        previews = {r.entry.indicator.pk: r.preview for r in review.rows if r.preview}
        forms_by_code = {
            by_id[form.cleaned_data["indicator"]].code: form for form in formset
        }
        # Save reports what saving found; Check what submitting would.
        _attach(problems or review.problems, forms_by_code, page_problems)
    rows = _page_rows(
        indicators,
        formset,
        editable=lambda pk: not closed and pk not in published,
        stored=stored,
        previews=previews,
    )
    page_problems += _unshown_problems(formset, rows, by_id)
    return render(
        request,
        "returns/entry_period.html",
        {
            "period": period,
            "previous_label": rating.previous_period(period.as_rule()).label,
            "closed": closed,
            "formset": formset,
            "rows": rows,
            "editable": any(row["form"] is not None for row in rows),
            "checked": request.method == "POST" and action == "check",
            **_error_summary(formset, rows, page_problems),
        },
    )


def _error_summary(
    formset: Any, rows: list[dict[str, Any]], page_problems: list[str]
) -> dict[str, Any]:
    """What `components/error_summary.html` lists: the page's problems and
    the formset's own, then each row's errors, which begin with its name."""
    return {
        "page_problems": page_problems + list(formset.non_form_errors()),
        "row_forms": [
            (row["indicator"].name, row["form"])
            for row in rows
            if row["form"] is not None
        ],
        "has_problems": bool(page_problems)
        or bool(formset.is_bound and formset.total_error_count()),
    }


def _formset(
    request: HttpRequest,
    indicators: list[Indicator],
    stored: EntryRows,
    published: set[int],
) -> tuple[Any, str]:
    """The quarter's formset (bound to what was sent, or holding the stored
    figures of every row not yet published), and the button pressed."""
    kinds = {i.pk: services.kind_of(i) for i in indicators}
    formset_class = figure_formset(kinds)
    if request.method == "POST":
        formset = formset_class(request.POST, form_kwargs={"kinds": kinds})
        return formset, request.POST.get("action", "check")
    formset = formset_class(
        initial=[
            _initial(i, stored.current.get(i.pk))
            for i in indicators
            if i.pk not in published
        ],
        form_kwargs={"kinds": kinds},
    )
    return formset, ""


def _entries(formset: Any, by_id: dict[int, Indicator]) -> list[services.FigureEntry]:
    """The figures sent, one per row, each for an indicator the officer
    enters (a row for any other is refused)."""
    entries = []
    for form in formset:
        indicator = by_id.get(form.cleaned_data["indicator"])
        if indicator is None:
            raise PermissionDenied("you do not enter figures for that indicator")
        entries.append(
            services.FigureEntry(
                indicator=indicator,
                value=form.cleaned_data["value"],
                numerator=form.cleaned_data["numerator"],
                denominator=form.cleaned_data["denominator"],
                commentary=form.cleaned_data["commentary"],
            )
        )
    return entries


def _save(
    request: HttpRequest,
    period: Period,
    entries: list[services.FigureEntry],
    action: str,
) -> tuple[dict[str, dict[str, list[str]]], list[Observation] | None]:
    """Save or submit the figures when asked to: the figures saved, or the
    problems that stopped the save (None saved, and no problems, for a
    check)."""
    if action not in ("save", "submit"):
        return {}, None
    try:
        saved = services.figures_save(
            user=request.user, period=period, entries=entries, submit=action == "submit"
        )
    except services.FigureErrors as error:
        return error.problems, None
    except IntegrityError:
        # Only if the period's lock could not serialise two saves (SQLite):
        # say so rather than fail.
        return {
            "": {
                "": [
                    "someone saved figures for this quarter at the same"
                    " moment: check them below and try again"
                ]
            }
        }, None
    return {}, saved


def _page_rows(
    indicators: list[Indicator],
    formset: Any,
    *,
    editable: Any,
    stored: EntryRows,
    previews: dict[int, dict[str, Any]],
) -> list[dict[str, Any]]:
    """One row per indicator: its form (if it may be entered) and what the
    officer needs beside it."""
    forms_by_indicator = {}
    for form in formset:
        try:
            forms_by_indicator[int(form["indicator"].value())] = form
        except (TypeError, ValueError):
            continue
    rows = []
    for indicator in indicators:
        figure = stored.current.get(indicator.pk)
        before = stored.before.get(indicator.pk)
        form = forms_by_indicator.get(indicator.pk)
        rows.append(
            {
                "indicator": indicator,
                "form": form if editable(indicator.pk) else None,
                "takes_counts": figure_rules.takes_counts(indicator.unit),
                "current": figure,
                "current_text": _figure_text(indicator, figure),
                "previous": before,
                "previous_text": _figure_text(indicator, before, say_worked_out=False),
                "target": stored.targets.get(indicator.pk),
                "last_rag": stored.last_rag.get(indicator.pk),
                "preview": previews.get(indicator.pk),
            }
        )
    return rows


def _figure_text(
    indicator: Indicator, figure: Observation | None, *, say_worked_out: bool = True
) -> str:
    """A stored figure as the page says it: "77.8% (7 of 9), worked out
    from the counts" (the last part when its Value box is left empty)."""
    if figure is None:
        return ""
    parts = []
    if figure.value is not None or figure.suppression:
        parts.append(
            formatting.format_value(
                figure.value, indicator.unit, indicator.decimals, figure.suppression
            )
        )
    counts = formatting.format_count(figure.numerator, figure.denominator)
    if counts:
        parts.append(f"({counts})")
    text = " ".join(parts)
    if say_worked_out and figure_rules.is_worked_out(
        services.kind_of(indicator),
        value=figure.value,
        numerator=figure.numerator,
        denominator=figure.denominator,
    ):
        text += ", worked out from the counts"
    return text


def _initial(indicator: Indicator, figure: Observation | None) -> dict[str, Any]:
    """A row's boxes as stored. A value that was worked out from the counts
    is left out of the Value box, so that changing a count works it out
    afresh rather than keeping the old value (which would then disagree)."""
    if figure is None:
        return {"indicator": indicator.pk}
    worked_out = figure_rules.is_worked_out(
        services.kind_of(indicator),
        value=figure.value,
        numerator=figure.numerator,
        denominator=figure.denominator,
    )
    return {
        "indicator": indicator.pk,
        "value": "" if worked_out else formatting.plain(figure.value),
        "numerator": formatting.plain(figure.numerator),
        "denominator": formatting.plain(figure.denominator),
        "commentary": figure.commentary,
    }


def _attach(
    problems: dict[str, dict[str, list[str]]],
    forms_by_code: dict[str, Any],
    page_problems: list[str],
) -> None:
    """Put each problem the service found under its box (or its row, or the
    page), so that every one is shown: none is lost for want of a place."""
    for code, columns in problems.items():
        form = forms_by_code.get(code)
        for column, reasons in columns.items():
            for reason in reasons:
                text = figure_rules.say(column, reason)
                if form is None:
                    page_problems.append(text if not code else f"{code}: {text}")
                else:
                    form.add_error(column if column in form.fields else None, text)


def _unshown_problems(
    formset: Any, rows: list[dict[str, Any]], by_id: dict[int, Indicator]
) -> list[str]:
    """The problems of a figure sent for a row the page no longer offers
    (published meanwhile, or a quarter not open): they go at the top of the
    page, never lost."""
    if not formset.is_bound:
        return []
    shown = {id(row["form"]) for row in rows if row["form"] is not None}
    problems = []
    for form in formset:
        if id(form) in shown or not form.errors:
            continue
        indicator = by_id.get(form.cleaned_data.get("indicator") or 0)
        name = indicator.name if indicator else "A row"
        problems += [f"{name}: {e}" for errors in form.errors.values() for e in errors]
    return problems


def _saved_message(
    saved: list[Observation],
    entries: list[services.FigureEntry],
    action: str,
    period: Period,
) -> str:
    if saved:
        verb = "submitted for publication" if action == "submit" else "saved as drafts"
        if len(saved) == 1:
            verb = verb.replace("drafts", "a draft")
        return f"{len(saved)} figure{'s' if len(saved) != 1 else ''} {verb} for {period.label}."
    if all(entry.empty for entry in entries):
        return f"Nothing to save for {period.label}: no figure was entered."
    already = "submitted" if action == "submit" else "saved"
    return f"Nothing changed for {period.label}: these figures were already {already}."
