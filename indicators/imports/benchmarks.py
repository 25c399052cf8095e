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
# One LA number, or a joint return's ("940 / 941").
LA_NUMBER_RE = re.compile(r"[0-9]{3}(?: / [0-9]{3})*")
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
    # The joint return this figure came from (its name), for each member
    # council of one (`imports.assign_areas`); '' for an authority's own.
    joint: str = ""


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
    reader = _EesReader(
        header,
        result,
        year_type=year_type,
        value_column=value_column,
        filters=benchmark_filters(filters),
        count_columns=(numerator_column, denominator_column),
    )
    for number, row in rows_with_numbers(rows, progress):
        result.rows_read += 1
        reader.read(number, row)
    if result.rows_read == 0 and not result.errors:
        raise FileRejected("the file has a header but no rows")
    if not result.rows and not result.errors:
        raise FileRejected(
            "no row matches the indicator's filters", column=", ".join(reader.filters)
        )
    return result


# Where each level's area is named: its code column and its name column.
CODE_COLUMN = {
    "national": "country_code",
    "regional": "region_code",
    "local_authority": "new_la_code",
}
NAME_COLUMN = {
    "national": "country_name",
    "regional": "region_name",
    "local_authority": "la_name",
}
PLACE_COLUMNS = (
    "time_period", "country_code", "country_name", "region_code",
    "region_name", "new_la_code", "la_name", "old_la_code",
)  # fmt: skip


class _EesReader:
    """One EES file's rows, read against its header. National files run to
    millions of rows: cells are read by position, found once from the
    header, and the periods and codes already checked are remembered."""

    def __init__(
        self,
        header: list[str],
        result: Validated,
        *,
        year_type: str,
        value_column: str,
        filters: dict[str, str],
        count_columns: tuple[str, str],
    ) -> None:
        columns = Columns(header)
        level_column = columns.first_present("geographic_level", "geographical_level")
        if level_column is None:
            raise FileRejected(
                "missing column: geographic_level", column="geographic_level"
            )
        value_key = normalise_header(value_column)
        count_keys = [normalise_header(name) for name in count_columns]
        columns.require("time_period", "country_code", value_key, *filters)
        for key in count_keys:
            if key:
                columns.require(key)
        self.result, self.year_type, self.filters = result, year_type, filters
        self.value_column, self.width = value_column, len(header)
        self.at = {name: columns.index.get(name) for name in PLACE_COLUMNS}
        self.filter_at = [(columns.index[key], wanted) for key, wanted in filters.items()]  # fmt: skip
        self.level_at = columns.index[level_column]
        self.value_at = columns.index[value_key]
        self.count_at = [(key, columns.index[key] if key else None) for key in count_keys]  # fmt: skip
        self.good_codes: set[str] = set()
        self.periods: dict[str, rating.Period] = {}
        self.seen: dict[tuple[str, str], int] = {}

    def cell(self, row: list[str], name: str) -> str:
        position = self.at[name]
        return "" if position is None else row[position].strip()

    def read(self, number: int, row: list[str]) -> None:
        """Check one data row; keep it, skip it, or record its errors."""
        if len(row) < self.width:
            row = row + [""] * (self.width - len(row))
        if any(row[position].strip() != wanted for position, wanted in self.filter_at):
            self.result.skipped += 1
            return
        level = LEVELS.get(row[self.level_at].strip().lower())
        if level is None:
            self.result.skipped += 1
            return
        place = self.place(number, row, level)
        if place is None:
            return
        code, name, region_code, region_name = place
        period = self.period(number, row)
        if period is None:
            return
        key = (code, period.label)
        if key in self.seen:
            self.result.error(
                number, "time_period", period.label,
                f"duplicate row: {name or code} for {period.label} is also in row {self.seen[key]}; add a --filter to choose one",
            )  # fmt: skip
            return
        self.seen[key] = number
        figures = self.figures(number, row)
        if figures is None:
            return
        la_number = self.cell(row, "old_la_code") if level == "local_authority" else ""
        la_number = " / ".join(part.strip() for part in la_number.split("/"))
        self.result.rows.append(
            BenchmarkRow(
                number,
                level,
                code,
                la_number if LA_NUMBER_RE.fullmatch(la_number) else "",
                name,
                region_code,
                region_name,
                period,
                *figures,
            )  # fmt: skip
        )

    def place(
        self, number: int, row: list[str], level: str
    ) -> tuple[str, str, str, str] | None:
        """The row's area (code, name) and region (code, name), checked so
        that writing them as areas cannot fail; None when the row is skipped
        or in error."""
        code = self.cell(row, CODE_COLUMN[level])
        name = self.cell(row, NAME_COLUMN[level])
        if level == "national":
            name = name or "England"
        # A joint return ("E06000061 / E06000062") is checked member by
        # member; each member council gets its figure (`imports.assign_areas`).
        members = [part.strip() for part in code.split("/")]
        if level != "local_authority" and len(members) > 1:
            members = [code]
        if not all(
            self.good_code(number, member, CODE_COLUMN[level], "E10000018")
            for member in members
        ):
            return None
        code = " / ".join(members)
        region_code = self.cell(row, "region_code")
        region_name = self.cell(row, "region_name")
        if (
            level == "local_authority"
            and region_code
            and not self.good_code(number, region_code, "region_code", "E12000004")
        ):
            return None
        long_names = [
            (column, text)
            for column, text in (
                ("country_name", self.cell(row, "country_name")),
                ("region_name", region_name),
                ("la_name", self.cell(row, "la_name")),
            )
            if len(text) > 200
        ]
        for column, text in long_names:
            self.result.error(number, column, text, "is longer than 200 characters")
        return None if long_names else (code, name, region_code, region_name)

    def good_code(self, number: int, code: str, column: str, example: str) -> bool:
        """Whether `code` is an ONS area code (an error if not)."""
        if code in self.good_codes:
            return True
        if not AREA_CODE_RE.fullmatch(code):
            self.result.error(
                number, column, code, f"is not an ONS area code (e.g. {example})"
            )
            return False
        self.good_codes.add(code)
        return True

    def period(self, number: int, row: list[str]) -> rating.Period | None:
        """The row's period, read with the indicator's year type."""
        time_period = self.cell(row, "time_period")
        period = self.periods.get(time_period)
        if period is None:
            try:
                period = rating.parse_ees_time_period(time_period, self.year_type)
            except rating.PeriodError as exc:
                self.result.error(number, "time_period", time_period, str(exc))
                return None
            self.periods[time_period] = period
        return period

    def figures(
        self, number: int, row: list[str]
    ) -> tuple[Decimal | None, str, Decimal | None, Decimal | None] | None:
        """(value, symbol, numerator, denominator), or None with errors."""
        value, symbol, ok = _number(
            self.result, number, self.value_column, row[self.value_at].strip(),
            allow_symbol=True,
        )  # fmt: skip
        counts: list[Decimal | None] = []
        for key_name, position in self.count_at:
            count = None
            if position is not None:
                # A suppressed count is simply not available; it is never zero.
                raw = row[position].strip()
                count, _, good = _number(
                    self.result, number, key_name, raw, allow_symbol=True
                )
                ok = ok and good
                if count is not None and count < 0:
                    self.result.error(number, key_name, raw, "must not be negative")
                    ok = False
            counts.append(count)
        return (value, symbol, counts[0], counts[1]) if ok else None


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
