"""The rules for one figure: what the counts give and whether a given value
agrees with them, its range, and what it needs before it is submitted."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from indicators import formatting, rating
from indicators.figure_rules.numbers import MAX_ABS_VALUE, stored

COUNT_UNITS = ("percent", "rate")  # units whose figure is worked out from counts
NON_NEGATIVE_UNITS = ("percent", "number", "rate", "days")


# --- One figure --------------------------------------------------------------------------

_RATE_BASE = re.compile(r"\bper\s+([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\b", re.IGNORECASE)


def multiplier(unit: str, name: str = "") -> Decimal | None:
    """What numerator / denominator is multiplied by to give the figure: 100
    for a percentage; for a rate, the base its name states ("per 10,000
    children" is 10,000); None when the counts cannot give the figure."""
    if unit == "percent":
        return Decimal(100)
    if unit == "rate" and (match := _RATE_BASE.search(name)):
        base = Decimal(match.group(1).replace(",", ""))
        return base if base > 0 else None
    return None


def takes_counts(unit: str) -> bool:
    """Whether a figure in this unit is a count over a base (so the entry page
    offers numerator and denominator boxes)."""
    return unit in COUNT_UNITS


@dataclass(frozen=True)
class FigureKind:
    """What the rules need to know of an indicator."""

    unit: str
    decimals: int = 1
    name: str = ""

    @property
    def multiplier(self) -> Decimal | None:
        return multiplier(self.unit, self.name)


@dataclass(frozen=True)
class CheckedFigure:
    """A figure after the rules: the value to store (given, or worked out from
    the counts), and every problem by column."""

    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    worked_out: bool = False
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def worked_out(numerator: Decimal, denominator: Decimal, times: Decimal) -> Decimal:
    """numerator / denominator x the multiplier, kept to six decimal places
    (7 of 9 is 77.777778%): the database keeps six, so the figure stored is
    the figure checked."""
    return stored(numerator * times / denominator)


def is_worked_out(
    kind: FigureKind,
    *,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> bool:
    """Whether a stored value is exactly what its counts give, as it is when
    it was worked out from them."""
    times = kind.multiplier
    if value is None or numerator is None or not denominator or times is None:
        return False
    return worked_out(numerator, denominator, times) == value


def agrees(value: Decimal, computed: Decimal, decimals: int) -> bool:
    """Whether a given value is the counts' figure to the indicator's decimal
    places: within half a unit of its last place (77.8 and 7 of 9 agree at
    one place; 50 and 1 of 10 do not)."""
    return abs(value - computed) <= Decimal(5).scaleb(-(decimals + 1))


def _plain(value: Decimal) -> str:
    """A number as typed: 1,614 or 0.58 (never 1.614E+3)."""
    return f"{value.normalize():,f}"


def check_figure(
    kind: FigureKind,
    *,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    symbol: str = "",
    require_value: bool = False,
) -> CheckedFigure:
    """Apply every rule for one figure. `symbol` is a suppression symbol given
    instead of a value (returns only); `require_value` is set for a figure
    being submitted or published."""
    errors: dict[str, list[str]] = {}
    computed = _from_counts(kind, numerator, denominator, errors)
    counts_given = numerator is not None and denominator is not None
    result_value, from_counts = value, False
    if value is None and not symbol:
        if computed is not None:
            result_value, from_counts = computed, True
        else:
            _missing_value(kind, counts_given, require_value, errors)
    elif value is not None and counts_given and takes_counts(kind.unit):
        _disagreement(kind, value, numerator, denominator, computed, errors)  # type: ignore[arg-type]
    if result_value is not None:
        if result_value < 0 and kind.unit in NON_NEGATIVE_UNITS:
            _error(errors, "value", "must not be negative")
        elif kind.unit == "percent" and result_value > 100:
            _error(
                errors,
                "value",
                "is over 100 for a percentage (write 15.2, not 0.152 or 1520)",
            )
        result_value = stored(result_value)
    return CheckedFigure(
        value=result_value,
        numerator=stored(numerator) if numerator is not None else None,
        denominator=stored(denominator) if denominator is not None else None,
        worked_out=from_counts,
        errors=errors,
    )


def _error(errors: dict[str, list[str]], column: str, reason: str) -> None:
    errors.setdefault(column, []).append(reason)


def _from_counts(
    kind: FigureKind,
    numerator: Decimal | None,
    denominator: Decimal | None,
    errors: dict[str, list[str]],
) -> Decimal | None:
    """The counts checked (not negative; for a percentage, the numerator
    within the denominator) and, for a percentage or a rate whose multiplier
    is known, the value they give; None when they give none."""
    for column, count in (("numerator", numerator), ("denominator", denominator)):
        if count is not None and count < 0:
            _error(errors, column, "must not be negative")
    if numerator is None or denominator is None:
        return None
    is_percent = kind.unit == "percent"
    if is_percent and numerator > denominator:
        _error(errors, "numerator", "is larger than the denominator")
    if not takes_counts(kind.unit) or errors:
        return None
    if denominator == 0:
        what = "percentage" if is_percent else "rate"
        _error(errors, "denominator", f"is zero, so no {what} can be worked out")
        return None
    if kind.multiplier is None:
        return None
    computed = worked_out(numerator, denominator, kind.multiplier)
    if abs(computed) >= MAX_ABS_VALUE:
        _error(errors, "value", "worked out from the counts is too large")
        return None
    return computed


def _missing_value(
    kind: FigureKind,
    counts_given: bool,
    require_value: bool,
    errors: dict[str, list[str]],
) -> None:
    """No value, and none worked out from the counts: say why, if one is
    needed."""
    if counts_given and not errors:
        if kind.unit == "rate":
            _error(
                errors,
                "value",
                "is required: the indicator's name does not say per how many"
                " (e.g. 'per 10,000'), so it cannot be worked out from the counts",
            )
        elif not takes_counts(kind.unit):
            _error(
                errors,
                "value",
                "is required for an indicator that is not a percentage or a rate",
            )
    elif require_value and not counts_given:
        _error(
            errors,
            "value",
            "is required (or give numerator and denominator)"
            if takes_counts(kind.unit)
            else "is required",
        )


def _disagreement(
    kind: FigureKind,
    value: Decimal,
    numerator: Decimal,
    denominator: Decimal,
    computed: Decimal | None,
    errors: dict[str, list[str]],
) -> None:
    """A value given with its counts must agree with them to the indicator's
    decimal places, or be checkable against them at all."""
    if computed is not None and not agrees(value, computed, kind.decimals):
        shown = formatting.format_value(computed, kind.unit, kind.decimals)
        hint = (
            f" (a percentage is written as {_plain(stored(value * 100))}, not {_plain(value)})"
            if kind.unit == "percent" and agrees(value * 100, computed, kind.decimals)
            else ". Correct one of them, or leave the value empty to work it out"
        )
        _error(
            errors,
            "value",
            f"does not agree with the numerator and denominator:"
            f" {_plain(numerator)} of {_plain(denominator)} is {shown}{hint}",
        )
    elif computed is None and kind.multiplier is None and not errors:
        _error(
            errors,
            "value",
            "cannot be checked against the counts: the indicator's name does not"
            " say per how many (e.g. 'per 10,000'); leave out the counts",
        )


RED_NEEDS_COMMENTARY = (
    "is required for a figure that rates red: explain it in the commentary"
)


def submission_problems(
    *, value: Decimal | None, symbol: str = "", rag: str, commentary: str
) -> dict[str, list[str]]:
    """What stops a figure being submitted (or published through a return):
    no value at all, or a red rating with no commentary. `rag` is what the
    figure would rate (`rating.Rag`)."""
    if value is None and not symbol:
        return {"value": ["is required before the figure is submitted"]}
    if rating.needs_commentary(rag=rag, commentary=commentary):
        return {"commentary": [RED_NEEDS_COMMENTARY]}
    return {}
