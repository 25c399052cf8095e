"""Indicator definitions (the contract's `code, name, theme, unit, ...`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from indicators import rating
from indicators.files import (
    FileRejected,
    read_table,
)
from indicators.imports.common import Columns, Validated, rows_with_numbers

# --- Indicator definitions ---------------------------------------------------------

INDICATOR_COLUMNS = (
    "code", "name", "theme", "unit", "polarity", "rag_method", "tolerance",
    "significance_threshold", "frequency", "decimals", "source", "description",
)  # fmt: skip
CHOICES = {
    "unit": ("percent", "number", "rate", "score", "days", "currency"),
    "polarity": ("higher", "lower", "none"),
    "rag_method": ("target", "quartile", "manual", "none"),
    "frequency": ("monthly", "quarterly", "annual"),
    "year_type": tuple(t.value for t in rating.YearType),
    "banded": ("yes", "no"),
    "measured": tuple(m.value for m in rating.Measured),
    "cumulative": ("yes", "no"),
}
# Columns a file may leave out (or leave empty), with what that means.
OPTIONAL_COLUMNS = {
    "year_type": "financial",
    "banded": "yes",
    "measured": "over",
    "span_years": "1",
    "cumulative": "no",
}
MAX_SPAN_YEARS = 10
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,60}$")


@dataclass(frozen=True)
class IndicatorRow:
    row: int
    code: str
    fields: dict[str, Any]
    theme: str


def validate_indicators(
    path: Path, progress: Callable[[int], None] | None = None
) -> Validated:
    """Indicator definitions, each row checked whole: every problem with a
    row is recorded, and a row with any is not kept."""
    result = Validated()
    header, rows = read_table(path)
    columns = Columns(header)
    columns.require(*INDICATOR_COLUMNS)
    seen: dict[str, int] = {}
    for number, row in rows_with_numbers(rows, progress):
        result.rows_read += 1
        values = {
            name: columns.get(row, name)
            for name in (*INDICATOR_COLUMNS, *OPTIONAL_COLUMNS)
        }
        errors_before = result.errors_total
        _check_code(result, number, values["code"], seen)
        _check_texts(result, number, values)
        numbers = _numbers(result, number, values)
        decimals = _whole(result, number, values, "decimals", "1", (0, 6))
        span = _whole(result, number, values, "span_years", "1", (1, MAX_SPAN_YEARS))
        if result.errors_total == errors_before:
            result.rows.append(_indicator_row(number, values, numbers, decimals, span))
    if result.rows_read == 0 and not result.errors:
        raise FileRejected("the file has a header but no rows")
    return result


def _whole(
    result: Validated,
    number: int,
    values: dict[str, str],
    name: str,
    default: str,
    bounds: tuple[int, int],
) -> int:
    """A whole number within `bounds` (empty for `default`); 0 with an
    error recorded otherwise."""
    text = values[name] or default
    if not text.isdecimal() or not bounds[0] <= int(text) <= bounds[1]:
        result.error(
            number, name, values[name],
            f"must be a whole number from {bounds[0]} to {bounds[1]}",
        )  # fmt: skip
        return 0
    return int(text)


def _check_code(
    result: Validated, number: int, code: str, seen: dict[str, int]
) -> None:
    """A code of the right shape, not given before in the file."""
    if not CODE_RE.match(code):
        result.error(
            number, "code", code,
            "must be 1 to 60 letters, digits, hyphens or underscores",
        )  # fmt: skip
    elif code in seen:
        result.error(
            number, "code", code, f"duplicate row: the same code as row {seen[code]}"
        )
    else:
        seen[code] = number


def _check_texts(result: Validated, number: int, values: dict[str, str]) -> None:
    """The name and theme given and not too long; every choice one of the
    contract's (the optional columns may be left empty)."""
    for name, longest in (("name", 300), ("theme", 200)):
        if not values[name]:
            result.error(number, name, "", "is required")
        elif len(values[name]) > longest:
            result.error(
                number, name, values[name], f"is longer than {longest} characters"
            )
    for name, allowed in CHOICES.items():
        raw = values[name].lower()
        if name in OPTIONAL_COLUMNS and raw == "":
            continue
        if raw not in allowed:
            result.error(
                number, name, values[name], f"must be one of: {', '.join(allowed)}"
            )


def _numbers(
    result: Validated, number: int, values: dict[str, str]
) -> dict[str, Decimal]:
    """The tolerance and significance threshold: numbers, not negative,
    empty for 0."""
    numbers: dict[str, Decimal] = {}
    for name in ("tolerance", "significance_threshold"):
        try:
            figure = rating.parse_figure(values[name])
        except rating.FigureError as exc:
            result.error(number, name, values[name], str(exc))
            continue
        if figure.symbol:
            result.error(
                number, name, values[name], "must be a number (or empty for 0)"
            )
        elif figure.value is not None and figure.value < 0:
            result.error(number, name, values[name], "must not be negative")
        else:
            numbers[name] = figure.value or Decimal(0)
    return numbers


def _indicator_row(
    number: int,
    values: dict[str, str],
    numbers: dict[str, Decimal],
    decimals: int,
    span_years: int,
) -> IndicatorRow:
    """A checked row as the definition to write."""
    return IndicatorRow(
        row=number,
        code=values["code"],
        theme=values["theme"],
        fields={
            "name": values["name"],
            "unit": values["unit"].lower(),
            "polarity": values["polarity"].lower(),
            "rag_method": values["rag_method"].lower(),
            "tolerance": numbers["tolerance"],
            "significance_threshold": numbers["significance_threshold"],
            "frequency": values["frequency"].lower(),
            "decimals": decimals,
            "source": values["source"],
            "description": values["description"],
            "year_type": values["year_type"].lower() or OPTIONAL_COLUMNS["year_type"],
            "banded": (values["banded"].lower() or "yes") == "yes",
            "measured": values["measured"].lower() or OPTIONAL_COLUMNS["measured"],
            "span_years": span_years,
            "cumulative": values["cumulative"].lower() == "yes",
        },
    )
