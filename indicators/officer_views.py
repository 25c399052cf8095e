"""Pages for officers and the performance team: the quarter's data entry,
the publishing queue, targets and corrections to published figures. Every
change goes through `indicators.services`, which records it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from indicators import rating
from indicators.forms import FigureFormSet, RejectForm, ReviseForm, TargetForm
from indicators.models import Indicator, Observation, Period, Rating, Target
from indicators.permissions import (
    EDIT_INDICATORS,
    ENTER_FIGURES,
    PUBLISH,
    has_role,
    role_required,
)
from indicators.services import figures
from indicators.services.common import home_area, periods_ensure
from indicators.services.ratings import recompute
from indicators.services.writes import target_set

OPEN_QUARTERS = 5  # the current quarter and the four before it


# --- Data entry ----------------------------------------------------------------------


def open_quarters(today: date | None = None) -> list[Period]:
    """The quarters officers may enter: the current financial quarter and the
    four before it, newest first (created if new)."""
    today = today or timezone.localdate()
    start_year = today.year if today.month >= 4 else today.year - 1
    quarter = (today.month - 4) % 12 // 3 + 1
    spec = rating.quarter_period(start_year, quarter)
    specs = [spec]
    for _ in range(OPEN_QUARTERS - 1):
        spec = rating.previous_period(spec)
        specs.append(spec)
    stored = periods_ensure(specs)
    return [stored[s.key] for s in specs]


def enterable_indicators(user: Any) -> list[Indicator]:
    """The quarterly indicators this user enters (all of them for the
    performance team), in theme order."""
    query = Indicator.objects.filter(
        frequency=Indicator.Frequency.QUARTERLY
    ).select_related("theme", "owner", "team")
    if not (user.is_superuser or has_role(user, PUBLISH)):
        query = query.filter(Q(owner=user) | Q(team__members=user)).distinct()
    return list(query.order_by("theme__name", "name"))


@role_required(ENTER_FIGURES)
def entry_periods(request: HttpRequest) -> HttpResponse:
    quarters = open_quarters()
    indicators = enterable_indicators(request.user)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        Observation.all_objects.filter(
            area__code=home_area().code,
            period__in=quarters,
            indicator__in=indicators,
        )
        .values_list("period_id", "status")
        .order_by()
    )
    for period_id, status in rows:
        counts[period_id][status] += 1
    summary = [
        {
            "period": q,
            "total": len(indicators),
            "draft": counts[q.pk]["draft"],
            "submitted": counts[q.pk]["submitted"],
            "published": counts[q.pk]["published"],
            "missing": len(indicators) - sum(counts[q.pk].values()),
        }
        for q in quarters
    ]
    return render(
        request,
        "indicators/entry_periods.html",
        {"summary": summary, "indicator_count": len(indicators)},
    )


def _entry_rows(
    indicators: list[Indicator], period: Period
) -> tuple[
    dict[int, Observation], dict[int, Observation], dict[int, Any], dict[int, Any]
]:
    """This period's figures, the previous period's, this period's targets and
    each indicator's last published RAG: four queries, whatever the count."""
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
        t.indicator_id: t.value
        for t in Target.objects.filter(period=period, indicator__in=indicators)
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


@role_required(ENTER_FIGURES)
def entry_period(request: HttpRequest, period_id: int) -> HttpResponse:
    """One quarter's figures for the indicators the officer owns: check (a
    server-side preview of each rating), save as draft, or submit."""
    period = get_object_or_404(
        Period, pk=period_id, kind=Period.Kind.QUARTER, year_type="financial"
    )
    indicators = enterable_indicators(request.user)
    by_id = {i.pk: i for i in indicators}
    current, before, targets, last_rag = _entry_rows(indicators, period)

    if request.method == "POST":
        formset = FigureFormSet(request.POST)
        action = request.POST.get("action", "check")
    else:
        formset = FigureFormSet(
            initial=[
                {
                    "indicator": i.pk,
                    "value": _show(current[i.pk].value) if i.pk in current else "",
                    "numerator": _show(current[i.pk].numerator)
                    if i.pk in current
                    else "",
                    "denominator": _show(current[i.pk].denominator)
                    if i.pk in current
                    else "",
                    "commentary": current[i.pk].commentary if i.pk in current else "",
                }
                for i in indicators
            ]
        )
        action = ""

    previews: dict[int, dict[str, Any]] = {}
    problems: dict[int, list[str]] = {}
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
        for entry in entries:
            if figures.entry_value(entry) is not None:
                previews[entry.indicator.pk] = figures.figure_preview(
                    entry=entry, period=period
                )
        if action in ("save", "submit"):
            try:
                saved = figures.figures_save(
                    user=request.user,
                    period=period,
                    entries=entries,
                    submit=action == "submit",
                )
            except ValidationError as error:
                codes = {i.code: i.pk for i in indicators}
                for code, texts in error.message_dict.items():
                    problems.setdefault(codes.get(code, 0), []).extend(texts)
            else:
                verb = "submitted for publication" if action == "submit" else "saved"
                messages.success(
                    request,
                    f"{len(saved)} figure{'s' if len(saved) != 1 else ''} {verb} for {period.label}.",
                )
                return redirect("entry_period", period_id=period.pk)

    rows = []
    forms_by_indicator = {}
    for form in formset:
        raw = form["indicator"].value()
        try:
            forms_by_indicator[int(raw)] = form
        except (TypeError, ValueError):
            continue
    for indicator in indicators:
        form = forms_by_indicator.get(indicator.pk)
        if form is None:
            continue
        rows.append(
            {
                "indicator": indicator,
                "form": form,
                "current": current.get(indicator.pk),
                "previous": before.get(indicator.pk),
                "target": targets.get(indicator.pk),
                "last_rag": last_rag.get(indicator.pk),
                "preview": previews.get(indicator.pk),
                "problems": problems.get(indicator.pk, []),
            }
        )
    return render(
        request,
        "indicators/entry_period.html",
        {
            "period": period,
            "formset": formset,
            "rows": rows,
            "checked": request.method == "POST" and action == "check",
            "has_problems": bool(problems) or bool(formset.total_error_count()),
        },
    )


# --- Publishing ----------------------------------------------------------------------


def _warnings(observations: list[Observation]) -> dict[int, list[str]]:
    """Rule warnings for submitted figures: small numbers, a change larger than
    the indicator's usual, a value outside what national data has ever shown.
    Two aggregate queries, whatever the number of figures."""
    indicator_ids = {o.indicator_id for o in observations}
    ranges = {
        row["indicator_id"]: row
        for row in Observation.objects.filter(
            indicator_id__in=indicator_ids, source=Observation.Source.BENCHMARK
        )
        .values("indicator_id")
        .annotate(low=Min("value"), high=Max("value"))
        .order_by()
    }
    history: dict[int, list[Observation]] = defaultdict(list)
    for row in Observation.objects.filter(
        indicator_id__in=indicator_ids, area=home_area()
    ).order_by("period__end"):
        history[row.indicator_id].append(row)
    result: dict[int, list[str]] = {}
    for obs in observations:
        notes = []
        earlier = [
            h for h in history[obs.indicator_id] if h.period.end < obs.period.end
        ]
        small = rating.is_small_number(
            denominator=obs.denominator,
            numerator=obs.numerator,
            previous_numerator=earlier[-1].numerator if earlier else None,
        )
        if small:
            base = obs.denominator if obs.denominator is not None else obs.numerator
            notes.append(
                f"Small number: based on {base.normalize():f}"
                if base is not None
                else "Small number: a change of two or fewer people"
            )
        steps = [
            abs(b.value - a.value)
            for a, b in zip(earlier, earlier[1:], strict=False)
            if a.value is not None and b.value is not None
        ]
        if (
            earlier
            and earlier[-1].value is not None
            and obs.value is not None
            and steps
        ):
            usual = sorted(steps)[len(steps) // 2]
            jump = abs(obs.value - earlier[-1].value)
            if usual > 0 and jump > 3 * usual:
                notes.append(
                    f"Changed by {jump.normalize():f}, more than three times the usual change ({usual.normalize():f})"
                )
        span = ranges.get(obs.indicator_id)
        outside = (
            span is not None
            and obs.value is not None
            and span["low"] is not None
            and not span["low"] <= obs.value <= span["high"]
        )
        if outside:
            notes.append(
                f"Outside every national figure so far ({span['low'].normalize():f} to {span['high'].normalize():f})"
            )
        result[obs.pk] = notes
    return result


@role_required(PUBLISH)
def publish_queue(request: HttpRequest) -> HttpResponse:
    """Submitted figures by period and theme, with their change and warnings."""
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("observation") if i.isdigit()]
        period_id = request.POST.get("period")
        if request.POST.get("action") == "period" and period_id and period_id.isdigit():
            period = get_object_or_404(Period, pk=int(period_id))
            count = figures.figures_publish_period(user=request.user, period=period)
        elif ids:
            count = figures.figures_publish(user=request.user, observation_ids=ids)
        else:
            messages.error(request, "Choose at least one figure to publish.")
            return redirect("publish_queue")
        messages.success(
            request,
            f"{count} figure{'s' if count != 1 else ''} published."
            if count
            else "Nothing was published: those figures had already been published or sent back.",
        )
        return redirect("publish_queue")

    submitted = list(
        Observation.all_objects.filter(
            area=home_area(), status=Observation.Status.SUBMITTED
        )
        .select_related("indicator__theme", "period", "submitted_by")
        .order_by("-period__end", "indicator__theme__name", "indicator__name")
    )
    warnings = _warnings(submitted)
    previous = _previous_published(submitted)
    groups: dict[Period, dict[str, list[dict[str, Any]]]] = {}
    for obs in submitted:
        before = previous.get((obs.indicator_id, obs.period_id))
        change = (
            obs.value - before.value
            if before is not None and obs.value is not None and before.value is not None
            else None
        )
        groups.setdefault(obs.period, {}).setdefault(
            obs.indicator.theme.name, []
        ).append(
            {
                "obs": obs,
                "previous": before,
                "change": change,
                "warnings": warnings.get(obs.pk, []),
            }
        )
    return render(
        request,
        "indicators/publish_queue.html",
        {"groups": groups, "count": len(submitted), "reject_form": RejectForm()},
    )


def _previous_published(
    observations: list[Observation],
) -> dict[tuple[int, int], Observation]:
    """For each figure, the published home figure of the period before it."""
    wanted: dict[tuple[str, str, Any], list[Observation]] = defaultdict(list)
    for obs in observations:
        spec = rating.previous_period(obs.period.as_rule())
        wanted[spec.key].append(obs)
    if not wanted:
        return {}
    query = Q()
    for kind, year_type, start in wanted:
        query |= Q(period__kind=kind, period__year_type=year_type, period__start=start)
    found = {}
    for prev in Observation.objects.filter(
        query,
        area=home_area(),
        indicator_id__in={o.indicator_id for o in observations},
    ).select_related("period"):
        key = (prev.period.kind, prev.period.year_type, prev.period.start)
        for obs in wanted.get(key, []):
            if obs.indicator_id == prev.indicator_id:
                found[(obs.indicator_id, obs.period_id)] = prev
    return found


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
    except Observation.DoesNotExist as error:
        raise Http404("That figure is not waiting to be published") from error
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


# --- Targets -------------------------------------------------------------------------


@role_required(EDIT_INDICATORS)
def indicator_targets(request: HttpRequest, code: str) -> HttpResponse:
    """Set a target for a quarter, or for a year and its quarters."""
    indicator = get_object_or_404(Indicator, code=code)
    form = TargetForm(request.POST or None, year_type=indicator.year_type)
    if request.method == "POST" and form.is_valid():
        spec = form.cleaned_data["period"]
        specs = [spec]
        if spec.kind == rating.PeriodKind.YEAR and indicator.frequency == "quarterly":
            specs += [rating.quarter_period(spec.start.year, q) for q in range(1, 5)]
        stored = periods_ensure(specs)
        for s in specs:
            target_set(
                indicator_id=indicator.pk,
                period=stored[s.key],
                value=form.cleaned_data["value"],
                user=request.user,
                via="targets",
            )
        recompute(indicator_ids=[indicator.pk])
        messages.success(
            request,
            f"Target {form.cleaned_data['value'].normalize():f} set for "
            + ", ".join(s.label for s in specs)
            + "; ratings recalculated.",
        )
        return redirect(reverse("indicator_targets", args=[indicator.code]))
    targets = (
        Target.objects.filter(indicator=indicator)
        .select_related("period")
        .order_by("-period__end", "period__kind")
    )
    return render(
        request,
        "indicators/targets.html",
        {"indicator": indicator, "form": form, "targets": targets},
    )
