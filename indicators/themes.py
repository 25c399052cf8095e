"""The dashboard by theme: each theme's rows with its exceptions first (a red,
a decline or the bottom quartile), and its summary band: counts by RAG,
direction of travel and quartile, in words and as a small bar."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

from indicators.sparkline import BarPart, stacked_bar
from indicators.summary import RatedRow, Summary, rated_row, summarise

RAG_PARTS = (
    ("red", "red"),
    ("amber", "amber"),
    ("green", "green"),
    ("n/a", "not rated"),
)
QUARTILE_WORDS = {1: "top", 2: "second", 3: "third", 4: "bottom"}


def is_exception(row: RatedRow) -> bool:
    """What a committee looks at first: a red, a decline, the bottom quartile."""
    return row.rag == "red" or row.direction == "declined" or row.quartile == 4


def _count(n: int, word: str) -> str:
    return f"{n} {word}"


def band_words(summary: Summary) -> list[str]:
    """The band's numbers in words, one sentence each for RAG, direction and
    quartile: 'RAG: 1 red, 2 amber, 1 green, 0 not rated.'"""
    rag = ", ".join(_count(summary.rag[k], word) for k, word in RAG_PARTS)
    direction = ", ".join(
        [
            _count(summary.improved, "improved"),
            _count(summary.no_change, "no significant change"),
            _count(summary.declined, "declined"),
        ]
    )
    quartiles = ", ".join(
        _count(summary.quartiles[q], word) for q, word in QUARTILE_WORDS.items()
    )
    unbenchmarked = summary.measures - summary.benchmarked
    return [
        f"RAG: {rag}.",
        f"Direction of travel: {direction}.",
        f"National quartile: {quartiles}"
        + (f", {unbenchmarked} without a benchmark." if unbenchmarked else "."),
    ]


def group_band_words(group: str, quartiles: Iterable[int | None]) -> str:
    """The theme's quartiles among a chosen group, in words: 'Among all
    counties: 1 top, 2 second, 0 third, 0 bottom, 1 without a quartile.'"""
    bands = list(quartiles)
    counts = ", ".join(
        _count(bands.count(q), word) for q, word in QUARTILE_WORDS.items()
    )
    without = sum(1 for q in bands if q not in QUARTILE_WORDS)
    return f"Among {group}: {counts}" + (
        f", {without} without a quartile." if without else "."
    )


def band_bar(summary: Summary) -> SafeString:
    """The RAG counts as one small bar (its words stand beside it)."""
    return stacked_bar(
        [
            BarPart(f"scrutineer-band__{k.replace('/', '')}", summary.rag[k])
            for k, _ in RAG_PARTS
        ]
    )


@dataclass
class ThemeGroup:
    """One theme's rows (exceptions first unless sorted) and its band."""

    name: str
    slug: str
    rows: list[Any]
    exceptions: int
    summary: Summary
    words: list[str] = field(default_factory=list)
    table: Any = None  # the theme's table, set by the view

    @property
    def bar(self) -> SafeString:
        return band_bar(self.summary)


def by_theme(rows: Iterable[Any], *, exceptions_first: bool) -> list[ThemeGroup]:
    """`rows` grouped by theme (themes by name), each group keeping the rows'
    order; with `exceptions_first`, a group's exceptions come before the
    rest (each part in the rows' order)."""
    groups: dict[int, list[Any]] = {}
    for row in rows:
        groups.setdefault(row.indicator.theme_id, []).append(row)
    result = []
    for members in groups.values():
        theme = members[0].indicator.theme
        flags = [is_exception(rated_row(r)) for r in members]
        if exceptions_first:
            members = [r for r, f in zip(members, flags, strict=True) if f] + [
                r for r, f in zip(members, flags, strict=True) if not f
            ]
        summary = summarise(rated_row(r) for r in members)
        result.append(
            ThemeGroup(
                theme.name,
                theme.slug,
                members,
                sum(flags),
                summary,
                band_words(summary),
            )
        )
    return sorted(result, key=lambda g: g.name)
