"""The overall position page: the home authority's quartiles per theme and
its spend against performance, among a chosen comparison group."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from indicators import selectors
from indicators.permissions import READ, role_required
from indicators.position_chart import quadrant_chart
from indicators.selectors.position import GROUPS, neighbour_ids, position_page


@role_required(READ)
def overall_position(request: HttpRequest) -> HttpResponse:
    """Councillors and every signed-in role read it. `?group=` chooses the
    comparison group (all authorities by default); `?theme=` one theme."""
    group = request.GET.get("group", "national")
    if group not in GROUPS:
        group = "national"
    theme = request.GET.get("theme", "")
    home = selectors.home_area_or_none()
    page = None
    if home is not None:
        area_ids = neighbour_ids(home) if group == "neighbours" else None
        page = position_page(home, area_ids=area_ids, theme=theme)
    return render(
        request,
        "indicators/position.html",
        {
            "home": home,
            "group": group,
            "group_name": GROUPS[group],
            "groups": GROUPS,
            "theme": theme,
            "page": page,
            "chart": (
                quadrant_chart(page.positions, GROUPS[group], home.name)
                if page and home
                else None
            ),
        },
    )
