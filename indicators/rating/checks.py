"""The checks on a figure before it is published: small numbers, a red
needing commentary, an unusual change, a value outside every national
figure."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum

from indicators.rating.enums import Rag

# --- Small numbers -----------------------------------------------------------------

SMALL_DENOMINATOR = 30
SMALL_NUMERATOR_CHANGE = 2


class SmallNumberRule(StrEnum):
    """Which small-numbers rule fired, so that a page can say why."""

    SMALL_BASE = "small base"  # the denominator is below 30
    SMALL_CHANGE = "small change"  # the count moved by 2 or fewer


def small_number_rules(
    *,
    denominator: Decimal | None,
    numerator: Decimal | None = None,
    previous_numerator: Decimal | None = None,
) -> tuple[SmallNumberRule, ...]:
    """Every small-numbers rule the figure meets, in the order of DESIGN.md:
    a denominator below 30; a change of 2 or fewer in the count since the
    previous figure. Empty when neither applies."""
    fired: list[SmallNumberRule] = []
    if denominator is not None and denominator < SMALL_DENOMINATOR:
        fired.append(SmallNumberRule.SMALL_BASE)
    if (
        numerator is not None
        and previous_numerator is not None
        and abs(numerator - previous_numerator) <= SMALL_NUMERATOR_CHANGE
    ):
        fired.append(SmallNumberRule.SMALL_CHANGE)
    return tuple(fired)


def is_small_number(
    *,
    denominator: Decimal | None,
    numerator: Decimal | None = None,
    previous_numerator: Decimal | None = None,
) -> bool:
    """A denominator below 30, or a rate change that is 2 or fewer people."""
    return bool(
        small_number_rules(
            denominator=denominator,
            numerator=numerator,
            previous_numerator=previous_numerator,
        )
    )


# --- Commentary ----------------------------------------------------------------------


def needs_commentary(*, rag: Rag | str | None, commentary: str | None) -> bool:
    """A red figure needs the service's commentary ("a narrative around those
    areas RAG rated as RED"). The one rule behind submission, publishing, the
    publishing queue's flag and the report's check before it is finalised."""
    return rag == Rag.RED and not (commentary or "").strip()


# --- Checks before publishing ---------------------------------------------------------

UNUSUAL_CHANGE_FACTOR = 3  # a change over three times the usual one is flagged


def unusual_change(
    value: Decimal | None, history: Sequence[Decimal | None]
) -> tuple[Decimal, Decimal] | None:
    """(change, usual change) when the change from the latest earlier figure
    is more than three times the median of the earlier period-to-period
    changes; None otherwise. `history`: earlier figures, oldest first."""
    known = [v for v in history if v is not None]
    if value is None or len(known) < 2:
        return None
    steps = sorted(abs(b - a) for a, b in zip(known, known[1:], strict=False))
    usual = steps[len(steps) // 2]
    change = abs(value - known[-1])
    if usual > 0 and change > UNUSUAL_CHANGE_FACTOR * usual:
        return change, usual
    return None


def outside_range(
    value: Decimal | None, low: Decimal | None, high: Decimal | None
) -> bool:
    """Whether a value lies outside every national figure seen so far."""
    if value is None or low is None or high is None:
        return False
    return not low <= value <= high
