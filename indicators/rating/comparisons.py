"""The comparisons a committee reads beside a quarter's figure: the same
quarter last year, the run of quarters moving the same way, last year's
quarterly average (for counts), the year to date (for cumulative measures),
and the words for a comparison with another figure (England, the region,
neighbours): "similar to" within the significance threshold, "better than"
or "worse than" beyond it.

Pure functions over a series of quarterly points, oldest first; no ORM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from indicators.rating.enums import Direction, Polarity
from indicators.rating.judgements import Comparison, comparison, direction


@dataclass(frozen=True)
class Point:
    """One quarter's figure: its span, value and the count behind it."""

    start: date
    end: date
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Run:
    """Consecutive quarters, ending with the latest, that moved the same way
    (improved or declined): `length` 3 is "the third quarter in a row"."""

    direction: Direction
    length: int


def financial_year_start(day: date) -> date:
    """The 1 April on or before `day`: the start of its financial year."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1)


def same_quarter_last_year(points: list[Point], latest: Point) -> Point | None:
    """The point that starts a year before `latest` does, if any."""
    wanted = _year_before(latest.start)
    return next((p for p in points if p.start == wanted), None)


def run_of_quarters(
    points: list[Point], polarity: Polarity | str, threshold: Decimal = Decimal(0)
) -> Run:
    """How many quarters in a row, up to the last point, have improved (or
    declined) on the quarter before, each by the direction-of-travel rule.
    A gap between quarters, a missing value or a change within the threshold
    ends the run. Length 0 when the last quarter neither improved nor
    declined."""
    steps: list[Direction] = []
    for before, after in zip(points, points[1:], strict=False):
        adjacent = (after.start - before.end).days == 1
        if not adjacent:
            steps.append(Direction.NA)
            continue
        steps.append(direction(after.value, before.value, polarity, threshold))
    if not steps or steps[-1] not in (Direction.IMPROVED, Direction.DECLINED):
        return Run(steps[-1] if steps else Direction.NA, 0)
    length = 0
    for step in reversed(steps):
        if step != steps[-1]:
            break
        length += 1
    return Run(steps[-1], length)


def last_year_quarterly_average(points: list[Point], latest: Point) -> Decimal | None:
    """The mean of the four quarters of the financial year before `latest`'s;
    None unless all four have a value."""
    year = _year_before(financial_year_start(latest.start))
    values = [
        p.value
        for p in points
        if financial_year_start(p.start) == year and p.value is not None
    ]
    if len(values) != 4:
        return None
    return sum(values, Decimal(0)) / 4


def year_to_date(points: list[Point], latest: Point, unit: str) -> Point | None:
    """A cumulative measure's year to date: `latest`'s financial year from its
    first quarter up to `latest`, every quarter present. Counts are added up;
    a percentage is the pooled one (all the numerators over all the
    denominators), so a quarter of 3 counts for less than one of 300. None
    for other units, for a missing quarter, value or count."""
    start = financial_year_start(latest.start)
    quarters = [p for p in points if start <= p.start and p.end <= latest.end]
    expected = (latest.end.year - start.year) * 12 + latest.end.month - 3
    if not quarters or len(quarters) * 3 != expected:
        return None
    if unit == "number":
        values = [p.value for p in quarters]
        if any(v is None for v in values):
            return None
        total = sum((v for v in values if v is not None), Decimal(0))
        return Point(start, latest.end, total)
    if unit != "percent":
        return None
    numerators = [p.numerator for p in quarters if p.numerator is not None]
    denominators = [p.denominator for p in quarters if p.denominator is not None]
    if len(numerators) != len(quarters) or len(denominators) != len(quarters):
        return None
    numerator, denominator = sum(numerators, Decimal(0)), sum(denominators, Decimal(0))
    if denominator == 0:
        return None
    return Point(
        start, latest.end, 100 * numerator / denominator, numerator, denominator
    )


def compare_with(
    value: Decimal,
    other: Decimal,
    polarity: Polarity | str,
    threshold: Decimal = Decimal(0),
) -> str:
    """`judgements.comparison` (the one home of "similar to", "better than",
    "worse than" and "the same as"), and for a measure with no polarity
    "similar to" within the threshold or plain "higher than" / "lower than"."""
    if Polarity(polarity) is not Polarity.NONE:
        return comparison(value, other, polarity, threshold)
    difference = value - other
    if abs(difference) <= threshold:
        return Comparison.SIMILAR
    return Comparison.HIGHER if difference > 0 else Comparison.LOWER
