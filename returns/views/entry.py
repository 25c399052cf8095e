"""Pages for officers and the performance team: the quarter's data entry,
the publishing queue, targets and corrections to published figures. Every
change goes through `indicators.services`, which records it."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from indicators import figure_rules, formatting, rating, selectors
from indicators.forms import (
    CommentaryForm,
    RejectForm,
    ReviseForm,
    TargetForm,
    figure_formset,
)
from indicators.models import Indicator, Observation, Period, Rating, Target
from indicators.permissions import (
    EDIT_INDICATORS,
    ENTER_FIGURES,
    PUBLISH,
    has_role,
    role_required,
)
from indicators.services import figures
from indicators.services.common import home_area
from indicators.services.targets import target_delete, target_set

# --- Data entry ----------------------------------------------------------------------


def enterable_indicators(user: Any) -> list[Indicator]:
    """The quarterly indicators this user enters (all of them for the
    performance team), in theme order."""
    query = (
        Indicator.objects.filter(frequency=Indicator.Frequency.QUARTERLY)
        .select_related("theme", "owner", "team")
        .prefetch_related("team__members")  # for figures.can_enter, per row
    )
    if not (user.is_superuser or has_role(user, PUBLISH)):
        query = query.filter(Q(owner=user) | Q(team__members=user)).distinct()
    return list(query.order_by("theme__name", "name"))


@role_required(ENTER_FIGURES)
def entry_periods(request: HttpRequest) -> HttpResponse:
    """The quarters open for entry, what is entered in each, and the late
    figures (an indicator reported in arrears) that still have a quarter
    to go to."""
    quarters = figures.open_quarters()
    window = figures.entry_window(request.user)
    indicators = enterable_indicators(request.user)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    entered: set[tuple[int, int]] = set()
    rows = (
        Observation.all_objects.filter(
            area__code=home_area().code,
            period__in=quarters,
            indicator__in=indicators,
        )
        .values_list("period_id", "indicator_id", "status")
        .order_by()
    )
    for period_id, indicator_id, status in rows:
        counts[period_id][status] += 1
        entered.add((period_id, indicator_id))
    summary = [
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
        "indicators/entry_periods.html",
        {
            "summary": summary,
            "indicator_count": len(indicators),
            "quarters_open": window.quarters_open,
            "late": [row for row in late if row["quarters"]],
        },
    )


def _entry_rows(
    indicators: list[Indicator], period: Period
) -> tuple[
    dict[int, Observation], dict[int, Observation], dict[int, Any], dict[int, Any]
]:
    """This period's figures, the previous period's, this period's targets and
    each indicator's last published RAG: five queries, whatever the count."""
    area = home_area()
    spec = period.as_rule()
    previous = Period.objects.filter(
        kind=spec.kind.value,
        year_type=spec.year_type.value,
        start=rating.previous_period(spec).start,
    ).first()
    wanted = [period] + ([previous] if previous else [])
    current: dict[int, Observation] = {}
    before: dict[int, Observation] = {}
    for obs in Observation.all_objects.filter(
        area=area, period__in=wanted, indicator__in=indicators
    ):
        (current if obs.period_id == period.pk else before)[obs.indicator_id] = obs
    targets = {
        indicator_id: found.value
        for (indicator_id, _), found in selectors.targets_in_force(
            [i.pk for i in indicators], [period]
        ).items()
    }
    # The latest per indicator, picked in Python: DISTINCT ON is PostgreSQL's
    # alone and the demo runs on SQLite. One row per home figure: small.
    last_rag: dict[int, Any] = {}
    for r in (
        Rating.objects.filter(
            observation__area=area,
            observation__indicator__in=indicators,
            observation__status=Observation.Status.PUBLISHED,
        )
        .order_by("observation__indicator_id", "-observation__period__end")
        .values("observation__indicator_id", "rag", "observation__period__label")
    ):
        last_rag.setdefault(r["observation__indicator_id"], r)
    return current, before, targets, last_rag


def _show(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


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
        figures.kind_of(indicator),
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
        figures.kind_of(indicator),
        value=figure.value,
        numerator=figure.numerator,
        denominator=figure.denominator,
    )
    return {
        "indicator": indicator.pk,
        "value": "" if worked_out else _show(figure.value),
        "numerator": _show(figure.numerator),
        "denominator": _show(figure.denominator),
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


@role_required(ENTER_FIGURES)
def entry_period(request: HttpRequest, period_id: int) -> HttpResponse:
    """One quarter's figures for the indicators the officer owns: check (a
    server-side preview of each rating and every problem), save as draft, or
    submit. Published figures are shown, not offered for editing; a quarter
    that has not ended, or has closed, is shown with the reason."""
    period = get_object_or_404(
        Period, pk=period_id, kind=Period.Kind.QUARTER, year_type="financial"
    )
    indicators = enterable_indicators(request.user)
    by_id = {i.pk: i for i in indicators}
    kinds = {i.pk: figures.kind_of(i) for i in indicators}
    current, before, targets, last_rag = _entry_rows(indicators, period)
    closed = figures.entry_window(request.user).problem(period.as_rule())
    formset_class = figure_formset(kinds)
    published = {
        pk for pk, obs in current.items() if obs.status == Observation.Status.PUBLISHED
    }

    action = ""
    if request.method == "POST":
        formset = formset_class(request.POST, form_kwargs={"kinds": kinds})
        action = request.POST.get("action", "check")
    else:
        formset = formset_class(
            initial=[
                _initial(i, current.get(i.pk))
                for i in indicators
                if i.pk not in published
            ],
            form_kwargs={"kinds": kinds},
        )

    previews: dict[int, dict[str, Any]] = {}
    page_problems: list[str] = []
    if request.method == "POST" and formset.is_valid():
        entries = []
        for form in formset:
            indicator = by_id.get(form.cleaned_data["indicator"])
            if indicator is None:
                raise PermissionDenied("you do not enter figures for that indicator")
            entries.append(
                figures.FigureEntry(
                    indicator=indicator,
                    value=form.cleaned_data["value"],
                    numerator=form.cleaned_data["numerator"],
                    denominator=form.cleaned_data["denominator"],
                    commentary=form.cleaned_data["commentary"],
                )
            )
        forms_by_code = {
            by_id[form.cleaned_data["indicator"]].code: form for form in formset
        }
        problems: dict[str, dict[str, list[str]]] = {}
        if action in ("save", "submit"):
            try:
                saved = figures.figures_save(
                    user=request.user,
                    period=period,
                    entries=entries,
                    submit=action == "submit",
                )
            except figures.FigureErrors as error:
                problems = error.problems
            except IntegrityError:
                # Only if the period's lock could not serialise two saves
                # (SQLite): say so rather than fail.
                problems = {
                    "": {
                        "": [
                            "someone saved figures for this quarter at the same"
                            " moment: check them below and try again"
                        ]
                    }
                }
            else:
                messages.success(
                    request, _saved_message(saved, entries, action, period)
                )
                return redirect("entry_period", period_id=period.pk)
        review = figures.figures_check(
            user=request.user, period=period, entries=entries
        )
        previews = {r.entry.indicator.pk: r.preview for r in review.rows if r.preview}
        # Save reports what saving found; Check what submitting would.
        _attach(problems or review.problems, forms_by_code, page_problems)

    rows = _page_rows(
        indicators,
        formset,
        editable=lambda pk: not closed and pk not in published,
        current=current,
        before=before,
        targets=targets,
        last_rag=last_rag,
        previews=previews,
    )
    page_problems += _unshown_problems(formset, rows, by_id)
    return render(
        request,
        "indicators/entry_period.html",
        {
            "period": period,
            "previous_label": rating.previous_period(period.as_rule()).label,
            "closed": closed,
            "formset": formset,
            "rows": rows,
            "editable": any(row["form"] is not None for row in rows),
            "page_problems": page_problems,
            "checked": request.method == "POST" and action == "check",
            "has_problems": bool(page_problems)
            or bool(formset.is_bound and formset.total_error_count()),
        },
    )


def _page_rows(
    indicators: list[Indicator],
    formset: Any,
    *,
    editable: Any,
    current: dict[int, Observation],
    before: dict[int, Observation],
    targets: dict[int, Any],
    last_rag: dict[int, Any],
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
        figure = current.get(indicator.pk)
        rows.append(
            {
                "indicator": indicator,
                "form": forms_by_indicator.get(indicator.pk)
                if editable(indicator.pk)
                else None,
                "takes_counts": figure_rules.takes_counts(indicator.unit),
                "current": figure,
                "current_text": _figure_text(indicator, figure),
                "previous": before.get(indicator.pk),
                "previous_text": _figure_text(
                    indicator, before.get(indicator.pk), say_worked_out=False
                ),
                "target": targets.get(indicator.pk),
                "last_rag": last_rag.get(indicator.pk),
                "preview": previews.get(indicator.pk),
            }
        )
    return rows


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
    entries: list[figures.FigureEntry],
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


# --- Publishing ----------------------------------------------------------------------


@role_required(PUBLISH)
def publish_queue(request: HttpRequest) -> HttpResponse:
    """Submitted figures by period and theme, with their rating, change and
    checks; publish one, the chosen ones, or a whole period."""
    if request.method == "POST":
        return _publish(request)
    groups = selectors.publish_queue(home_area())
    return render(
        request,
        "indicators/publish_queue.html",
        {
            "groups": groups,
            "count": sum(
                len(rows) for themes in groups.values() for rows in themes.values()
            ),
        },
    )


def _publish(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    period_id = request.POST.get("period", "")
    one = request.POST.get("one", "")
    if action == "period" and period_id.isdigit():
        period = get_object_or_404(Period, pk=int(period_id))
        result = figures.figures_publish_period(user=request.user, period=period)
    elif one.isdigit():
        result = figures.figures_publish(user=request.user, observation_ids=[int(one)])
    else:
        ids = [int(i) for i in request.POST.getlist("observation") if i.isdigit()]
        if not ids:
            messages.error(request, "Choose at least one figure to publish.")
            return redirect("publish_queue")
        result = figures.figures_publish(user=request.user, observation_ids=ids)
    count = len(result.published)
    if count:
        messages.success(
            request, f"{count} figure{'s' if count != 1 else ''} published."
        )
    elif not result.held_back:
        messages.info(
            request,
            "Nothing was published: those figures had already been published or"
            " sent back.",
        )
    if result.held_back:
        names = "; ".join(
            f"{o.indicator.name}, {o.period.label}" for o in result.held_back
        )
        messages.error(
            request,
            f"Not published, because {'they rate' if len(result.held_back) > 1 else 'it rates'}"
            f" red without commentary: {names}. Send "
            f"{'them' if len(result.held_back) > 1 else 'it'} back for the officer to explain.",
        )
    return redirect("publish_queue")


@role_required(PUBLISH)
@require_POST
def figure_reject(request: HttpRequest, observation_id: int) -> HttpResponse:
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Give a reason the officer will see; nothing was sent back."
        )
        return redirect("publish_queue")
    try:
        row = figures.figure_reject(
            user=request.user,
            observation_id=observation_id,
            reason=form.cleaned_data["reason"],
        )
    except Observation.DoesNotExist:
        # A second click, or the other lead was quicker: say what happened.
        messages.info(
            request,
            "That figure is no longer waiting to be published: it has already been"
            " sent back or published.",
        )
        return redirect("publish_queue")
    messages.success(
        request,
        f"{row.indicator.name}, {row.period.label}: sent back to the officer.",
    )
    return redirect("publish_queue")


@role_required(PUBLISH)
def figure_revise(request: HttpRequest, observation_id: int) -> HttpResponse:
    """Correct a published figure, with a reason; it is marked revised."""
    row = get_object_or_404(
        Observation.objects.select_related("indicator", "period"),
        pk=observation_id,
        area=home_area(),
    )
    form = ReviseForm(
        request.POST or None,
        initial={
            "value": _show(row.value),
            "numerator": _show(row.numerator),
            "denominator": _show(row.denominator),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            figures.figure_revise(
                user=request.user,
                observation_id=row.pk,
                value=form.cleaned_data["value"],
                numerator=form.cleaned_data["numerator"],
                denominator=form.cleaned_data["denominator"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for field, texts in error.message_dict.items():
                for text in texts:
                    form.add_error(field if field in form.fields else None, text)
        else:
            messages.success(request, "The published figure was revised.")
            return redirect("indicator_detail", code=row.indicator.code)
    return render(request, "indicators/figure_revise.html", {"row": row, "form": form})


@role_required(ENTER_FIGURES)
def figure_commentary(request: HttpRequest, observation_id: int) -> HttpResponse:
    """Add or change the commentary on a published figure, its value
    untouched: for the officers who enter the indicator, and the performance
    team. Another team's figure answers 404, as if it did not exist."""
    row = get_object_or_404(
        Observation.objects.select_related(
            "indicator__team", "period", "rating"
        ).prefetch_related("indicator__team__members"),
        pk=observation_id,
        area=home_area(),
    )
    if not figures.can_comment(request.user, row.indicator):
        raise Http404("No such figure")
    form = CommentaryForm(request.POST or None, initial={"commentary": row.commentary})
    if request.method == "POST" and form.is_valid():
        try:
            _, changed = figures.figure_commentary_set(
                user=request.user,
                observation_id=row.pk,
                commentary=form.cleaned_data["commentary"],
            )
        except ValidationError as error:
            for texts in error.message_dict.values():
                for text in texts:
                    form.add_error("commentary", text)
        else:
            messages.success(
                request,
                f"Commentary saved for {row.period.label}."
                if changed
                else "The commentary was already as given: nothing changed.",
            )
            return redirect("indicator_detail", code=row.indicator.code)
    return render(
        request, "indicators/figure_commentary.html", {"row": row, "form": form}
    )


# --- Targets -------------------------------------------------------------------------


@role_required(EDIT_INDICATORS)
def indicator_targets(request: HttpRequest, code: str) -> HttpResponse:
    """Set a target for a quarter, or for a year and its quarters; delete
    one. A target holds until replaced, so the page also shows the target in
    force for each recent quarter."""
    indicator = get_object_or_404(Indicator, code=code)
    if request.method == "POST" and "delete" in request.POST:
        return _target_delete(request, indicator)
    form = TargetForm(request.POST or None, year_type=indicator.year_type)
    if request.method == "POST" and form.is_valid():
        value = form.cleaned_data["value"]
        specs, result = target_set(
            user=request.user,
            indicator=indicator,
            period=form.cleaned_data["period"],
            value=value,
        )
        labels = ", ".join(s.label for s in specs)
        messages.success(
            request,
            f"Target {value.normalize():f} set for {labels}; ratings recalculated."
            if result.changed
            else f"The target for {labels} was already {value.normalize():f}:"
            " nothing changed.",
        )
        return redirect(reverse("indicator_targets", args=[indicator.code]))
    targets = list(
        Target.objects.filter(indicator=indicator)
        .select_related("period")
        .order_by("-period__end", "period__kind")
    )
    return render(
        request,
        "indicators/targets.html",
        {
            "indicator": indicator,
            "form": form,
            "targets": targets,
            "in_force": selectors.quarter_targets(targets, _recent_quarters(indicator)),
        },
    )


def _recent_quarters(indicator: Indicator) -> list[rating.Period]:
    """The quarters open for entry and the four before them, newest first
    (for a quarterly indicator; none for others)."""
    if indicator.frequency != Indicator.Frequency.QUARTERLY:
        return []
    quarters = [q.as_rule() for q in figures.open_quarters()]
    for _ in range(4):
        quarters.append(rating.previous_period(quarters[-1]))
    return quarters


def _target_delete(request: HttpRequest, indicator: Indicator) -> HttpResponse:
    raw = request.POST.get("delete", "")
    deleted = (
        target_delete(user=request.user, indicator=indicator, target_id=int(raw))
        if raw.isdigit()
        else None
    )
    if deleted is None:
        messages.info(request, "That target had already been deleted.")
    else:
        messages.success(
            request,
            f"Target for {deleted.period.label} deleted; ratings recalculated.",
        )
    return redirect(reverse("indicator_targets", args=[indicator.code]))
