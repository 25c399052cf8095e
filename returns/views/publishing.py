"""The performance team's pages: the publishing queue (publish one, some
or a period; send one back) and corrections to a published figure; and
commentary on a published figure, for the officers who enter it too."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from indicators import formatting
from indicators.models import Observation, Period
from indicators.permissions import (
    ENTER_FIGURES,
    PUBLISH,
    can_comment,
    role_required,
)
from indicators.services.common import home_area
from returns import selectors, services
from returns.forms import (
    CommentaryForm,
    RejectForm,
    ReviseForm,
)


@role_required(PUBLISH)
def publish_queue(request: HttpRequest) -> HttpResponse:
    """Submitted figures by period and theme, with their rating, change and
    checks; publish one, the chosen ones, or a whole period."""
    if request.method == "POST":
        return _publish(request)
    groups = selectors.publish_queue(home_area())
    return render(
        request,
        "returns/publish_queue.html",
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
        result = services.figures_publish_period(user=request.user, period=period)
    elif one.isdigit():
        result = services.figures_publish(user=request.user, observation_ids=[int(one)])
    else:
        ids = [int(i) for i in request.POST.getlist("observation") if i.isdigit()]
        if not ids:
            messages.error(request, "Choose at least one figure to publish.")
            return redirect("publish_queue")
        result = services.figures_publish(user=request.user, observation_ids=ids)
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
        row = services.figure_reject(
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
            "value": formatting.plain(row.value),
            "numerator": formatting.plain(row.numerator),
            "denominator": formatting.plain(row.denominator),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.figure_revise(
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
    return render(request, "returns/figure_revise.html", {"row": row, "form": form})


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
    if not can_comment(request.user, row.indicator):
        raise Http404("No such figure")
    form = CommentaryForm(request.POST or None, initial={"commentary": row.commentary})
    if request.method == "POST" and form.is_valid():
        try:
            _, changed = services.figure_commentary_set(
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
    return render(request, "returns/figure_commentary.html", {"row": row, "form": form})
