"""The overall position page: the home authority's quartiles per theme and
its spend against performance, among a chosen comparison group."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from indicators import selectors
from indicators.formatting import group_said
from indicators.forms import GovukForm
from indicators.permissions import READ, role_required
from indicators.position_chart import quadrant_chart
from indicators.selectors.position import position_page

NATIONAL = ("national", "All authorities")


class CompareForm(GovukForm):
    """The comparison group: all authorities (the stored national quartiles)
    unless another is asked for; the others are the comparator groups."""

    group = forms.ChoiceField(label="Compare with", widget=forms.RadioSelect)
    theme = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["group"]).choices = choices


@role_required(READ)
@require_safe
def overall_position(request: HttpRequest) -> HttpResponse:
    """Councillors and every signed-in role read it. `?group=` chooses the
    comparison group (all authorities by default; an unknown one is refused
    as a form error, and all authorities shown); `?theme=` one theme."""
    return position_response(request)


def position_response(
    request: HttpRequest,
    indicator_ids: set[int] | None = None,
    extra: dict[str, object] | None = None,
    own_group: str = "",
) -> HttpResponse:
    """The page over every indicator, or over `indicator_ids` only (a
    committee's followed set: its view passes the committee in `extra`, and
    its own comparator group, `own_group`, compared with when `?group=` is
    not given, if the pages still offer it)."""
    home = selectors.home_area_or_none()
    choices = [NATIONAL, *selectors.comparator_choices(home)]
    offered = {slug for slug, _ in choices[1:]}
    default = own_group if own_group in offered else NATIONAL[0]
    form = CompareForm({"group": default, **request.GET.dict()}, choices=choices)
    valid = form.is_valid()
    slug = form.cleaned_data["group"] if valid else NATIONAL[0]
    theme = form.cleaned_data.get("theme", "") if valid else ""
    page, group_name = None, group_said(NATIONAL[1])
    if home is not None:
        area_ids = None
        if slug != NATIONAL[0]:
            group = selectors.comparator_group(slug, home)
            area_ids, group_name = group.area_ids, group_said(group.name)
        page = position_page(
            home, area_ids=area_ids, theme=theme, indicator_ids=indicator_ids
        )
    return render(
        request,
        "indicators/position.html",
        {
            "form": form,
            "home": home,
            "group_name": group_name,
            "own_group": bool(own_group) and valid and slug == own_group,
            "page": page,
            "chart": (
                quadrant_chart(page.positions, group_name, home.name)
                if page and home
                else None
            ),
            **(extra or {}),
        },
    )
