"""The judgements a figure gets: its direction of travel since the previous
figure, its RAG by the indicator's method, and how it compares with England,
the region or the neighbours."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from indicators.rating.enums import Direction, Polarity, Rag, RagMethod


def direction(
    current: Decimal | None,
    previous: Decimal | None,
    polarity: Polarity | str,
    threshold: Decimal = Decimal(0),
) -> Direction:
    """Improved or declined when the change beats the threshold in the good or
    bad direction; no significant change otherwise; n/a without polarity or a
    previous value."""
    polarity = Polarity(polarity)
    if polarity is Polarity.NONE or current is None or previous is None:
        return Direction.NA
    change = current - previous
    if abs(change) <= threshold:
        return Direction.NO_CHANGE
    better = change > 0 if polarity is Polarity.HIGHER else change < 0
    return Direction.IMPROVED if better else Direction.DECLINED


# --- RAG -----------------------------------------------------------------------


def rag_by_target(
    value: Decimal | None,
    target: Decimal | None,
    polarity: Polarity | str,
    tolerance: Decimal = Decimal(0),
) -> Rag:
    """Green when the value meets or beats the target; amber when it misses by
    no more than the tolerance (0 means no amber); red otherwise."""
    polarity = Polarity(polarity)
    if polarity is Polarity.NONE or value is None or target is None:
        return Rag.NA
    shortfall = target - value if polarity is Polarity.HIGHER else value - target
    if shortfall <= 0:
        return Rag.GREEN
    if tolerance > 0 and shortfall <= tolerance:
        return Rag.AMBER
    return Rag.RED


def rag_by_quartile(quartile: int | None) -> Rag:
    """Green in the top quartile, red in the bottom, amber between."""
    if quartile is None:
        return Rag.NA
    if quartile == 1:
        return Rag.GREEN
    if quartile == 4:
        return Rag.RED
    return Rag.AMBER


def rag(
    *,
    method: RagMethod | str,
    polarity: Polarity | str,
    value: Decimal | None,
    target: Decimal | None = None,
    tolerance: Decimal = Decimal(0),
    quartile: int | None = None,
    manual: Rag | str | None = None,
) -> Rag:
    """The indicator's RAG by its method. Polarity none or method none: n/a."""
    method, polarity = RagMethod(method), Polarity(polarity)
    if polarity is Polarity.NONE or method is RagMethod.NONE:
        return Rag.NA
    if method is RagMethod.TARGET:
        return rag_by_target(value, target, polarity, tolerance)
    if method is RagMethod.QUARTILE:
        return rag_by_quartile(quartile if value is not None else None)
    return Rag(manual) if manual else Rag.NA


# --- Comparison with England, the region or the neighbours ---------------------


class Comparison(StrEnum):
    BETTER = "better than"
    WORSE = "worse than"
    SIMILAR = "similar to"
    SAME = "the same as"
    HIGHER = "higher than"  # with no polarity: no judgement, only the side
    LOWER = "lower than"
    NA = "n/a"


def comparison(
    value: Decimal | None,
    other: Decimal | None,
    polarity: Polarity | str,
    threshold: Decimal = Decimal(0),
) -> Comparison:
    """How a figure compares with England's, the region's or the neighbours':
    the same when equal; similar when the difference is within the
    indicator's significance threshold; better or worse, by polarity, only
    beyond it. n/a without polarity or either figure. Callers pass the
    figures as displayed, so that the words agree with what is shown."""
    polarity = Polarity(polarity)
    if polarity is Polarity.NONE or value is None or other is None:
        return Comparison.NA
    difference = value - other
    if difference == 0:
        return Comparison.SAME
    if abs(difference) <= threshold:
        return Comparison.SIMILAR
    better = difference > 0 if polarity is Polarity.HIGHER else difference < 0
    return Comparison.BETTER if better else Comparison.WORSE
