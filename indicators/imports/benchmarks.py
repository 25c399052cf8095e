"""Reading and validating import files: indicator definitions, statistical
neighbours, quarterly returns and EES benchmark files.

Each `validate_*` function reads a file and returns the rows to write plus
every row error; it writes nothing. The services write only when there are no
errors, so a file is accepted or rejected whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from indicators import figure_rules, rating
from indicators.files import (
    OLE_MAGIC,
    ZIP_MAGIC,
    FileRejected,
    RowError,
    normalise_header,
    read_table,
)
from indicators.text import clean_text

MAX_ERRORS = 1000
PROGRESS_EVERY = 2000


@dataclass
class Validated:
    """The outcome of validating a file: rows ready to write, or errors."""

    rows: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)  # the first MAX_ERRORS
    rows_read: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)
    # Every error is counted, though only the first MAX_ERRORS are kept.
    errors_total: int = 0
    rows_with_errors: int = 0
    _last_error_row: int = field(default=0, repr=False)

    def error(self, row: int, column: str, value: object, reason: str) -> None:
        self.errors_total += 1
        # A row's errors are recorded while that row is read, one row at a
        # time, so a change of row number is a new row with errors.
        if row != self._last_error_row:
            self.rows_with_errors += 1
            self._last_error_row = row
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, _show(value), reason))


def _show(value: object, limit: int = 80) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Reading tables ----------------------------------------------------------------


class Columns:
    """Find columns by normalised name; report missing ones as errors."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.index: dict[str, int] = {}
        for position, name in enumerate(header):
            self.index.setdefault(name, position)

    def require(self, *names: str) -> None:
        missing = [name for name in names if name not in self.index]
        if missing:
            raise FileRejected(
                f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}",
                column=", ".join(missing),
            )

    def first_present(self, *names: str) -> str | None:
        return next((n for n in names if n in self.index), None)

    def get(self, row: list[str], name: str) -> str:
        position = self.index.get(name)
        if position is None or position >= len(row):
            return ""
        return row[position].strip()


def _rows_with_numbers(
    rows: Iterator[list[str]], progress: Callable[[int], None] | None
) -> Iterator[tuple[int, list[str]]]:
    """Data rows numbered as a spreadsheet shows them (header = row 1),
    skipping wholly blank lines."""
    for count, row in enumerate(rows, start=2):
        if progress and count % PROGRESS_EVERY == 0:
            progress(count - 1)
        if not "".join(row).strip():
            continue
        yield count, row


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
    "year_type": ("financial", "academic", "calendar", "reporting"),
    "banded": ("yes", "no"),
}
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
    result = Validated()
    header, rows = read_table(path)
    columns = Columns(header)
    columns.require(*INDICATOR_COLUMNS)
    seen: dict[str, int] = {}
    for number, row in _rows_with_numbers(rows, progress):
        result.rows_read += 1
        values = {
            name: columns.get(row, name)
            for name in (*INDICATOR_COLUMNS, "year_type", "banded")
        }
        errors_before = result.errors_total
        code = values["code"]
        if not CODE_RE.match(code):
            result.error(
                number,
                "code",
                code,
                "must be 1 to 60 letters, digits, hyphens or underscores",
            )
        elif code in seen:
            result.error(
                number,
                "code",
                code,
                f"duplicate row: the same code as row {seen[code]}",
            )
        else:
            seen[code] = number
        for name, longest in (("name", 300), ("theme", 200)):
            if not values[name]:
                result.error(number, name, "", "is required")
            elif len(values[name]) > longest:
                result.error(
                    number, name, values[name], f"is longer than {longest} characters"
                )
        for name, allowed in CHOICES.items():
            raw = values[name].lower()
            if name in ("year_type", "banded") and raw == "":
                continue
            if raw not in allowed:
                result.error(
                    number, name, values[name], f"must be one of: {', '.join(allowed)}"
                )
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
        decimals = values["decimals"] or "1"
        if not decimals.isdecimal() or int(decimals) > 6:
            result.error(
                number,
                "decimals",
                values["decimals"],
                "must be a whole number from 0 to 6",
            )
        if result.errors_total > errors_before:
            continue
        result.rows.append(
            IndicatorRow(
                row=number,
                code=code,
                theme=values["theme"],
                fields={
                    "name": values["name"],
                    "unit": values["unit"].lower(),
                    "polarity": values["polarity"].lower(),
                    "rag_method": values["rag_method"].lower(),
                    "tolerance": numbers["tolerance"],
                    "significance_threshold": numbers["significance_threshold"],
                    "frequency": values["frequency"].lower(),
                    "decimals": int(decimals),
                    "source": values["source"],
                    "description": values["description"],
                    "year_type": values["year_type"].lower() or "financial",
                    "banded": (values["banded"].lower() or "yes") == "yes",
                },
            )
        )
    if result.rows_read == 0 and not result.errors:
        raise FileRejected("the file has a header but no rows")
    return result


# --- Statistical neighbours ------------------------------------------------------------


@dataclass(frozen=True)
class NeighbourRow:
    row: int
    area_code: str
    neighbour_code: str
    rank: int
    closeness: str = ""


def validate_neighbours(
    path: Path,
    resolve: Callable[[str], str | None],
    progress: Callable[[int], None] | None = None,
) -> Validated:
    """Either DfE's wide layout (old_la_code, SN_1, SN_1P, ... SN_10, SN_10P) or
    the long one (la_code, neighbour_code, rank). `resolve` turns an ONS code or
    LA number into a live area's ONS code, or None when unknown."""
    result = Validated()
    header, rows = read_table(path)
    columns = Columns(header)
    wide = "sn_1" in columns.index
    if wide:
        columns.require("old_la_code")
        ranks = [r for r in range(1, 21) if f"sn_{r}" in columns.index]
    else:
        columns.require("la_code", "neighbour_code", "rank")
    seen_pairs: dict[tuple[str, str], int] = {}
    seen_ranks: dict[tuple[str, int], int] = {}

    def add(
        number: int,
        area_raw: str,
        area_column: str,
        neighbour_raw: str,
        column: str,
        rank: int,
        closeness: str,
    ) -> None:
        area = resolve(area_raw)
        if area is None:
            result.error(
                number, area_column, area_raw, "unknown authority code or LA number"
            )
            return
        neighbour = resolve(neighbour_raw)
        if neighbour is None:
            result.error(
                number, column, neighbour_raw, "unknown authority code or LA number"
            )
            return
        if neighbour == area:
            result.error(
                number,
                column,
                neighbour_raw,
                "an authority cannot be its own neighbour",
            )
            return
        if (area, neighbour) in seen_pairs:
            result.error(
                number,
                column,
                neighbour_raw,
                f"duplicate neighbour: already given in row {seen_pairs[area, neighbour]}",
            )
            return
        if len(closeness.strip()) > 40:
            result.error(
                number,
                f"{column}P",
                closeness,
                "is longer than 40 characters",
            )
            return
        if (area, rank) in seen_ranks:
            result.error(
                number,
                column,
                str(rank),
                f"duplicate rank {rank}: already given in row {seen_ranks[area, rank]}",
            )
            return
        seen_pairs[area, neighbour] = seen_ranks[area, rank] = number
        result.rows.append(
            NeighbourRow(number, area, neighbour, rank, closeness.strip())
        )

    for number, row in _rows_with_numbers(rows, progress):
        result.rows_read += 1
        if wide:
            area_raw = columns.get(row, "old_la_code")
            for r in ranks:
                neighbour_raw = columns.get(row, f"sn_{r}")
                if neighbour_raw == "":
                    continue
                add(
                    number,
                    area_raw,
                    "old_la_code",
                    neighbour_raw,
                    f"SN_{r}",
                    r,
                    columns.get(row, f"sn_{r}p"),
                )
        else:
            rank_raw = columns.get(row, "rank")
            if not rank_raw.isdecimal() or not 1 <= int(rank_raw) <= 50:
                result.error(
                    number,
                    "rank",
                    rank_raw,
                    "must be a whole number from 1 (closest) to 50",
                )
                continue
            add(
                number,
                columns.get(row, "la_code"),
                "la_code",
                columns.get(row, "neighbour_code"),
                "neighbour_code",
                int(rank_raw),
                "",
            )
    if result.rows_read == 0 and not result.errors:
        raise FileRejected("the file has a header but no rows")
    return result


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


RETURN_COLUMNS = (
    "indicator_code",
    "period",
    "value",
    "numerator",
    "denominator",
    "target",
    "commentary",
)


def _number(
    result: Validated, number: int, column: str, raw: str, *, allow_symbol: bool = False
) -> tuple[Decimal | None, str, bool]:
    """(value, symbol, ok) for one numeric cell of a national file, recording
    an error if bad (lenient, as DfE's files need: see `rating.parse_figure`)."""
    try:
        figure = rating.parse_figure(raw)
    except rating.FigureError as exc:
        result.error(number, column, raw, str(exc))
        return None, "", False
    if figure.symbol and not allow_symbol:
        result.error(number, column, raw, "must be a number")
        return None, "", False
    return figure.value, figure.symbol, True


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
    for number, row in _rows_with_numbers(rows, progress):
        result.rows_read += 1
        values = {name: columns.get(row, name) for name in RETURN_COLUMNS}
        errors_before = len(result.errors)
        code = values["indicator_code"]
        info = indicators.get(code) or indicators.get(code.lower())
        if info is None:
            result.error(
                number,
                "indicator_code",
                code,
                "unknown indicator code" if code else "is required",
            )
            continue
        try:
            period = rating.parse_period(values["period"], info.year_type)
        except rating.PeriodError as exc:
            result.error(number, "period", values["period"], str(exc))
            continue
        key = (info.code, period.label)
        if key in seen:
            result.error(
                number,
                "period",
                values["period"],
                f"duplicate row: {info.code} for {period.label} is also in row {seen[key]}",
            )
            continue
        seen[key] = number
        if window is not None and (closed := window.problem(period)):
            result.error(number, "period", values["period"], closed)
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
        if len(values["commentary"]) > 10_000:
            result.error(
                number,
                "commentary",
                values["commentary"],
                "is longer than 10,000 characters",
            )
        if len(result.errors) > errors_before:
            continue
        result.rows.append(
            ReturnRow(
                number,
                info,
                period,
                value,
                symbol,
                numerator,
                denominator,
                target,
                clean_text(values["commentary"]),
            )
        )
    if result.rows_read == 0 and not result.errors:
        raise FileRejected("the file has a header but no rows")
    return result


# --- EES benchmark files -------------------------------------------------------------

AREA_CODE_RE = re.compile(r"[EWSNK][0-9]{8}")
LA_NUMBER_RE = re.compile(r"[0-9]{3}")
LEVELS = {
    "national": "national",
    "regional": "regional",
    "local authority": "local_authority",
}


# The columns every EES file has: never a figure, never a filter.
EES_STANDARD_COLUMNS = frozenset({
    "time_period", "time_identifier", "geographic_level", "geographical_level",
    "country_code", "country_name", "region_code", "region_name",
    "old_la_code", "new_la_code", "la_name", "la_code",
})  # fmt: skip


class OptionsError(FileRejected):
    """An import's options cannot be used. Raised when the job is created
    (so nothing is queued), and by a job stored before that check."""


def benchmark_filters(filters: object) -> dict[str, str]:
    """The one shape of a benchmark import's filters, whichever path made
    them (the upload's step two, `--filter COLUMN=VALUE`, the demo): a
    mapping of column name to the value a row must hold, such as
    {"move_measure": "Any moves"}. Names are matched as headers are
    (case and surrounding spaces ignored), so one column filtered twice is
    refused rather than one of its values silently winning."""
    if filters is None:
        return {}
    if not isinstance(filters, Mapping):
        raise OptionsError(
            "the filters must map each column to the value to keep, "
            "such as {'breakdown': 'Total'}",
            column="filters",
        )
    kept: dict[str, str] = {}
    for column, value in filters.items():
        if not isinstance(column, str) or not isinstance(value, str):
            raise OptionsError(
                f"the filter {column!r}: {value!r} must be a column name and a value, both text",
                column="filters",
            )
        key = normalise_header(column)
        if not key:
            raise OptionsError("a filter has no column name", column="filters")
        if key in kept:
            raise OptionsError(f"the column {key} is filtered twice", column=key)
        kept[key] = value.strip()
    return kept


def benchmark_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """A benchmark import's options, checked and in their one shape. The
    service that creates an import job calls this for every path, so a bad
    shape is refused before anything is queued; the job calls it again to
    read them."""
    options = options or {}
    if not isinstance(options, Mapping):
        raise OptionsError("the import's options are not readable")
    kept: dict[str, Any] = {}
    for key in ("indicator", "value_column", "numerator_column", "denominator_column"):
        value = options.get(key) or ""
        if not isinstance(value, str):
            raise OptionsError(f"{key.replace('_', ' ')} must be text", column=key)
        kept[key] = value.strip()
    if not kept["indicator"]:
        raise OptionsError(
            "choose the indicator these figures are for", column="--indicator"
        )
    if not kept["value_column"]:
        raise OptionsError(
            "choose the column holding the figure", column="--value-column"
        )
    kept["filters"] = benchmark_filters(options.get("filters"))
    return kept


@dataclass(frozen=True, slots=True)
class BenchmarkRow:
    row: int
    level: str
    code: str
    la_number: str
    name: str
    region_code: str
    region_name: str
    period: rating.Period
    value: Decimal | None
    symbol: str
    numerator: Decimal | None
    denominator: Decimal | None


def validate_benchmarks(
    path: Path,
    *,
    year_type: str,
    value_column: str,
    filters: Mapping[str, str],
    numerator_column: str = "",
    denominator_column: str = "",
    progress: Callable[[int], None] | None = None,
) -> Validated:
    """The rows of an EES tidy CSV that match every filter, for one indicator.

    Columns are found by name in any order (the file may start with a BOM);
    suppression symbols are kept as symbols, never zero; levels other than
    national, regional and local authority are skipped and counted.
    """
    result = Validated()
    header, rows = read_table(path)
    columns = Columns(header)
    level_column = columns.first_present("geographic_level", "geographical_level")
    if level_column is None:
        raise FileRejected(
            "missing column: geographic_level", column="geographic_level"
        )
    value_key = normalise_header(value_column)
    filter_keys = benchmark_filters(filters)
    numerator_key = normalise_header(numerator_column)
    denominator_key = normalise_header(denominator_column)
    columns.require("time_period", "country_code", value_key, *filter_keys)
    for key in (numerator_key, denominator_key):
        if key:
            columns.require(key)
    # National files run to millions of rows: the loop reads cells by
    # position, and remembers the periods and codes it has already checked.
    width = len(header)
    at = {
        name: columns.index.get(name)
        for name in (
            "time_period", "country_code", "country_name", "region_code",
            "region_name", "new_la_code", "la_name", "old_la_code",
        )
    }  # fmt: skip
    filter_at = [(columns.index[key], wanted) for key, wanted in filter_keys.items()]
    level_at = columns.index[level_column]
    value_at = columns.index[value_key]
    count_at = [(key, columns.index[key] if key else None) for key in (numerator_key, denominator_key)]  # fmt: skip
    code_column = {"national": "country_code", "regional": "region_code", "local_authority": "new_la_code"}  # fmt: skip
    name_at = {"national": (at["country_code"], at["country_name"]), "regional": (at["region_code"], at["region_name"]), "local_authority": (at["new_la_code"], at["la_name"])}  # fmt: skip
    good_codes: set[str] = set()
    periods: dict[str, rating.Period] = {}
    seen: dict[tuple[str, str], int] = {}

    def cell(row: list[str], position: int | None) -> str:
        return "" if position is None else row[position].strip()

    for number, row in _rows_with_numbers(rows, progress):
        result.rows_read += 1
        if len(row) < width:
            row = row + [""] * (width - len(row))
        if any(row[position].strip() != wanted for position, wanted in filter_at):
            result.skipped += 1
            continue
        level = LEVELS.get(row[level_at].strip().lower())
        if level is None:
            result.skipped += 1
            continue
        code_at, label_at = name_at[level]
        code, name = cell(row, code_at), cell(row, label_at)
        if level == "national":
            name = name or "England"
        if level == "local_authority" and "/" in code:
            # Authorities that report jointly (e.g. "E06000061 / E06000062") are
            # not one authority: they take no part in ranks or cut-points.
            result.skipped += 1
            result.notes.append(f"row {number}: skipped the joint return of {name}")
            continue
        if code not in good_codes:
            if not AREA_CODE_RE.fullmatch(code):
                result.error(
                    number,
                    code_column[level],
                    code,
                    "is not an ONS area code (e.g. E10000018)",
                )
                continue
            good_codes.add(code)
        # The names and the region of an authority become areas: check them
        # here so that writing them cannot fail.
        region_code = cell(row, at["region_code"])
        region_name = cell(row, at["region_name"])
        if level == "local_authority" and region_code and region_code not in good_codes:
            if not AREA_CODE_RE.fullmatch(region_code):
                result.error(
                    number,
                    "region_code",
                    region_code,
                    "is not an ONS area code (e.g. E12000004)",
                )
                continue
            good_codes.add(region_code)
        long_names = [
            (column, text)
            for column, text in (
                ("country_name", cell(row, at["country_name"])),
                ("region_name", region_name),
                ("la_name", cell(row, at["la_name"])),
            )
            if len(text) > 200
        ]
        if long_names:
            for column, text in long_names:
                result.error(number, column, text, "is longer than 200 characters")
            continue
        time_period = cell(row, at["time_period"])
        period = periods.get(time_period)
        if period is None:
            try:
                period = rating.parse_ees_time_period(time_period, year_type)
            except rating.PeriodError as exc:
                result.error(number, "time_period", time_period, str(exc))
                continue
            periods[time_period] = period
        key = (code, period.label)
        if key in seen:
            result.error(
                number, "time_period", period.label,
                f"duplicate row: {name or code} for {period.label} is also in row {seen[key]}; add a --filter to choose one",
            )  # fmt: skip
            continue
        seen[key] = number
        value, symbol, ok = _number(
            result, number, value_column, row[value_at].strip(), allow_symbol=True
        )
        counts: list[Decimal | None] = []
        for key_name, position in count_at:
            count = None
            if position is not None:
                # A suppressed count is simply not available; it is never zero.
                raw = row[position].strip()
                count, _, good = _number(
                    result, number, key_name, raw, allow_symbol=True
                )
                ok = ok and good
                if count is not None and count < 0:
                    result.error(number, key_name, raw, "must not be negative")
                    ok = False
            counts.append(count)
        if not ok:
            continue
        la_number = cell(row, at["old_la_code"]) if level == "local_authority" else ""
        result.rows.append(
            BenchmarkRow(
                number,
                level,
                code,
                la_number if LA_NUMBER_RE.fullmatch(la_number) else "",
                name,
                region_code,
                region_name,
                period,
                value,
                symbol,
                counts[0],
                counts[1],
            )  # fmt: skip
        )
    if result.rows_read == 0 and not result.errors:
        raise FileRejected("the file has a header but no rows")
    if not result.rows and not result.errors:
        raise FileRejected(
            "no row matches the indicator's filters", column=", ".join(filter_keys)
        )
    return result


# --- What step two of a benchmark upload offers ---------------------------------------

FILTER_MAX_VALUES = 60  # a column with more values is not offered as a filter
FILTER_MAX_VALUE_CHARS = 200  # nor one with a longer value: it is not a category
FILTER_MAX_OPTIONS = 2000  # the filters offered hold at most this many values
COLUMN_NAME_MAX_CHARS = 200
ANALYSE_MAX_ROWS = 200_000


@dataclass(frozen=True)
class BenchmarkChoices:
    """The choices step two of a benchmark upload offers, from the file's
    own columns and values: the columns that may hold the figure, and the
    columns that can narrow the rows, each with its values."""

    measures: list[str]
    filters: dict[str, list[str]]
    columns: int
    rows_read: int
    complete: bool  # False when the file is longer than ANALYSE_MAX_ROWS
    # Columns that could narrow the rows but are past FILTER_MAX_OPTIONS.
    filters_left_out: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "measures": self.measures,
            "filters": self.filters,
            "columns": self.columns,
            "rows_read": self.rows_read,
            "complete": self.complete,
            "filters_left_out": self.filters_left_out,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BenchmarkChoices:
        return cls(
            measures=list(data["measures"]),
            filters={k: list(v) for k, v in data["filters"].items()},
            columns=int(data["columns"]),
            rows_read=int(data["rows_read"]),
            complete=bool(data["complete"]),
            filters_left_out=list(data.get("filters_left_out", [])),
        )


def benchmark_choices(path: Path) -> BenchmarkChoices:
    """Read an uploaded EES file once, within bounds, for step two: at most
    MAX_COLUMNS columns (a wider file is refused with the reason), names of
    at most COLUMN_NAME_MAX_CHARS, the first ANALYSE_MAX_ROWS rows, and per
    column at most FILTER_MAX_VALUES values of at most
    FILTER_MAX_VALUE_CHARS each, and FILTER_MAX_OPTIONS values offered in
    all (columns past that are named, not offered). What it returns is
    bounded by those
    numbers whatever the file, so the page built from it is too."""
    with open(path, "rb") as probe:
        if probe.read(8).startswith((ZIP_MAGIC, OLE_MAGIC)):
            raise FileRejected(
                "national benchmark data must be an EES CSV file, not a workbook"
            )
    header, rows = read_table(path)
    columns = Columns(header)
    if columns.first_present("geographic_level", "geographical_level") is None:
        raise FileRejected(
            "missing column: geographic_level (is this an EES open-data CSV file?)",
            column="geographic_level",
        )
    columns.require("time_period")
    for name in header:
        if len(name) > COLUMN_NAME_MAX_CHARS:
            raise FileRejected(
                f"a column's name is longer than {COLUMN_NAME_MAX_CHARS} characters "
                f"('{_show(name, 40)}'): is the first line the header?"
            )
    candidates = [
        position
        for position, name in enumerate(header)
        if name
        and name not in EES_STANDARD_COLUMNS
        and columns.index[name] == position  # a repeated name: its first only
    ]
    values: dict[int, set[str]] = {position: set() for position in candidates}
    width = len(header)
    rows_read, complete = 0, True
    for row in rows:
        if rows_read >= ANALYSE_MAX_ROWS:
            complete = False
            break
        rows_read += 1
        if not values:
            continue
        for position in list(values):
            if position >= len(row) or position >= width:
                continue
            cell = row[position].strip()
            bucket = values[position]
            if cell in bucket or not cell:
                continue
            if len(bucket) >= FILTER_MAX_VALUES or len(cell) > FILTER_MAX_VALUE_CHARS:
                del values[position]
            else:
                bucket.add(cell)
    if rows_read == 0:
        raise FileRejected("the file has a header but no rows")
    filters: dict[str, list[str]] = {}
    left_out: list[str] = []
    offered = 0
    for position, bucket in values.items():
        if len(bucket) < 2:
            continue
        if offered + len(bucket) > FILTER_MAX_OPTIONS:
            left_out.append(header[position])
            continue
        offered += len(bucket)
        filters[header[position]] = sorted(bucket)
    return BenchmarkChoices(
        measures=[header[position] for position in candidates],
        filters=filters,
        columns=width,
        rows_read=rows_read,
        complete=complete,
        filters_left_out=left_out,
    )
