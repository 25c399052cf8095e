"""The dashboard cells' small templates (a direction, a RAG tag, a figure's
marks), each rendered once per process for each of its few inputs.

They take a handful of values (four directions, four RAG ratings, a few
combinations of marks), but a dashboard of 250 rows rendered them 750
times, a template render each (`make bench`). The templates stay the one
place their markup is written; with DEBUG on (a developer editing them)
they are rendered every time."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@lru_cache(maxsize=16)
def _direction(direction: str) -> str:
    return render_to_string("components/direction.html", {"direction": direction})


@lru_cache(maxsize=16)
def _rag(rag: str) -> str:
    return render_to_string("components/rag_tag.html", {"rag": rag})


@lru_cache(maxsize=64)
def _marks(
    provenance: str,
    provisional: bool,
    revised: bool,
    definition_changed: bool,
    official: bool,
) -> str:
    figure = {
        "provenance": provenance,
        "provisional": provisional,
        "revised": revised,
        "definition_changed": definition_changed,
    }
    html = render_to_string(
        "indicators/figure_marks.html", {"figure": figure, "official": official}
    )
    return html.strip()


def _once(render: Any, *args: Any) -> str:
    """`render(*args)`, kept for the process unless DEBUG is on."""
    function: Callable[..., str] = render.__wrapped__ if settings.DEBUG else render
    return function(*args)


def direction_html(direction: str) -> SafeString:
    """`components/direction.html` for this direction of travel."""
    return mark_safe(_once(_direction, direction))  # noqa: S308 - a template's escaped output


def rag_html(rag: str) -> SafeString:
    """`components/rag_tag.html` for this RAG rating."""
    return mark_safe(_once(_rag, rag))  # noqa: S308 - a template's escaped output


def marks_html(figure: Any, *, official: bool) -> SafeString:
    """A figure's marks as tags (`indicators/figure_marks.html`); '' if none.
    `figure` is an Observation or a LocalBeside (which has no `revised` or
    `definition_changed`: the template read them as false)."""
    html = _once(
        _marks,
        str(figure.provenance),
        bool(figure.provisional),
        bool(getattr(figure, "revised", False)),
        bool(getattr(figure, "definition_changed", False)),
        bool(official),
    )
    return mark_safe(html)  # noqa: S308 - a template's escaped output
