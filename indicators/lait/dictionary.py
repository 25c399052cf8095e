"""LAIT's data dictionary (`lait_data_dictionary.csv`): one definition per
measure, and how much of the data file each covers."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from indicators import rating
from indicators.files import FileRejected, read_table
from indicators.lait.units import Unit, unit_for_axis
from indicators.lait.year_types import LaitYearType, year_type_of

# --- The data dictionary -----------------------------------------------------------


class LaitDictionaryError(ValueError):
    """A data dictionary that cannot be used (a column missing, codes clash)."""


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
    year_type = year_type_of(year_type_name) if year_type_name else None
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
