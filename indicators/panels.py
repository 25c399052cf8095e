"""The indicator page's extension point: the apps above indicators add
panels to it (the committees' resolutions and actions on the indicator, the
returns' links to manage its figures) without indicators naming their
templates or URLs. Each app registers its panels from its AppConfig.ready;
the page renders, in each of its slots, whatever is registered there, in
the order registered (INSTALLED_APPS' order)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

# Where on the page a panel may go: after the commentary (before the
# definition), or after the definition.
SLOTS = ("after_commentary", "after_definition")

# request, indicator, page (indicators.selectors.IndicatorPage) in; the
# panel's own context out (added to indicator and page), or None to show
# nothing. Runs in the view: any query it makes belongs in a selector.
PanelContext = Callable[[HttpRequest, Any, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class IndicatorPanel:
    name: str
    slot: str
    template: str
    context: PanelContext


INDICATOR_PANELS: dict[str, IndicatorPanel] = {}


def indicator_panel_register(
    name: str, *, slot: str, template: str, context: PanelContext
) -> None:
    """Add a panel to the indicator page (again under the same name: replace
    it, so that a second ready() changes nothing)."""
    if slot not in SLOTS:
        raise ValueError(f"{name}: no slot {slot!r} on the indicator page ({SLOTS})")
    INDICATOR_PANELS[name] = IndicatorPanel(name, slot, template, context)


def indicator_panels(
    request: HttpRequest, indicator: Any, page: Any
) -> dict[str, list[SafeString]]:
    """Each slot's panels for this indicator, rendered: its template with
    `indicator`, `page` and the panel's own context."""
    rendered: dict[str, list[SafeString]] = {slot: [] for slot in SLOTS}
    for panel in INDICATOR_PANELS.values():
        extra = panel.context(request, indicator, page)
        if extra is not None:
            context = {"indicator": indicator, "page": page, **extra}
            html = render_to_string(panel.template, context, request=request)
            rendered[panel.slot].append(SafeString(html))
    return rendered
