"""The dashboard's summary in the committee's own words: one pure function
over the rows' ratings, shared by the dashboard and the drafted report so the
two can never disagree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

QUARTILE_NAMES = {
    1: "the top quartile",
    2: "the second quartile",
    3: "the third quartile",
    4: "the bottom quartile",
}


@dataclass(frozen=True)
class RatedRow:
    """What the summary needs from one dashboard row."""

    direction: str  # improved, declined, no significant change, n/a
    quartile: int | None
    rag: str  # red, amber, green, n/a
    polarity: str  # higher, lower, none


def rated_row(row: Any) -> RatedRow:
    """What the summary needs from one dashboard row (an Observation with its
    indicator and, unless not rated yet, its rating)."""
    rating = getattr(row, "rating", None)
    return RatedRow(
        direction=rating.direction if rating else "n/a",
        quartile=rating.quartile if rating else None,
        rag=rating.rag if rating else "n/a",
        polarity=row.indicator.polarity,
    )


@dataclass(frozen=True)
class Summary:
    measures: int
    improved: int
    no_change: int
    declined: int
    no_polarity: int
    no_previous: int
    benchmarked: int
    quartiles: dict[int, int]
    rag: dict[str, int]


def summarise(rows: Iterable[RatedRow]) -> Summary:
    rows = list(rows)
    quartiles = {q: sum(1 for r in rows if r.quartile == q) for q in (1, 2, 3, 4)}
    return Summary(
        measures=len(rows),
        improved=sum(1 for r in rows if r.direction == "improved"),
        no_change=sum(1 for r in rows if r.direction == "no significant change"),
        declined=sum(1 for r in rows if r.direction == "declined"),
        no_polarity=sum(1 for r in rows if r.polarity == "none"),
        no_previous=sum(
            1 for r in rows if r.direction == "n/a" and r.polarity != "none"
        ),
        benchmarked=sum(quartiles.values()),
        quartiles=quartiles,
        rag={
            k: sum(1 for r in rows if r.rag == k)
            for k in ("red", "amber", "green", "n/a")
        },
    )


def _have(n: int, verb_singular: str, verb_plural: str) -> str:
    return f"{n} {verb_singular if n == 1 else verb_plural}"


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def sentences(summary: Summary) -> list[str]:
    """'From 29 measures, 18 have improved, 8 show no significant change and
    3 have declined.' and the quartile and RAG sentences. Deterministic."""
    if summary.measures == 0:
        return ["There are no published measures for this period."]
    # As the committee counts them: the measures with a direction of travel;
    # those without polarity or an earlier figure are mentioned after.
    rated = summary.improved + summary.no_change + summary.declined
    measures = "1 measure" if rated == 1 else f"{rated} measures"
    parts = [
        _have(summary.improved, "has improved", "have improved"),
        _have(
            summary.no_change,
            "shows no significant change",
            "show no significant change",
        ),
        _have(summary.declined, "has declined", "have declined"),
    ]
    result = [f"From {measures}, {_join(parts)}."]
    if summary.no_polarity:
        result.append(
            _have(summary.no_polarity, "further measure has", "further measures have")
            + " no polarity, so no direction of travel."
        )
    if summary.no_previous:
        result.append(
            _have(summary.no_previous, "measure has", "measures have")
            + " no earlier figure to compare with."
        )
    if summary.benchmarked:
        benchmarked = (
            "1 measure"
            if summary.benchmarked == 1
            else f"{summary.benchmarked} measures"
        )
        first, *rest = [
            f"{summary.quartiles[q]} {'is' if summary.quartiles[q] == 1 else 'are'} in {QUARTILE_NAMES[q]}"
            if i == 0
            else f"{summary.quartiles[q]} in {QUARTILE_NAMES[q]}"
            for i, q in enumerate((1, 2, 3, 4))
        ]
        result.append(
            f"From {benchmarked} with a national benchmark, {_join([first, *rest])}."
        )
    else:
        result.append("No measure has a national benchmark for this period.")
    rag = summary.rag
    result.append(
        f"RAG ratings: {rag['red']} red, {rag['amber']} amber, {rag['green']} green"
        + (f" and {rag['n/a']} not rated." if rag["n/a"] else ".")
    )
    return result
