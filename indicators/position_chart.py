"""The spend-against-performance chart, drawn on the server as SVG (the
strict CSP allows no inline style or script): the points' coordinates, the
quadrants' names and the chart's accessible name, from the same
`ThemePosition`s as its data table and its words, so they cannot disagree.

Across: the average spend quartile, 1 (spends least) on the left to 4 on
the right. Up: the average outcome quartile, 1 (best) at the top. The
dividing lines sit at 2.5."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from indicators.rating.position import MIDDLE, ThemePosition

SIZE = 400
LOW, HIGH = 70, 370  # the plot area's edges, both ways


def scale(avg: Decimal) -> int:
    """A quartile average (1 to 4) as a coordinate in the plot area."""
    return round(LOW + (float(avg) - 1) / 3 * (HIGH - LOW))


@dataclass(frozen=True)
class Point:
    number: int
    x: int
    y: int
    position: ThemePosition
    words: str


@dataclass(frozen=True)
class QuadrantName:
    """A quadrant's name, in two lines at the top or bottom of its square."""

    x: int
    y: int
    spend: str
    performance: str


def _quadrants() -> list[QuadrantName]:
    middle = scale(MIDDLE)
    left, right = (LOW + middle) // 2, (middle + HIGH) // 2
    top, bottom = LOW + 20, HIGH - 26
    return [
        QuadrantName(left, top, "Low spend,", "high performance"),
        QuadrantName(right, top, "High spend,", "high performance"),
        QuadrantName(left, bottom, "Low spend,", "low performance"),
        QuadrantName(right, bottom, "High spend,", "low performance"),
    ]


@dataclass(frozen=True)
class QuadrantChart:
    points: list[Point]
    label: str
    quadrants: list[QuadrantName] = field(default_factory=_quadrants)
    middle: int = scale(MIDDLE)
    low: int = LOW
    high: int = HIGH
    size: int = SIZE


def quadrant_chart(
    positions: list[ThemePosition], group: str, home: str
) -> QuadrantChart:
    """The chart of `positions` among `group` ("all authorities"), with its
    accessible name listing every point's values and quadrant, and each
    point's words ("Leicestershire spends ...")."""
    points = [
        Point(n, scale(p.spend), scale(p.outcome), p, p.words(home))
        for n, p in enumerate(positions, start=1)
    ]
    described = "; ".join(
        f"{pt.number}, {pt.position.theme}: spend quartile {pt.position.spend}, "
        f"performance quartile {pt.position.outcome}, {pt.position.quadrant}"
        for pt in points
    )
    label = (
        f"Spend against performance by theme, among {group}. "
        "Quartile 1 is the lowest spend and the best performance. "
        f"{described or 'No theme has both spend and outcome figures'}."
    )
    return QuadrantChart(points, label)
