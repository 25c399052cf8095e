"""Reading DfE's Local Authority Interactive Tool (LAIT) files, as DfE publishes them.

Pure functions over the two files and their cells: nothing here touches the
database. `import_lait` (the command) stands on this module; so can a preview.

The data file (`bds_long_0.parquet`, or the same seven columns as CSV or as
the first sheet of an XLSX workbook): one row per measure, year and authority,
with the columns `Short Desc, Data item, Years, LA and Regions, Values,
LA Number, Region`. Authorities are named by name and LA number (a float in
the Parquet file: 855.0), never by ONS code; England (970), the regions and
London's groups are numbered 970 and above with `Region` holding the text `NA`.

Reading is streamed in bounded batches: Parquet row group by row group with
pyarrow, CSV line by line with the stdlib `csv` module (`imports.read_table`,
which also detects UTF-8 or Windows-1252), so memory stays flat whatever the
file's size.

Years (`parse_lait_year`), every form seen in the file:

| form | example | reading |
|---|---|---|
| single year | `2019` | the year named (for an academic, financial or reporting year, the one ending in it) |
| split year | `2019/20`, `2019-20` | the academic or financial year 2019/20 |
| range of years | `2014-16` | the calendar years 2014 to 2016 (3 years; rolling, so `2015-17` follows) |
| range of split years | `2013/14-15/16` | 2013/14 to 2015/16 (3 years) |
| marked | `2018 (Rev)`, `2020 (Final)`, `2025 (prov)`, `2016-17 (OT)` | revised, final, provisional; OT is the S251 *outturn* (actual spend, as against budget) |
| not a year | `0` | an error (one measure, CINPermExclusion, whose 170 rows for it are all `-`) |

`YYYY-YY` is both a split year (`2015-16`, academic) and a range (`2014-16`,
calendar): `dash_reading` decides per measure from the dictionary's year type
and the gaps in the measure's own years.

Values (`parse_lait_value`): numbers rounded to six places and normalised, so
that float noise goes (`37.700000000000003` is 37.7); scientific notation
(`4.7980000000000002E-2`) and negatives (Progress 8) are numbers; the only
symbol in the file is `-` (93,883 cells), kept as a symbol with no value,
never zero; the other suppression symbols DfE uses are read the same way by
`rating.parse_figure`.

Units, from the dictionary's `y_axis_name` (`unit_for_axis`): the rules, in
order, are

| axis name | unit | multiplier |
|---|---|---|
| starts with or contains `%`; `Entries`; `Absence Rate`; `Turnover rate` | percent | |
| `Rate per N ...` (N = 1000, 10,000 or 100,000) | rate | N |
| `Spend`, `Unit Cost` (pounds) | currency | |
| `Average...`, `... Score ...`, `Score` | score | |
| `Number...`, `Total cases`, `Social Workers`, `Starters FTE`, `Leavers FTE`, `Case Load` | number | |

and any other name is unknown (unit None and a note on the measure). Every
axis name in DfE's dictionary and its unit is listed in
`tests/data/lait/axis_units.csv`, which the tests hold the rules to.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from indicators import rating
from indicators.imports import FileRejected, normalise_header, read_table

if TYPE_CHECKING:  # pyarrow is imported when a Parquet file is read, not before:
    # it adds about 40 MB to a process, which a web worker need not carry.
    import pyarrow as pa
    import pyarrow.parquet as pq

# --- The data file ---------------------------------------------------------------

LAIT_COLUMNS = (
    "Short Desc",
    "Data item",
    "Years",
    "LA and Regions",
    "Values",
    "LA Number",
    "Region",
)
BATCH_SIZE = 32_768  # the row-group size DfE's Parquet file is written with
PARQUET_MAGIC = b"PAR1"


class LaitRow(NamedTuple):
    """One row of the data file, as read: text stripped, empty cells ''.

    `la_number` is as the file holds it (855.0 from Parquet, '855.0' or '855'
    from CSV): `la_number()` reads it. `number` counts the header as row 1, as
    `imports.RowError` does.
    """

    number: int
    measure: str  # Short Desc, the dictionary's Measure_short
    data_item: str
    years: str
    area: str  # LA and Regions: the authority's or aggregate's name
    value: str
    la_number: str | float | int | None
    region: str


def iter_lait_batches(
    path: Path | str, *, batch_size: int = BATCH_SIZE
) -> Iterator[list[LaitRow]]:
    """The data file's rows in lists of at most `batch_size`, whatever its
    format (Parquet, CSV, or XLSX with the same columns; told by content, not
    by name). Raises `imports.FileRejected` when a column is missing or the
    file cannot be read."""
    path = Path(path)
    with open(path, "rb") as probe:
        head = probe.read(4)
    if head == PARQUET_MAGIC:
        yield from _parquet_batches(path, batch_size)
    else:
        yield from _table_batches(path, batch_size)


def iter_lait_rows(
    path: Path | str, *, batch_size: int = BATCH_SIZE
) -> Iterator[LaitRow]:
    """Every row of the data file, one at a time (see `iter_lait_batches`)."""
    for batch in iter_lait_batches(path, batch_size=batch_size):
        yield from batch


def lait_row_count(path: Path | str) -> int | None:
    """The number of data rows, from a Parquet file's footer; None for a CSV
    or XLSX file, whose rows are known only by reading them."""
    path = Path(path)
    with open(path, "rb") as probe:
        if probe.read(4) != PARQUET_MAGIC:
            return None
    return _parquet_file(path).metadata.num_rows


def measure_years(path: Path | str) -> dict[str, set[str]]:
    """Each measure's set of `Years` texts: the first pass an import needs,
    because `YYYY-YY` is read per measure (`dash_reading`). Reads only those
    two columns of a Parquet file."""
    path = Path(path)
    years: dict[str, set[str]] = defaultdict(set)
    with open(path, "rb") as probe:
        parquet = probe.read(4) == PARQUET_MAGIC
    if parquet:
        file = _parquet_file(path)
        names = _parquet_columns(file)
        wanted = [names[normalise_header(c)] for c in ("Short Desc", "Years")]
        for batch in file.iter_batches(batch_size=BATCH_SIZE, columns=wanted):
            measures, texts = (_text_column(batch.column(i)) for i in (0, 1))
            for measure, text in set(zip(measures, texts, strict=True)):
                years[measure].add(text)
    else:
        for row in iter_lait_rows(path):
            years[row.measure].add(row.years)
    return dict(years)


def _parquet_file(path: Path) -> pq.ParquetFile:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise FileRejected(f"the Parquet file cannot be read: {exc}") from None


def _parquet_columns(file: pq.ParquetFile) -> dict[str, str]:
    names = {normalise_header(name): name for name in file.schema_arrow.names}
    _require_columns(names)
    return names


def _require_columns(names: Iterable[str]) -> None:
    present = set(names)
    missing = [c for c in LAIT_COLUMNS if normalise_header(c) not in present]
    if missing:
        raise FileRejected(
            f"this is not a LAIT data file: missing column"
            f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            column=", ".join(missing),
        )


def _text_column(column: pa.Array) -> list[str]:
    """An Arrow column as stripped Python text, nulls as ''. Done in Arrow,
    not per cell in Python: a third of the reading time otherwise."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_string(column.type) and not pa.types.is_large_string(
        column.type
    ):
        column = pc.cast(column, pa.string())
    return pc.utf8_trim_whitespace(column.fill_null("")).to_pylist()


def _parquet_batches(path: Path, batch_size: int) -> Iterator[list[LaitRow]]:
    import pyarrow as pa

    file = _parquet_file(path)
    names = _parquet_columns(file)
    columns = [names[normalise_header(c)] for c in LAIT_COLUMNS]
    la_at = LAIT_COLUMNS.index("LA Number")
    number = 2
    try:
        for batch in file.iter_batches(batch_size=batch_size, columns=columns):
            cells = [
                batch.column(i).to_pylist()
                if i == la_at
                else _text_column(batch.column(i))
                for i in range(len(LAIT_COLUMNS))
            ]
            size = batch.num_rows
            yield list(map(LaitRow, range(number, number + size), *cells))
            number += size
    except pa.ArrowException as exc:
        raise FileRejected(
            f"the Parquet file cannot be read: {exc}", row=number
        ) from None


def _table_batches(path: Path, batch_size: int) -> Iterator[list[LaitRow]]:
    header, rows = read_table(path)
    _require_columns(header)
    at = [header.index(normalise_header(c)) for c in LAIT_COLUMNS]
    width = max(at) + 1
    batch: list[LaitRow] = []
    for number, row in enumerate(rows, start=2):
        if len(row) < width:
            row = row + [""] * (width - len(row))
        batch.append(LaitRow(number, *(row[i].strip() for i in at)))
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- Years -------------------------------------------------------------------------


class LaitYearError(ValueError):
    """A `Years` text that is not a year, or that cannot be read for its measure."""


class Marker(StrEnum):
    """What a year's bracketed suffix says about its figures."""

    NONE = ""
    PROVISIONAL = "prov"  # `2025 (prov)`: first, provisional release
    REVISED = "rev"  # `2018 (Rev)`: revised release
    FINAL = "final"  # `2020 (Final)`: final release
    OUTTURN = "ot"  # `2016-17 (OT)`: S251 outturn, actual spend (not budget)

    @property
    def rank(self) -> int:
        """Which figure wins for the same period: provisional < unmarked <
        revised < final and outturn. An outturn is the authority's actual
        spend, which replaces a budget figure for the same year."""
        return _MARKER_RANK[self]


_MARKER_RANK = {
    Marker.PROVISIONAL: 0,
    Marker.NONE: 1,
    Marker.REVISED: 2,
    Marker.FINAL: 3,
    Marker.OUTTURN: 3,
}
_MARKER_WORDS = {
    "prov": Marker.PROVISIONAL,
    "provisional": Marker.PROVISIONAL,
    "rev": Marker.REVISED,
    "revised": Marker.REVISED,
    "final": Marker.FINAL,
    "ot": Marker.OUTTURN,
    "outturn": Marker.OUTTURN,
}


class YearForm(StrEnum):
    SINGLE = "single"  # 2019
    SPLIT = "split"  # 2019/20, 2019-20
    RANGE = "range"  # 2014-16: calendar years 2014 to 2016
    SPLIT_RANGE = "split range"  # 2013/14-15/16


class DashReading(StrEnum):
    """How a measure's `YYYY-YY` texts are read."""

    SPLIT = "split"  # 2015-16 is the academic or financial year 2015/16
    RANGE = "range"  # 2014-16 is the calendar years 2014 to 2016


@dataclass(frozen=True, slots=True)
class LaitYear:
    """A `Years` text, read. `first_year` and `last_year` are the years the
    first and last year of the period start in (2019 for 2019/20), so `span`
    counts years whatever the form; `split` says they are academic or
    financial years."""

    text: str
    first_year: int
    last_year: int
    split: bool
    marker: Marker = Marker.NONE

    @property
    def span(self) -> int:
        return self.last_year - self.first_year + 1

    @property
    def form(self) -> YearForm:
        if self.span == 1:
            return YearForm.SPLIT if self.split else YearForm.SINGLE
        return YearForm.SPLIT_RANGE if self.split else YearForm.RANGE

    @property
    def label(self) -> str:
        """The period as the project writes it, without the marker:
        `2019`, `2019/20`, `2014 to 2016`, `2013/14 to 2015/16`."""
        first = _split_label(self.first_year) if self.split else str(self.first_year)
        if self.span == 1:
            return first
        last = _split_label(self.last_year) if self.split else str(self.last_year)
        return f"{first} to {last}"

    @property
    def ends_in(self) -> int:
        """The calendar year the period ends in, whichever way it is written.
        A single year names the year that ends in it (LAIT's CLA rate for
        `2025` is DfE's reporting year to 31 March 2025, its second-plan count
        for the financial `2025` the year to 31 March 2025), so `2025` and
        `2024/25` both end in 2025."""
        return self.last_year + 1 if self.split else self.last_year

    @property
    def period_key(self) -> tuple[int, int, bool]:
        """Equal for two texts that name the same period (`2019 (Rev)` and
        `2019`), whatever their markers."""
        return (self.first_year, self.last_year, self.split)


def _split_label(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


_MARKED_RE = re.compile(r"^(?P<base>.*?)\s*\((?P<marker>[^()]*)\)$")
_SINGLE_RE = re.compile(r"^(\d{4})$")
_SLASH_RE = re.compile(r"^(\d{4})/(\d{2})$")
_DASH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_SPLIT_RANGE_RE = re.compile(r"^(\d{4})/(\d{2})-(\d{2})/(\d{2})$")
_YEARS = (rating.FIRST_YEAR, rating.LAST_YEAR)


def _after(first: int, two_digits: int) -> int:
    """The first year on or after `first` that ends in `two_digits`."""
    return first + (two_digits - first % 100) % 100


def _follows(first: int, second: int, text: str) -> None:
    if (first + 1) % 100 != second:
        raise LaitYearError(
            f"'{text}' is not a year: {second:02d} does not follow {first}"
        )


@lru_cache(maxsize=4096)
def parse_lait_year(text: str, dash: DashReading = DashReading.SPLIT) -> LaitYear:
    """Read a `Years` text (see the module's table). `YYYY-YY` is read as
    `dash` says: a split year (the default, and `2014-16` is then an error) or
    a range of calendar years. Raises LaitYearError with a reason."""
    cleaned = " ".join(str(text).split())
    marker = Marker.NONE
    if match := _MARKED_RE.match(cleaned):
        word = match.group("marker").strip().lower()
        if word not in _MARKER_WORDS:
            raise LaitYearError(
                f"'{text}' has a mark LAIT does not use: ({match.group('marker')})"
            )
        marker = _MARKER_WORDS[word]
        cleaned = match.group("base")
    year = _read_year(cleaned, DashReading(dash), text)
    if not _YEARS[0] <= year.first_year <= year.last_year <= _YEARS[1]:
        raise LaitYearError(
            f"'{text}' is out of range: years run from {_YEARS[0]} to {_YEARS[1]}"
        )
    return LaitYear(str(text), year.first_year, year.last_year, year.split, marker)


def _read_year(cleaned: str, dash: DashReading, text: str) -> LaitYear:
    if match := _SINGLE_RE.match(cleaned):
        year = int(match.group(1))
        return LaitYear(text, year, year, split=False)
    if match := _SLASH_RE.match(cleaned):
        first, second = int(match.group(1)), int(match.group(2))
        _follows(first, second, text)
        return LaitYear(text, first, first, split=True)
    if match := _DASH_RE.match(cleaned):
        first, second = int(match.group(1)), int(match.group(2))
        if dash is DashReading.SPLIT:
            _follows(first, second, text)
            return LaitYear(text, first, first, split=True)
        last = _after(first, second)
        if last == first:
            raise LaitYearError(f"'{text}' is not a range: it ends where it starts")
        return LaitYear(text, first, last, split=False)
    if match := _SPLIT_RANGE_RE.match(cleaned):
        first, first_end, last_short, last_end = (int(g) for g in match.groups())
        _follows(first, first_end, text)
        last = _after(first, last_short)
        _follows(last, last_end, text)
        return LaitYear(text, first, last, split=True)
    raise LaitYearError(
        f"'{text}' is not a year LAIT writes (e.g. '2019', '2019/20', '2019-20',"
        " '2014-16', '2013/14-15/16', '2020 (Final)')"
    )


def dash_reading(
    year_texts: Iterable[str], year_type: LaitYearType | str | None
) -> DashReading:
    """How one measure's `YYYY-YY` texts are read, from the dictionary's year
    type and the measure's own years.

    A measure of academic or financial years reads `2015-16` as the split
    year 2015/16, and may not have a gap of more than one (`2014-16` could be
    two or three of its years: an error). Any other measure (calendar years,
    snapshots) reads `YYYY-YY` as a range of calendar years: `2014-16`,
    `2015-17` are rolling three-year ranges. With no known year type, gaps of
    one are split years and any wider gap makes the measure's ranges.
    """
    gaps = set()
    for text in year_texts:
        base = " ".join(str(text).split())
        if match := _MARKED_RE.match(base):
            base = match.group("base")
        if match := _DASH_RE.match(base):
            first, second = int(match.group(1)), int(match.group(2))
            gaps.add(_after(first, second) - first)
    kind = _year_type_of(year_type)
    if kind is not None and kind.split:
        if wide := gaps - {0, 1}:
            gap = max(wide)
            raise LaitYearError(
                f"'YYYY-YY' with a gap of {gap} years in a measure of "
                f"{kind.name.lower()}s: it could be {gap} or {gap + 1} of its years"
            )
        return DashReading.SPLIT
    if kind is None and gaps <= {1}:
        return DashReading.SPLIT
    return DashReading.RANGE


@dataclass(frozen=True)
class MeasureYears:
    """One measure's `Years` texts, read: `years` those that are years,
    `errors` the others with the reason."""

    dash: DashReading
    years: dict[str, LaitYear]
    errors: dict[str, str]

    def superseded(self) -> set[str]:
        """The texts whose figures a later release replaces (see `superseded`)."""
        return superseded(self.years.values())


def parse_measure_years(
    year_texts: Iterable[str], year_type: LaitYearType | str | None
) -> MeasureYears:
    """Read every `Years` text of one measure (`measure_years` collects them)
    with its dictionary year type. Texts that are not years go to `errors`
    rather than failing the measure: an import skips or reports their rows."""
    texts = sorted(set(year_texts))
    years: dict[str, LaitYear] = {}
    errors: dict[str, str] = {}
    try:
        dash = dash_reading(texts, year_type)
    except LaitYearError as exc:
        dash = DashReading.SPLIT
        ambiguous = str(exc)
    else:
        ambiguous = ""
    for text in texts:
        try:
            year = parse_lait_year(text, dash)
        except LaitYearError as exc:
            errors[text] = ambiguous or str(exc)
        else:
            years[text] = year
    return MeasureYears(dash, years, errors)


def superseded(years: Iterable[LaitYear]) -> set[str]:
    """The texts, among one measure's years, that another text names the same
    period of with a later release (`2025 (prov)` when `2025 (Rev)` is there;
    `2019` when `2019 (Final)` is). Texts of equal standing are both kept, so
    that an import sees their figures clash rather than picking one."""
    best: dict[tuple[int, int, bool], int] = {}
    years = list(years)
    for year in years:
        key = year.period_key
        best[key] = max(best.get(key, -1), year.marker.rank)
    return {y.text for y in years if y.marker.rank < best[y.period_key]}


# --- Values ------------------------------------------------------------------------

VALUE_PLACES = 6  # the database keeps six decimal places
_PLACES = Decimal(1).scaleb(-VALUE_PLACES)


def parse_lait_value(text: object) -> rating.Figure:
    """A `Values` cell as a figure: `rating.parse_figure` (scientific notation,
    negatives, the suppression symbols, empty), then rounded to six places
    and normalised, so that float noise goes: `37.700000000000003` is 37.7,
    `9.3699999999999992` is 9.37, `4.7980000000000002E-2` is 0.04798. A symbol
    (`-` in LAIT) is kept with no value, never zero. Raises
    `rating.FigureError` for anything else."""
    if type(text) is str:
        return _parse_text_value(text)
    return _parse_value(text)


# The file holds about 55,000 distinct values in 641,070 cells: remembering
# the latest 65,536 readings halves the time a whole file takes.
@lru_cache(maxsize=1 << 16)
def _parse_text_value(text: str) -> rating.Figure:
    return _parse_value(text)


def _parse_value(text: object) -> rating.Figure:
    figure = rating.parse_figure(text)
    value = figure.value
    if value is None:
        return figure
    exponent = value.as_tuple().exponent  # an int: parse_figure refuses NaN
    if isinstance(exponent, int) and exponent < -VALUE_PLACES:
        value = value.quantize(_PLACES, rounding=ROUND_HALF_EVEN)
    return rating.Figure(_tidy(value))


def _tidy(value: Decimal) -> Decimal:
    """Without trailing zeros or an exponent: 37.7, 100, 0 (never 1E+2 or -0)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1)) + 0
    return value.normalize()


# --- Authorities and aggregates ----------------------------------------------------

ENGLAND_NUMBER = "970"
AGGREGATES_FROM = 970  # LA numbers from here on are England, regions and groups
REGIONS_CSV = Path(__file__).resolve().parent / "data" / "regions.csv"
ENGLAND_CODE = "E92000001"


class LaitAreaError(ValueError):
    """An `LA Number` or aggregate that cannot be read."""


class AreaKind(StrEnum):
    LOCAL_AUTHORITY = "local authority"
    ENGLAND = "england"
    REGION = "region"  # the nine English regions (London among them)
    GROUP = "group"  # other groups of authorities: Inner and Outer London


@dataclass(frozen=True, slots=True)
class LaitArea:
    number: str  # the DfE LA number: '855', '970'
    name: str
    kind: AreaKind
    code: str = ""  # ONS code of an aggregate, where it has one (E12000004)


@lru_cache(maxsize=4096, typed=True)
def la_number(value: object) -> str:
    """An `LA Number` cell as DfE's three-digit number: 855.0, '855.0' and 855
    are '855'. Raises LaitAreaError for anything that is not a whole positive
    number (empty, NaN, 855.5, text)."""
    if isinstance(value, bool) or value is None:
        raise LaitAreaError(f"'{value}' is not an LA number")
    if isinstance(value, float):
        if value != value or not value.is_integer() or value <= 0:
            raise LaitAreaError(f"'{value}' is not an LA number")
        return str(int(value))
    if isinstance(value, int):
        if value <= 0:
            raise LaitAreaError(f"'{value}' is not an LA number")
        return str(value)
    text = str(value).strip()
    if match := re.fullmatch(r"0*([1-9]\d{0,5})(?:\.0*)?", text):
        return match.group(1)
    raise LaitAreaError(f"'{text}' is not an LA number")


def _name_key(name: str) -> str:
    """'London (Inner)' and 'Inner London', 'Yorkshire and the Humber' and
    'Yorkshire and The Humber', are the same name."""
    words = re.sub(r"[^a-z0-9]+", " ", name.casefold()).split()
    return " ".join(sorted(words))


@lru_cache(maxsize=1)
def _aggregate_codes() -> dict[str, str]:
    with open(REGIONS_CSV, encoding="utf-8-sig", newline="") as handle:
        codes = {
            _name_key(r["region_name"]): r["region_code"]
            for r in csv.DictReader(handle)
        }
    codes[_name_key("England")] = ENGLAND_CODE
    return codes


@lru_cache(maxsize=4096, typed=True)
def lait_area(number: object, name: str) -> LaitArea:
    """The area a row is for: an authority below 970, else England (970), a
    region or a group, told apart by name and given its ONS code from
    `indicators/data/regions.csv` (E12 regions, E13 Inner and Outer London).
    Raises LaitAreaError for 970 under another name."""
    text = la_number(number)
    name = " ".join(str(name).split())
    if int(text) < AGGREGATES_FROM:
        return LaitArea(text, name, AreaKind.LOCAL_AUTHORITY)
    code = _aggregate_codes().get(_name_key(name), "")
    if text == ENGLAND_NUMBER or code == ENGLAND_CODE:
        if text != ENGLAND_NUMBER or code != ENGLAND_CODE:
            raise LaitAreaError(f"LA number {text} is named '{name}': 970 is England")
        return LaitArea(text, name, AreaKind.ENGLAND, code)
    kind = AreaKind.REGION if code.startswith("E12") else AreaKind.GROUP
    return LaitArea(text, name, kind, code)


# --- The data dictionary -----------------------------------------------------------


class LaitDictionaryError(ValueError):
    """A data dictionary that cannot be used (a column missing, codes clash)."""


@dataclass(frozen=True, slots=True)
class LaitYearType:
    """A dictionary `Year_Type`: the project's year type for its periods and,
    for a snapshot, the date its figures are counted at."""

    name: str
    year_type: rating.YearType
    split: bool  # whether its years are academic or financial (2019/20)
    snapshot: str = ""  # e.g. "at 30 September"; '' for a count over the year
    snapshot_month: int | None = None
    snapshot_day: int | None = None


# A single year (`2025`) names the year that ends in it, for every type: KS2
# 2025 is 2024/25, a financial-year count for 2025 the year to 31 March 2025,
# the workforce 2025 the count at 30 September 2025.
LAIT_YEAR_TYPES = {
    t.name.casefold(): t
    for t in (
        LaitYearType("Academic Year", rating.YearType.ACADEMIC, split=True),
        LaitYearType("Financial Year", rating.YearType.FINANCIAL, split=True),
        LaitYearType("Calendar Year", rating.YearType.CALENDAR, split=False),
        # CLA, CIN and CPP counts and rates at 31 March: DfE's reporting year.
        LaitYearType("Annual", rating.YearType.REPORTING, False, "at 31 March", 3, 31),
        # The social work workforce, counted at 30 September (turnover and
        # absence over the year to it); the September Guarantee likewise.
        LaitYearType(
            "Annual (end of Sept)",
            rating.YearType.CALENDAR,
            False,
            "at 30 September",
            9,
            30,
        ),
        # The school census, taken in January (its day varies year to year).
        LaitYearType(
            "Annual - January",
            rating.YearType.CALENDAR,
            False,
            "at the January school census",
            1,
            None,
        ),
    )
}


def _year_type_of(value: LaitYearType | str | None) -> LaitYearType | None:
    if value is None or isinstance(value, LaitYearType):
        return value
    return LAIT_YEAR_TYPES.get(" ".join(value.split()).casefold())


class Unit(StrEnum):
    """The project's units (`Indicator.Unit`)."""

    PERCENT = "percent"
    NUMBER = "number"
    RATE = "rate"
    SCORE = "score"
    CURRENCY = "currency"


class AxisUnit(NamedTuple):
    unit: Unit | None  # None: an axis name the rules do not know
    multiplier: int | None = None  # per 10,000 for `Rate per 10,000`


_AXIS_EXACT = {
    "entries": Unit.PERCENT,  # EBacc entries, a percentage (chart titles say %)
    "absence rate": Unit.PERCENT,  # social worker absence, % of working days
    "turnover rate": Unit.PERCENT,  # social worker turnover (%)
    "spend": Unit.CURRENCY,  # gross expenditure, pounds
    "unit cost": Unit.CURRENCY,  # weekly unit cost, pounds
    "total cases": Unit.NUMBER,
    "social workers": Unit.NUMBER,  # FTE
    "starters fte": Unit.NUMBER,
    "leavers fte": Unit.NUMBER,
    "case load": Unit.NUMBER,  # average cases per social worker
    "score": Unit.SCORE,
}
_RATE_RE = re.compile(r"^rate per ([\d,]+)\b")


def unit_for_axis(axis_name: str) -> AxisUnit:
    """The unit a measure's `y_axis_name` implies (rules in the module's
    docstring): `% of pupils` is percent, `Rate per 10,000` a rate per
    10,000, `Unit Cost` currency, `Average Score` a score."""
    name = " ".join(axis_name.split()).casefold()
    if name in _AXIS_EXACT:
        return AxisUnit(_AXIS_EXACT[name])
    if "%" in name:
        return AxisUnit(Unit.PERCENT)
    if match := _RATE_RE.match(name):
        return AxisUnit(Unit.RATE, int(match.group(1).replace(",", "")))
    if name.startswith("average") or re.search(r"\bscore\b", name):
        return AxisUnit(Unit.SCORE)
    if name.startswith("number"):
        return AxisUnit(Unit.NUMBER)
    return AxisUnit(None)


_POLARITIES = {
    "high": rating.Polarity.HIGHER,
    "low": rating.Polarity.LOWER,
    "-": rating.Polarity.NONE,
    "": rating.Polarity.NONE,
}
DEFAULT_DECIMALS = 1  # LAIT's own default for `dps` NA (global.R)
MAX_DECIMALS = 6
CODE_PREFIX = "lait-"
CODE_MAX_LENGTH = 60  # Indicator.code
# Excel's day 0, allowing for the 29 February 1900 Excel counts: right for
# every serial from 61 (1 March 1900) on, so for every update date.
EXCEL_EPOCH = date(1899, 12, 30)


def lait_code(measure_short: str) -> str:
    """A stable indicator code for a `Measure_short`: `lait-` and a slug, lower
    case, `%` as `pct`, `&` as `and`, `<` as `lt`, `>` as `gt`, `+` as `plus`,
    any other run of characters outside a-z, 0-9 and `_` (spaces, commas,
    brackets, slashes, hyphens) as one `-`: `Hosp_Adm_Alc_<18yrs` is
    `lait-hosp_adm_alc_lt-18yrs`. It depends on nothing but the text, so it is
    the same in every run; `read_dictionary` checks it is unique."""
    text = measure_short.strip().lower()
    for char, word in (
        ("%", "pct"),
        ("&", "and"),
        ("<", "lt"),
        (">", "gt"),
        ("+", "plus"),
    ):
        text = text.replace(char, f"-{word}-")
    text = re.sub(r"[^a-z0-9_]+", "-", text)
    text = re.sub(r"[-_]*-[-_]*", "-", text).strip("-_")
    if not text:
        raise LaitDictionaryError(f"'{measure_short}' gives an empty code")
    code = CODE_PREFIX + text
    if len(code) > CODE_MAX_LENGTH:
        raise LaitDictionaryError(
            f"'{measure_short}' gives a code of {len(code)} characters; "
            f"at most {CODE_MAX_LENGTH} fit"
        )
    return code


def excel_date(text: str) -> date | str | None:
    """A `Last Update` or `Next Update` cell: an Excel serial number (45809)
    or an ISO date (from a workbook) is a date; other text (`TBC`,
    `Discontinued`, `New Data`) is kept as text; `NA` or empty is None."""
    text = _cell(text)
    if not text:
        return None
    if re.fullmatch(r"\d{4,5}(\.0+)?", text):
        return EXCEL_EPOCH + timedelta(days=int(float(text)))
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?", text):
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            return text
    return text


_BREAK_RE = re.compile(r"\r*\n|\r")


def _cell(text: object) -> str:
    """A dictionary cell: stripped, `NA` as '', and its line breaks as `\\n`
    (DfE's export writes them `\\r\\r\\n`, one break, not two)."""
    value = _BREAK_RE.sub("\n", str(text or "")).strip()
    return "" if value == "NA" else value


@dataclass(frozen=True)
class LaitMeasure:
    """One measure of the data dictionary, ready to become an indicator.

    A measure listed under two topics (14 are) is one measure: `topic` is the
    first row's, `other_topics` the rest; its fields are the first row's, the
    names of fields the rows disagree on are in `conflicts`, and it is banded
    only if every row says so (two such measures disagree on `No_Quartile`).
    """

    short: str  # Measure_short: the key the data file's `Short Desc` uses
    code: str  # lait_code(short)
    name: str  # Measure
    chart_title: str
    topic: str
    other_topics: tuple[str, ...]
    measure_code: str  # Measure_code, not unique ('' for NA)
    polarity: rating.Polarity
    axis_name: str
    unit: Unit | None
    multiplier: int | None
    decimals: int
    decimals_given: bool
    year_type: LaitYearType | None
    year_type_name: str
    banded: bool
    description: str
    methodology: str
    data_owner: str
    hyperlinks: tuple[str, ...]
    table_status: str
    state_funded: bool
    last_update: date | str | None
    next_update: date | str | None
    conflicts: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        """Who publishes it and where: `DfE: https://...`."""
        links = " ".join(self.hyperlinks)
        if self.data_owner and links:
            return f"{self.data_owner}: {links}"
        return self.data_owner or links

    @property
    def discontinued(self) -> bool:
        """DfE no longer updates it (its table status or next update says so)."""
        words = f"{self.table_status} {self.next_update or ''}".casefold()
        return "discontinu" in words or "no longer published" in words


DICTIONARY_COLUMNS = (
    "measure_short",
    "topic",
    "measure",
    "polarity",
    "y_axis_name",
    "dps",
    "year_type",
    "no_quartile",
    "description",
)
_COMPARED = (
    "name",
    "chart_title",
    "measure_code",
    "polarity",
    "axis_name",
    "decimals",
    "year_type_name",
    "banded",
    "description",
    "methodology",
    "data_owner",
    "hyperlinks",
    "table_status",
    "last_update",
    "next_update",
)


def read_dictionary(path: Path | str) -> list[LaitMeasure]:
    """The data dictionary's measures, in the file's order, one per
    `Measure_short` (CSV, UTF-8 or Windows-1252, multi-line quoted cells, `NA`
    for missing; or the same columns as XLSX). Raises
    `imports.FileRejected` when a column is missing and LaitDictionaryError
    when two measures' codes clash."""
    header, rows = read_table(Path(path))
    missing = [c for c in DICTIONARY_COLUMNS if c not in header]
    if missing:
        raise FileRejected(
            f"this is not a LAIT data dictionary: missing {', '.join(missing)}",
            column=", ".join(missing),
        )
    owner = next((h for h in header if h.startswith("data owner")), None)
    grouped: dict[str, list[LaitMeasure]] = {}
    for row in rows:
        cells = dict(zip(header, row, strict=False))
        if not any(c.strip() for c in row):
            continue
        cells["data owner"] = cells.get(owner, "") if owner else ""
        measure = _measure_from_row(cells)
        grouped.setdefault(measure.short, []).append(measure)
    measures = [_merge(rows) for rows in grouped.values()]
    by_code: dict[str, list[str]] = defaultdict(list)
    for measure in measures:
        by_code[measure.code].append(measure.short)
    clashes = {code: shorts for code, shorts in by_code.items() if len(shorts) > 1}
    if clashes:
        raise LaitDictionaryError(
            "measures whose codes clash: "
            + "; ".join(f"{' and '.join(s)} ({c})" for c, s in clashes.items())
        )
    return measures


def _measure_from_row(cells: dict[str, str]) -> LaitMeasure:
    short = _cell(cells.get("measure_short"))
    if not short:
        raise LaitDictionaryError("a row has no Measure_short")
    notes: list[str] = []
    polarity_text = _cell(cells.get("polarity")).casefold()
    polarity = _POLARITIES.get(polarity_text)
    if polarity is None:
        notes.append(f"polarity '{cells.get('polarity')}' is not High, Low or -: none")
        polarity = rating.Polarity.NONE
    axis_name = _cell(cells.get("y_axis_name"))
    unit, multiplier = unit_for_axis(axis_name)
    if unit is None:
        notes.append(f"the axis name '{axis_name}' names no unit the rules know")
    dps = _cell(cells.get("dps"))
    decimals_given = (
        bool(re.fullmatch(r"\d+(\.0+)?", dps)) and float(dps) <= MAX_DECIMALS
    )
    if dps and not decimals_given:
        notes.append(f"decimal places '{dps}' is not 0 to {MAX_DECIMALS}")
    year_type_name = " ".join(_cell(cells.get("year_type")).split())
    year_type = _year_type_of(year_type_name) if year_type_name else None
    if year_type is None:
        notes.append(f"the year type '{year_type_name}' is not one LAIT uses")
    links = tuple(_cell(cells.get("hyperlink(s)")).split())
    return LaitMeasure(
        short=short,
        code=lait_code(short),
        name=_cell(cells.get("measure")),
        chart_title=_cell(cells.get("chart_title")),
        topic=_cell(cells.get("topic")),
        other_topics=(),
        measure_code=_cell(cells.get("measure_code")),
        polarity=polarity,
        axis_name=axis_name,
        unit=unit,
        multiplier=multiplier,
        decimals=int(float(dps)) if decimals_given else DEFAULT_DECIMALS,
        decimals_given=decimals_given,
        year_type=year_type,
        year_type_name=year_type_name,
        banded=_cell(cells.get("no_quartile")).upper() != "N",
        description=_cell(cells.get("description")),
        methodology=_cell(cells.get("methodology")),
        data_owner=" ".join(_cell(cells.get("data owner")).split()),
        hyperlinks=links,
        table_status=_cell(cells.get("table_status")),
        state_funded=_cell(cells.get("state_funded_flag")).casefold() == "state funded",
        last_update=excel_date(cells.get("last update", "")),
        next_update=excel_date(cells.get("next update", "")),
        notes=tuple(notes),
    )


def _merge(rows: list[LaitMeasure]) -> LaitMeasure:
    first = rows[0]
    if len(rows) == 1:
        return first
    topics = [r.topic for r in rows[1:] if r.topic != first.topic]
    conflicts = tuple(
        name
        for name in _COMPARED
        if any(getattr(r, name) != getattr(first, name) for r in rows[1:])
    )
    notes = tuple(dict.fromkeys(n for r in rows for n in r.notes))
    return replace(
        first,
        other_topics=tuple(dict.fromkeys(topics)),
        banded=all(r.banded for r in rows),
        conflicts=conflicts,
        notes=notes,
    )


@dataclass(frozen=True)
class MeasureCoverage:
    """Measures in the data file with no dictionary entry (their figures
    cannot be imported) and dictionary measures with no figures."""

    missing_from_dictionary: list[str] = field(default_factory=list)
    missing_from_data: list[str] = field(default_factory=list)


def measure_coverage(
    dictionary: Iterable[LaitMeasure], data_measures: Iterable[str]
) -> MeasureCoverage:
    """Compare the dictionary's measures with the data file's `Short Desc`
    values (the keys of `measure_years`)."""
    known = {m.short for m in dictionary}
    present = {m.strip() for m in data_measures}
    return MeasureCoverage(sorted(present - known), sorted(known - present))
