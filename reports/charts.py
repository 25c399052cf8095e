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

from indicators.formatting import format_value

WIDTH, HEIGHT = 560, 180
LEFT, RIGHT, TOP, BOTTOM = 64, 40, 16, 36
HOME = "#1d70b8"
TARGET = "#00703c"
INK = "#0b0c0c"
GRID = "#b1b4b6"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"

Point = tuple[str, Decimal | None]


@dataclass(frozen=True)
class Geometry:
    """Where everything goes, in pixels of a WIDTH x HEIGHT canvas."""

    markers: list[tuple[float, float]]
    segments: list[list[tuple[float, float]]]  # unbroken runs of values
    ticks: list[tuple[float, str]]  # y position, label
    x_labels: list[tuple[float, str]]
    target_y: float | None
    target_label: str


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


def _bounds(
    values: list[Decimal], *, unit: str, target: Decimal | None
) -> tuple[Decimal, Decimal]:
    """The y axis's range: the values and the target, with a margin; never
    outside 0-100 for a percentage; from 0 when that is close."""
    low, high = min(values), max(values)
    if target is not None:
        low, high = min(low, target), max(high, target)
    if unit == "percent":
        low, high = max(Decimal(0), low), min(Decimal(100), high)
    span = high - low or abs(high) or Decimal(1)
    low, high = low - span / 10, high + span / 10
    if unit == "percent":
        low = max(Decimal(0), low)
    if low > 0 and low < span:
        low = Decimal(0)
    return low, high


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
    low, high = _bounds(values, unit=unit, target=target)
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
    ticks = [
        (
            y(low + (high - low) * k / 2),
            format_value(low + (high - low) * k / 2, unit, decimals),
        )
        for k in range(3)
    ]
    # At most four labels, counted back from the latest so that it is always
    # labelled and none collide.
    step = max(1, (count + 3) // 4)
    shown = range(count - 1, -1, -step)
    x_labels = [(x(i), short_label(points[i][0])) for i in sorted(shown)]
    return Geometry(
        markers=markers,
        segments=segments,
        ticks=ticks,
        x_labels=x_labels,
        target_y=y(target) if target is not None else None,
        target_label=f"Target {format_value(target, unit, decimals)}"
        if target is not None
        else "",
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
            f'<text x="{WIDTH - RIGHT}" y="{geo.target_y - 5}" text-anchor="end" fill="{TARGET}">'
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
            s(WIDTH - RIGHT, geo.target_y - 5),
            geo.target_label,
            fill=TARGET,
            font=font,
            anchor="rb",
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
