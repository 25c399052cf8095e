"""The targets page: set a target for a quarter, or for a year and its
quarters; delete one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from indicators import rating
from indicators.models import Indicator, Target
from indicators.permissions import (
    EDIT_INDICATORS,
    role_required,
)
from returns import selectors, services
from returns.forms import (
    TargetForm,
)


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
        specs, result = services.target_set(
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
        "returns/targets.html",
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
    quarters = [q.as_rule() for q in services.open_quarters()]
    for _ in range(4):
        quarters.append(rating.previous_period(quarters[-1]))
    return quarters


def _target_delete(request: HttpRequest, indicator: Indicator) -> HttpResponse:
    raw = request.POST.get("delete", "")
    deleted = (
        services.target_delete(
            user=request.user, indicator=indicator, target_id=int(raw)
        )
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
