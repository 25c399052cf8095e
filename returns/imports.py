"""Reading and validating a quarterly return (the contract's
`indicator_code, period, value, ...`): every row through the figure rules
every entry path shares. Writes nothing: `returns.services` writes a return
only when it has no errors, so a file is accepted or rejected whole."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from indicators import figure_rules, rating
from indicators.files import (
    FileRejected,
    read_table,
)
from indicators.imports.common import Columns, Validated, rows_with_numbers
from indicators.text import clean_text

# --- Quarterly returns ---------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorInfo:
    """What validation needs to know about an indicator."""

    id: int
    code: str
    unit: str
    year_type: str
    decimals: int = 1
    name: str = ""

    @property
    def kind(self) -> figure_rules.FigureKind:
        return figure_rules.FigureKind(self.unit, self.decimals, self.name)


@dataclass(frozen=True)
class ReturnRow:
    row: int
    indicator: IndicatorInfo
    period: rating.Period
    value: Decimal | None
    symbol: str
    numerator: Decimal | None
    denominator: Decimal | None
    target: Decimal | None
    commentary: str
    # Optional columns: `yes` marks a figure not yet validated, or one
    # whose indicator's definition changed at this period.
    provisional: bool = False
    definition_changed: bool = False


# The contract's columns, then the optional yes/no marks a return may add.
CONTRACT_RETURN_COLUMNS = (
    "indicator_code",
    "period",
    "value",
    "numerator",
    "denominator",
    "target",
    "commentary",
)
FLAG_COLUMNS = ("provisional", "definition_changed")
RETURN_COLUMNS = CONTRACT_RETURN_COLUMNS + FLAG_COLUMNS
# The optional yes/no columns' answers (empty is no).
FLAGS = {"yes": True, "y": True, "no": False, "n": False, "": False}


def _return_number(
    result: Validated, number: int, column: str, raw: str, *, allow_symbol: bool = False
) -> tuple[Decimal | None, str, bool]:
    """(value, symbol, ok) for one numeric cell of a return: the contract's
    format only (`figure_rules.parse_number`), or (for the value) a
    suppression symbol."""
    text = raw.strip()
    if text.lower() in rating.SUPPRESSION_SYMBOLS:
        if allow_symbol:
            return None, text.lower(), True
        result.error(number, column, raw, "must be a number")
        return None, "", False
    try:
        return figure_rules.parse_number(text), "", True
    except figure_rules.NumberError as exc:
        reason = str(exc)
        if allow_symbol and reason.endswith("' is not a number"):
            reason += " or a suppression symbol"
        result.error(number, column, raw, reason)
        return None, "", False


def validate_return(
    path: Path,
    indicators: dict[str, IndicatorInfo],
    progress: Callable[[int], None] | None = None,
    *,
    window: figure_rules.EntryWindow | None = None,
) -> Validated:
    """A quarterly return's rows, each through the figure rules every entry
    path shares (`figure_rules.check_figure`), and (given the `window` of
    the user importing it) refused for a period that has not ended or, for
    an officer, has closed. Without a window the periods are not checked
    against the calendar (the file is only read)."""
    result = Validated()
    header, rows = read_table(path)
    columns = Columns(header)
    columns.require("indicator_code", "period")
    if (
        "value" not in columns.index
        and not {"numerator", "denominator"} <= columns.index.keys()
    ):
        raise FileRejected(
            "missing column: value (or both numerator and denominator)", column="value"
        )
    seen: dict[tuple[str, str], int] = {}
    for number, row in rows_with_numbers(rows, progress):
        result.rows_read += 1
        values = {name: columns.get(row, name) for name in RETURN_COLUMNS}
        errors_before = len(result.errors)
        found = _identify(result, number, values, indicators, seen)
        if found is None:
            continue
        info, period = found
        if window is not None and (closed := window.problem(period)):
            result.error(number, "period", values["period"], closed)
        figures = _figures(result, number, values, info)
        if len(values["commentary"]) > 10_000:
            result.error(
                number, "commentary", values["commentary"],
                "is longer than 10,000 characters",
            )  # fmt: skip
        provisional, definition_changed = _flags(result, number, values)
        if len(result.errors) == errors_before:
            result.rows.append(
                ReturnRow(
                    number,
                    info,
                    period,
                    *figures,
                    clean_text(values["commentary"]),
                    provisional=provisional,
                    definition_changed=definition_changed,
                )  # fmt: skip
            )
    if result.rows_read == 0 and not result.errors:
        raise FileRejected("the file has a header but no rows")
    return result


def _flags(result: Validated, number: int, values: dict[str, str]) -> tuple[bool, bool]:
    """The row's `provisional` and `definition_changed` answers: yes or no
    (or empty, no); anything else is a row error."""
    answers = []
    for column in FLAG_COLUMNS:
        raw = values[column]
        answer = FLAGS.get(raw.strip().lower())
        if answer is None:
            result.error(number, column, raw, "must be yes or no (or empty)")
        answers.append(bool(answer))
    return answers[0], answers[1]


def _identify(
    result: Validated,
    number: int,
    values: dict[str, str],
    indicators: dict[str, IndicatorInfo],
    seen: dict[tuple[str, str], int],
) -> tuple[IndicatorInfo, rating.Period] | None:
    """The row's indicator and period, read with the indicator's year type
    and not given before in the file; None (with the error) otherwise."""
    code = values["indicator_code"]
    info = indicators.get(code) or indicators.get(code.lower())
    if info is None:
        reason = "unknown indicator code" if code else "is required"
        result.error(number, "indicator_code", code, reason)
        return None
    try:
        period = rating.parse_period(values["period"], info.year_type)
    except rating.PeriodError as exc:
        result.error(number, "period", values["period"], str(exc))
        return None
    key = (info.code, period.label)
    if key in seen:
        result.error(
            number, "period", values["period"],
            f"duplicate row: {info.code} for {period.label} is also in row {seen[key]}",
        )  # fmt: skip
        return None
    seen[key] = number
    return info, period


def _figures(
    result: Validated, number: int, values: dict[str, str], info: IndicatorInfo
) -> tuple[Decimal | None, str, Decimal | None, Decimal | None, Decimal | None]:
    """(value, symbol, numerator, denominator, target): each cell read, and
    the three figures through the figure rules together once all three
    could be read (errors recorded against the row)."""
    value, symbol, value_ok = _return_number(
        result, number, "value", values["value"], allow_symbol=True
    )
    numerator, _, numerator_ok = _return_number(
        result, number, "numerator", values["numerator"]
    )
    denominator, _, denominator_ok = _return_number(
        result, number, "denominator", values["denominator"]
    )
    target, _, _ = _return_number(result, number, "target", values["target"])
    if value_ok and numerator_ok and denominator_ok:
        checked = figure_rules.check_figure(
            info.kind,
            value=value,
            numerator=numerator,
            denominator=denominator,
            symbol=symbol,
            require_value=True,
        )
        for column, reasons in checked.errors.items():
            for reason in reasons:
                result.error(number, column, values.get(column, ""), reason)
        value, numerator, denominator = (
            checked.value,
            checked.numerator,
            checked.denominator,
        )
    return value, symbol, numerator, denominator, target
