"""EES benchmark files: the rows of DfE's tidy CSV that match every filter,
for one indicator."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from indicators import rating
from indicators.files import (
    FileRejected,
    normalise_header,
    read_table,
)
from indicators.imports.benchmark_options import benchmark_filters
from indicators.imports.common import Columns, Validated, rows_with_numbers

# --- EES benchmark files -------------------------------------------------------------

AREA_CODE_RE = re.compile(r"[EWSNK][0-9]{8}")
LA_NUMBER_RE = re.compile(r"[0-9]{3}")
LEVELS = {
    "national": "national",
    "regional": "regional",
    "local authority": "local_authority",
}


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

    for number, row in rows_with_numbers(rows, progress):
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
