"""Small time-series charts drawn on the server, for the report page, the PDF
(SVG: WeasyPrint needs no browser) and the DOCX (PNG: Word documents carry
pictures). One geometry, two renderers, so the pictures agree; the alt text
is written from the same points, so it agrees with both."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from indicators import axes
from indicators.formatting import format_value

WIDTH, HEIGHT = 560, 180
LEFT, RIGHT, TOP, BOTTOM = 64, 40, 16, 36
HOME = "#1d70b8"
TARGET = "#00703c"
INK = "#0b0c0c"
GRID = "#b1b4b6"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"

Point = tuple[str, Decimal | None]
# Ticks on the value axis, at most (the plot is 128px tall).
MAX_TICKS = 5


@dataclass(frozen=True)
class Geometry:
    """Where everything goes, in pixels of a WIDTH x HEIGHT canvas."""

    markers: list[tuple[float, float]]
    segments: list[list[tuple[float, float]]]  # unbroken runs of values
    ticks: list[tuple[float, str]]  # y position, label
    x_labels: list[tuple[float, str]]
    target_y: float | None
    target_label: str
    # Where the target's label goes (its baseline) and how it is anchored:
    # clear of the line, its markers and the target line (see place_label).
    target_label_x: float = WIDTH - RIGHT
    target_label_y: float = 0.0
    target_label_anchor: str = "end"


def points_from_series(series: list[list[str | None]]) -> list[Point]:
    """A paragraph's stored series ([label, value or None]) as chart points."""
    return [(label or "", Decimal(v) if v is not None else None) for label, v in series]


_YEAR_TO = re.compile(r"^(?:at |(?:\w+ )?years? to )\d{1,2} (\w{3})\w* (\d{4})$")
_QUARTER = re.compile(r"^(\w{3})\w* to (\w{3})\w* (\d{4}) \(quarter \d\)$")


def short_label(label: str) -> str:
    """An axis label: 'year to 31 March 2025' or 'at 31 March 2025' ->
    'Mar 2025'; 'October to December 2025 (quarter 3)' -> 'Oct-Dec 2025';
    others as they are."""
    if match := _YEAR_TO.match(label):
        return f"{match.group(1)} {match.group(2)}"
    if match := _QUARTER.match(label):
        return f"{match.group(1)}-{match.group(2)} {match.group(3)}"
    return label


def _lines(
    points: list[Point], x: Callable[[int], float], y: Callable[[Decimal], float]
) -> tuple[list[tuple[float, float]], list[list[tuple[float, float]]]]:
    """The markers, and the line's segments: a gap (no figure) breaks it."""
    markers: list[tuple[float, float]] = []
    segments: list[list[tuple[float, float]]] = []
    run: list[tuple[float, float]] = []
    for index, (_, value) in enumerate(points):
        if value is None:
            if run:
                segments.append(run)
            run = []
            continue
        point = (x(index), y(value))
        markers.append(point)
        run.append(point)
    if run:
        segments.append(run)
    return markers, segments


def geometry(
    points: list[Point], *, unit: str, decimals: int, target: Decimal | None
) -> Geometry | None:
    values = [v for _, v in points if v is not None]
    if not values:
        return None
    shown = values + ([target] if target is not None else [])
    scale = axes.axis_for(shown, unit=unit, max_ticks=MAX_TICKS)
    low, high = scale.low, scale.high
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def y(value: Decimal) -> float:
        return round(TOP + float((high - value) / (high - low)) * plot_h, 1)

    count = len(points)

    def x(index: int) -> float:
        if count == 1:
            return LEFT + plot_w / 2
        return round(LEFT + index * plot_w / (count - 1), 1)

    markers, segments = _lines(points, x, y)
    ticks = [(y(t), format_value(t, unit, scale.decimals)) for t in scale.ticks]
    # At most four labels, counted back from the latest so that it is always
    # labelled and none collide.
    step = max(1, (count + 3) // 4)
    shown_x = range(count - 1, -1, -step)
    x_labels = [(x(i), short_label(points[i][0])) for i in sorted(shown_x)]
    if target is None:
        return Geometry(markers, segments, ticks, x_labels, None, "")
    label = f"Target {format_value(target, unit, decimals)}"
    lx, ly, anchor = place_label(y(target), label, segments, markers)
    return Geometry(
        markers=markers,
        segments=segments,
        ticks=ticks,
        x_labels=x_labels,
        target_y=y(target),
        target_label=label,
        target_label_x=lx,
        target_label_y=ly,
        target_label_anchor=anchor,
    )


# The label's box, from its text: Liberation Sans at 12px averages under 7px
# a character; its capitals rise 11px above the baseline, descenders 3 below.
CHAR_WIDTH, ASCENT, DESCENT = 7.0, 11.0, 3.0
GAP = 3.0  # between the target line and its label
Box = tuple[float, float, float, float]  # left, top, right, bottom


def label_box(x: float, baseline: float, text: str, anchor: str) -> Box:
    """The box a label covers, anchored at its start or end."""
    width = len(text) * CHAR_WIDTH
    left = x - width if anchor == "end" else x
    return (left, baseline - ASCENT, left + width, baseline + DESCENT)


def _meets(box: Box, a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether the segment a-b passes through the box (Liang-Barsky)."""
    left, top, right, bottom = box
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - left), (dx, right - a[0]), (-dy, a[1] - top), (dy, bottom - a[1])):  # fmt: skip
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return False
    return True


def collisions(
    box: Box,
    segments: list[list[tuple[float, float]]],
    markers: list[tuple[float, float]],
) -> int:
    """How many of the line's segments and markers the box touches (the
    line 3px wide, a marker 5.5px from its centre with its white rim)."""
    left, top, right, bottom = box
    line = (left - 1.5, top - 1.5, right + 1.5, bottom + 1.5)
    hits = sum(
        _meets(line, a, b)
        for run in segments
        for a, b in zip(run, run[1:], strict=False)
    )
    return hits + sum(
        left - 5.5 <= mx <= right + 5.5 and top - 5.5 <= my <= bottom + 5.5
        for mx, my in markers
    )


def place_label(
    line_y: float,
    text: str,
    segments: list[list[tuple[float, float]]],
    markers: list[tuple[float, float]],
) -> tuple[float, float, str]:
    """Where a horizontal line's label goes (x, baseline, anchor): just
    above or below the line, at its right end or further left, the first
    place clear of the chart's line and markers within the canvas (above
    the x axis's labels); failing that, the place touching the fewest."""
    above, below = line_y - GAP - DESCENT, line_y + GAP + ASCENT
    width = len(text) * CHAR_WIDTH
    # Right-aligned at the line's end, then stepping left 10px at a time.
    ends = range(WIDTH - RIGHT, int(LEFT + 4 + width) - 1, -10)
    places = [(float(x), baseline, "end") for x in ends for baseline in (above, below)]

    def fits(place: tuple[float, float, str]) -> bool:
        _, top, _, bottom = label_box(place[0], place[1], text, place[2])
        return top >= 0 and bottom <= HEIGHT - 24

    inside = [p for p in places if fits(p)] or places
    return min(
        inside,
        key=lambda p: collisions(label_box(p[0], p[1], text, p[2]), segments, markers),
    )


def alt_text(
    name: str, points: list[Point], *, unit: str, decimals: int, target: Decimal | None
) -> str:
    """The chart in words: every point, then the target."""
    described = "; ".join(
        f"{label}: {format_value(value, unit, decimals)}" for label, value in points
    )
    text = f"Line chart of {name}, {points[0][0]} to {points[-1][0]}. {described}."
    if target is not None:
        text += f" Target: {format_value(target, unit, decimals)}."
    return text


def svg(geo: Geometry, title: str) -> str:
    """The chart as a standalone SVG document."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="{FONT}" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    for ty, label in geo.ticks:
        out.append(
            f'<line x1="{LEFT}" y1="{ty}" x2="{WIDTH - RIGHT}" y2="{ty}" stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{ty + 4}" text-anchor="end" fill="{INK}">{escape(label)}</text>'
        )
    for tx, label in geo.x_labels:
        out.append(
            f'<text x="{tx}" y="{HEIGHT - 12}" text-anchor="middle" fill="{INK}">{escape(label)}</text>'
        )
    if geo.target_y is not None:
        out.append(
            f'<line x1="{LEFT}" y1="{geo.target_y}" x2="{WIDTH - RIGHT}" y2="{geo.target_y}" '
            f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="8 5"/>'
        )
        out.append(
            f'<text x="{geo.target_label_x}" y="{geo.target_label_y}" '
            f'text-anchor="{geo.target_label_anchor}" fill="{TARGET}">'
            f"{escape(geo.target_label)}</text>"
        )
    for run in geo.segments:
        if len(run) > 1:
            coords = " ".join(f"{px},{py}" for px, py in run)
            out.append(
                f'<polyline points="{coords}" fill="none" stroke="{HOME}" stroke-width="3"/>'
            )
    for px, py in geo.markers:
        out.append(
            f'<circle cx="{px}" cy="{py}" r="4.5" fill="{HOME}" stroke="#ffffff" stroke-width="1.5"/>'
        )
    out.append("</svg>")
    return "".join(out)


def svg_data_uri(geo: Geometry, title: str) -> str:
    """For <img src=...>: the CSP allows data: images, and WeasyPrint tags an
    <img> with its alt text in the PDF's structure tree."""
    return "data:image/svg+xml;base64," + base64.b64encode(
        svg(geo, title).encode()
    ).decode("ascii")


def png(geo: Geometry, scale: int = 2) -> bytes:
    """The same chart as a PNG (for Word), drawn with Pillow."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), "#ffffff")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.load_default(size=12 * scale)
    except TypeError:  # pragma: no cover - Pillow without FreeType
        font = ImageFont.load_default()

    def s(px: float, py: float) -> tuple[float, float]:
        return px * scale, py * scale

    for ty, label in geo.ticks:
        draw.line([s(LEFT, ty), s(WIDTH - RIGHT, ty)], fill=GRID, width=scale)
        draw.text(s(LEFT - 6, ty), label, fill=INK, font=font, anchor="rm")
    for tx, label in geo.x_labels:
        draw.text(s(tx, HEIGHT - 16), label, fill=INK, font=font, anchor="mm")
    if geo.target_y is not None:
        x, end = LEFT, WIDTH - RIGHT
        while x < end:
            draw.line(
                [s(x, geo.target_y), s(min(x + 8, end), geo.target_y)],
                fill=TARGET,
                width=2 * scale,
            )
            x += 13
        draw.text(
            s(geo.target_label_x, geo.target_label_y),
            geo.target_label,
            fill=TARGET,
            font=font,
            anchor="rs" if geo.target_label_anchor == "end" else "ls",
        )
    for run in geo.segments:
        if len(run) > 1:
            draw.line([s(px, py) for px, py in run], fill=HOME, width=3 * scale)
    r = 4.5 * scale
    for px, py in geo.markers:
        cx, cy = s(px, py)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=HOME, outline="#ffffff")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
