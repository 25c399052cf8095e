"""indicators.panels: the indicator page's extension point. The apps above
indicators fill it (committees' actions, returns' links to manage figures);
what they show is tested with them (tests/committees/test_indicator_page.py,
tests/returns/test_publishing.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from indicators import panels


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, panels.IndicatorPanel]:
    empty: dict[str, panels.IndicatorPanel] = {}
    monkeypatch.setattr(panels, "INDICATOR_PANELS", empty)
    return empty


def test_the_project_fills_each_slot_with_its_apps_panels() -> None:
    placed = {(p.name, p.slot) for p in panels.INDICATOR_PANELS.values()}
    assert placed == {
        ("committee_actions", "after_commentary"),
        ("returns_figures", "after_definition"),
    }


def test_a_panel_for_a_slot_the_page_has_not_is_refused(registry) -> None:
    with pytest.raises(ValueError, match="no slot 'sidebar'"):
        panels.indicator_panel_register(
            "x", slot="sidebar", template="t.html", context=lambda *a: {}
        )
    assert registry == {}


def test_each_slot_renders_its_panels_in_order_and_skips_those_with_nothing(
    registry, rf, councillor
) -> None:
    actions = "committees/_indicator_panel.html"
    figures = "returns/_indicator_figures.html"

    def register(name: str, template: str, context: dict | None) -> None:
        panels.indicator_panel_register(
            name, slot="after_commentary", template=template, context=lambda *a: context
        )

    register("actions", actions, {"summary": None})
    register("nothing", actions, None)
    register("figures", figures, {"can_manage": True, "commentable": []})
    register("actions", actions, {"summary": None})  # again: replaced, in place
    request = rf.get("/")
    request.user = councillor
    indicator = SimpleNamespace(pk=1, code="x")
    page = SimpleNamespace(latest=None, home_figures=[])
    shown = panels.indicator_panels(request, indicator, page)
    assert list(shown) == ["after_commentary", "after_definition"]
    assert len(shown["after_commentary"]) == 2
    first, second = shown["after_commentary"]
    assert "No committee resolutions or actions" in first
    assert "Manage this indicator" in second and "/indicators/x/targets/" in second
    assert shown["after_definition"] == []
