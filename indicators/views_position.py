"""The overall position page: the home authority's quartiles per theme and
its spend against performance, among a chosen comparison group."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from indicators import selectors
from indicators.forms import GovukForm
from indicators.permissions import READ, role_required
from indicators.position_chart import quadrant_chart
from indicators.selectors.position import GROUPS, neighbour_ids, position_page


class CompareForm(GovukForm):
    """The comparison group (all authorities unless another is asked for)."""

    group = forms.ChoiceField(
        label="Compare with",
        choices=[(slug, name.capitalize()) for slug, name in GROUPS.items()],
        widget=forms.RadioSelect,
    )
    theme = forms.CharField(required=False, widget=forms.HiddenInput)


@role_required(READ)
def overall_position(request: HttpRequest) -> HttpResponse:
    """Councillors and every signed-in role read it. `?group=` chooses the
    comparison group (all authorities by default; an unknown one is refused
    as a form error, and all authorities shown); `?theme=` one theme."""
    form = CompareForm({"group": "national", **request.GET.dict()})
    valid = form.is_valid()
    group = form.cleaned_data["group"] if valid else "national"
    theme = form.cleaned_data.get("theme", "") if valid else ""
    home = selectors.home_area_or_none()
    page = None
    if home is not None:
        area_ids = neighbour_ids(home) if group == "neighbours" else None
        page = position_page(home, area_ids=area_ids, theme=theme)
    return render(
        request,
        "indicators/position.html",
        {
            "form": form,
            "home": home,
            "group_name": GROUPS[group],
            "page": page,
            "chart": (
                quadrant_chart(page.positions, GROUPS[group], home.name)
                if page and home
                else None
            ),
        },
    )
