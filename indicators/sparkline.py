"""Small server-rendered SVG drawings for the dashboard: a row's trend over
its last periods (a sparkline) and a theme's counts as one stacked bar.

Both are drawn here, in Python, as SVG with presentation attributes and CSS
classes from the static stylesheet: no script and no style attribute, so the
Content Security Policy stays strict. A sparkline names its values in its
accessible name; a bar is hidden from assistive technology because its
numbers stand beside it in words (never colour alone)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from indicators.formatting import format_number

WIDTH = 80
HEIGHT = 20
PAD = 2
# The last eight periods (issue 16: a trend on each row).
POINTS = 8


@dataclass(frozen=True)
class TrendPoint:
    """One period of a row's trend: its label, its figure or, where none was
    published, DfE's symbol for it ('c', 'x', '')."""

    label: str
    value: Decimal | None
    symbol: str = ""


def coordinates(values: Sequence[Decimal | None]) -> list[tuple[float, float] | None]:
    """Each value's (x, y) in a WIDTH x HEIGHT box less PAD on each side,
    oldest at the left, highest at the top; a flat series sits in the
    middle; a missing value has no point (None)."""
    known = [v for v in values if v is not None]
    if not known:
        return [None for _ in values]
    low, high = min(known), max(known)
    step = (WIDTH - 2 * PAD) / (len(values) - 1) if len(values) > 1 else 0.0
    inner = HEIGHT - 2 * PAD
    result: list[tuple[float, float] | None] = []
    for i, value in enumerate(values):
        if value is None:
            result.append(None)
            continue
        x = PAD + i * step if len(values) > 1 else WIDTH / 2
        y = (
            HEIGHT / 2
            if high == low
            else PAD + float(high - value) / float(high - low) * inner
        )
        result.append((round(x, 1), round(y, 1)))
    return result


def accessible_name(points: Sequence[TrendPoint], decimals: int) -> str:
    """'Trend, 2018 to 2025: 20.1, 22.3, c' (a symbol where no figure)."""
    said = [
        format_number(p.value, decimals)
        if p.value is not None
        else (p.symbol or "no figure")
        for p in points
    ]
    if len(points) == 1:
        return f"Trend, {points[0].label}: {said[0]}"
    return f"Trend, {points[0].label} to {points[-1].label}: {', '.join(said)}"


def sparkline(points: Sequence[TrendPoint], decimals: int) -> SafeString:
    """The trend as inline SVG (role img, its values in its name); '' with
    no figure at all. Gaps (suppressed figures) break the line."""
    if not any(p.value is not None for p in points):
        return SafeString("")
    spots = coordinates([p.value for p in points])
    runs: list[list[tuple[float, float]]] = [[]]
    for spot in spots:
        if spot is None:
            runs.append([])
        else:
            runs[-1].append(spot)
    # Written with f-strings, not format_html: 250 rows' trends took three
    # times as long through it (`make bench`). Only the name is text; the
    # rest is numbers (`:g`) and constants.
    lines = "".join(
        '<polyline class="scrutineer-sparkline__line" fill="none" stroke="currentColor"'
        f' stroke-width="1.5" points="{" ".join(f"{x:g},{y:g}" for x, y in run)}"/>'
        for run in runs
        if len(run) > 1
    )
    # A figure alone between gaps is a dot (the last one is drawn below).
    dots = "".join(
        '<circle class="scrutineer-sparkline__dot" fill="currentColor" r="1.5"'
        f' cx="{x:g}" cy="{y:g}"/>'
        for run in runs[:-1]
        if len(run) == 1
        for x, y in run
    )
    last = next(s for s in reversed(spots) if s is not None)
    name = escape(accessible_name(points, decimals))
    return mark_safe(  # noqa: S308 - the name escaped, the rest numbers
        f'<svg class="scrutineer-sparkline" role="img" aria-label="{name}" focusable="false"'
        f' width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">{lines}{dots}<circle'
        ' class="scrutineer-sparkline__last" fill="currentColor" r="2"'
        f' cx="{last[0]:g}" cy="{last[1]:g}"/></svg>'
    )


@dataclass(frozen=True)
class BarPart:
    """One stretch of a stacked bar: its CSS class and how many it counts."""

    css: str
    count: int


def stacked_bar(
    parts: Sequence[BarPart], width: int = 120, height: int = 12
) -> SafeString:
    """Counts as one bar of stretches in proportion, hidden from assistive
    technology (its words stand beside it); '' when it counts nothing."""
    total = sum(p.count for p in parts)
    if not total:
        return SafeString("")
    rects = []
    x = 0.0
    for part in parts:
        if not part.count:
            continue
        w = part.count / total * width
        rects.append((part.css, f"{x:g}", f"{w:g}", height))
        x = round(x + w, 3)
    return format_html(
        '<svg class="scrutineer-band__bar" aria-hidden="true" focusable="false"'
        ' width="{}" height="{}" viewBox="0 0 {} {}">{}</svg>',
        width, height, width, height,
        format_html_join(
            "", '<rect class="{}" x="{}" y="0" width="{}" height="{}"/>', rects
        ),
    )  # fmt: skip
