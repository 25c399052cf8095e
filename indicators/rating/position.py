"""The overall position: the home authority's quartiles counted per theme,
and where it stands on spend against performance per theme, among a
comparison population (all authorities, or a group such as the statistical
neighbours).

Pure functions over plain values: a population is the list of values of
the group's authorities (home included) for one indicator and period, as
`national.ranked_value` reads them (None takes no part).

Spend against performance, per theme:
- spend: the home authority's spend quartile in each finance measure mapped
  to the theme (`data/lait/finance_themes.csv`), banded as lower-is-better
  cut-points over the population (1 = spends least, 4 = spends most), then
  averaged across the theme's finance measures;
- performance: the average of its quartiles across the theme's outcome
  measures (1 = best).
An average below 2.5 is "less than most" (spend) or "better than most"
(performance); above 2.5 "more than most" or "worse than most"; exactly 2.5
is "about as much as most" or "about as well as most", and the point sits on the chart's dividing line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from indicators.rating.enums import Polarity
from indicators.rating.national import cut_points, quartile, rank

MIDDLE = Decimal("2.5")
ORDINALS = {1: "top", 2: "second", 3: "third", 4: "bottom"}


@dataclass(frozen=True)
class QuartileCounts:
    """How many of a theme's indicators sit in each quartile (1 first), and
    how many have no quartile (not banded, or no comparison figure)."""

    theme: str
    counts: tuple[int, int, int, int]
    unbanded: int

    @property
    def words(self) -> str:
        """ "2 in the top quartile, 1 in the second, 0 in the third, 1 in the
        bottom; 3 without a quartile"."""
        parts = [
            f"{n} in the {ORDINALS[q]}{' quartile' if q == 1 else ''}"
            for q, n in zip(range(1, 5), self.counts, strict=True)
        ]
        text = ", ".join(parts)
        if self.unbanded:
            text += f"; {self.unbanded} without a quartile"
        return text


def quartile_counts(placed: Iterable[tuple[str, int | None]]) -> list[QuartileCounts]:
    """Per theme (in the order themes first appear), the count of indicators
    in each quartile; `placed` is each indicator's (theme, quartile)."""
    tallies: dict[str, list[int]] = {}
    for theme, band in placed:
        tally = tallies.setdefault(theme, [0, 0, 0, 0, 0])
        tally[band if band in (1, 2, 3, 4) else 0] += 1
    return [
        QuartileCounts(theme, (t[1], t[2], t[3], t[4]), t[0])
        for theme, t in tallies.items()
    ]


def group_quartile(
    value: Decimal | None, population: Sequence[Decimal | None], polarity: str
) -> int | None:
    """The value's quartile among the population (LAIT's banding)."""
    return quartile(value, cut_points(population), polarity)


def group_rank(
    value: Decimal | None, population: Sequence[Decimal | None], polarity: str
) -> tuple[int | None, int]:
    """Rank (1 = best) and "of n" among the population's available values."""
    of = sum(1 for v in population if v is not None)
    return rank(value, population, polarity), of


def spend_quartile(
    value: Decimal | None, population: Sequence[Decimal | None]
) -> int | None:
    """1 when the authority spends least (the lowest quarter), 4 most."""
    return group_quartile(value, population, Polarity.LOWER)


class Quadrant(StrEnum):
    LOW_HIGH = "low spend, high performance"
    LOW_LOW = "low spend, low performance"
    HIGH_HIGH = "high spend, high performance"
    HIGH_LOW = "high spend, low performance"
    MIDDLE = "on a dividing line"


def average(quartiles: Iterable[int | None]) -> Decimal | None:
    """The mean of the quartiles given (None take no part), to 2 places."""
    bands = [q for q in quartiles if q is not None]
    if not bands:
        return None
    return (Decimal(sum(bands)) / len(bands)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class ThemePosition:
    """Where the authority stands on one theme: average spend quartile and
    average outcome quartile, with how many measures each rests on."""

    theme: str
    spend: Decimal
    outcome: Decimal
    spend_measures: int
    outcome_measures: int

    @property
    def quadrant(self) -> Quadrant:
        if MIDDLE in (self.spend, self.outcome):
            return Quadrant.MIDDLE
        low = self.spend < MIDDLE
        high = self.outcome < MIDDLE
        return {
            (True, True): Quadrant.LOW_HIGH,
            (True, False): Quadrant.LOW_LOW,
            (False, True): Quadrant.HIGH_HIGH,
            (False, False): Quadrant.HIGH_LOW,
        }[(low, high)]

    def words(self, home: str) -> str:
        """ "Leicestershire spends less than most and performs better than
        most on Youth Offending.\""""
        spends = _side(
            self.spend, "less than most", "more than most", "about as much as most"
        )
        performs = _side(
            self.outcome, "better than most", "worse than most", "about as well as most"
        )
        return f"{home} spends {spends} and performs {performs} on {self.theme}."


def _side(avg: Decimal, below: str, above: str, middle: str) -> str:
    if avg == MIDDLE:
        return middle
    return below if avg < MIDDLE else above


def theme_position(
    theme: str, spend: Iterable[int | None], outcomes: Iterable[int | None]
) -> ThemePosition | None:
    """The theme's position, or None without both a spend quartile and an
    outcome quartile."""
    spend_bands = [q for q in spend if q is not None]
    outcome_bands = [q for q in outcomes if q is not None]
    spend_avg, outcome_avg = average(spend_bands), average(outcome_bands)
    if spend_avg is None or outcome_avg is None:
        return None
    return ThemePosition(
        theme, spend_avg, outcome_avg, len(spend_bands), len(outcome_bands)
    )
