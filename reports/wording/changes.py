"""What changed since the last meeting, in words."""

from __future__ import annotations

from indicators.formatting import format_quartile
from reports.wording.facts import Facts
from reports.wording.phrases import _sentence, _value, in_period

# --- What changed since the last meeting --------------------------------------------------


def change_labels(before: Facts | None, after: Facts) -> list[str]:
    """What changed, in words: 'RAG: red (was amber)'."""
    if before is None:
        return ["First reported"]
    labels = []
    if before.rag != after.rag:
        labels.append(f"RAG: {_rag(after.rag)} (was {_rag(before.rag)})")
    if before.direction != after.direction:
        labels.append(
            f"Direction: {_direction(after.direction)} (was {_direction(before.direction)})"
        )
    if before.quartile != after.quartile:
        labels.append(
            f"Quartile: {_quartile(after.quartile)} (was {_quartile(before.quartile)})"
        )
    return labels


def _rag(rag: str) -> str:
    return "not rated" if rag == "n/a" else rag


def _direction(direction: str) -> str:
    return "not applicable" if direction == "n/a" else direction


def _quartile(quartile: int | None) -> str:
    return format_quartile(quartile) or "none"


def change_reason(before: Facts | None, after: Facts) -> str:
    """Why, in one line: the figures, the target, the national comparison."""
    now = f"{_value(after, after.value, after.suppression)} {in_period(after.period)}"
    if before is None:
        return _sentence(f"{now}; no figure at the previous meeting")
    then = (
        f"{_value(before, before.value, before.suppression)} {in_period(before.period)}"
    )
    parts = [now if before.period == after.period else f"{now}, was {then}"]
    if after.target is not None and after.rag_method == "target":
        target = f"target {_value(after, after.target)}"
        if before.target is not None and before.target != after.target:
            target += f" (was {_value(before, before.target)})"
        parts.append(target)
    if after.comparison_period != before.comparison_period and after.comparison_period:
        parts.append(
            f"national comparison {after.comparison_period}"
            + (f" (was {before.comparison_period})" if before.comparison_period else "")
        )
    elif before.quartile != after.quartile and after.comparison_period:
        parts.append(f"national comparison {after.comparison_period}")
    return _sentence("; ".join(parts))
