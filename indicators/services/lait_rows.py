"""Reading a LAIT data file against its dictionary into figures ready to
write: every row checked (measure, year, authority, value), every error
collected with its row number, nothing written. `lait_import` writes them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db.models import F

from indicators import imports, lait, rating
from indicators.models import Area

# DfE's predecessor authorities that still carry figures in LAIT, with the
# ONS code and the day each ended (indicators/data/las.csv): an import that
# finds no area with the number creates it, terminated.
PREDECESSORS = {
    "835": ("E10000009", "Dorset (before 2019)", date(2019, 3, 31)),
    "836": ("E06000029", "Poole", date(2019, 3, 31)),
    "837": ("E06000028", "Bournemouth", date(2019, 3, 31)),
    "909": ("E10000006", "Cumbria", date(2023, 3, 31)),
    "928": ("E10000021", "Northamptonshire", date(2021, 3, 31)),
}
REVISION_NOTES = {
    lait.Marker.REVISED: "Revised release",
    lait.Marker.FINAL: "Final release",
}
# (value, symbol, revision note): a note marks a revised or final figure.
Cell = tuple[Decimal | None, str, str]


Cells = dict[tuple[int, tuple[str, str, date]], Cell]
Flush = Callable[[str, Cells, dict[tuple[str, str, date], rating.Period]], None]


@dataclass
class LaitFigures:
    """The reading's state: the measure being read and its figures by (area
    id, period key). DfE's file holds each measure's rows together, so a
    measure is handed to `flush` (written) as soon as the next begins, and
    memory holds one measure, whatever the file's size."""

    flush: Flush | None
    current: str = ""
    cells: Cells = field(default_factory=dict)
    periods: dict[tuple[str, str, date], rating.Period] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)
    superseded: int = 0  # rows a later release of the same period replaces

    def begin(self, row: lait.LaitRow, validated: imports.Validated) -> bool:
        """Start the row's measure if it is new; False (an error) for the
        first row of a measure whose rows came earlier and stopped."""
        if row.measure == self.current:
            return True
        self.finish(validated)
        self.current = row.measure
        if row.measure in self.done:  # said once, at the row its rows resume
            validated.error(
                row.number, "Short Desc", row.measure,
                "this measure's rows are not together: sort the file by Short Desc, "
                "as DfE publishes it",
            )  # fmt: skip
            return False
        return True

    def finish(self, validated: imports.Validated) -> None:
        """Hand the measure read to `flush`, unless the file has errors (then
        nothing is written, and the caller rolls back what was)."""
        if self.current:
            self.done.add(self.current)
            if self.flush is not None and not validated.errors:
                self.flush(self.current, self.cells, self.periods)
        self.cells = {}


def lait_period(year: lait.LaitYear, year_type: lait.LaitYearType) -> rating.Period:
    """The year period a LAIT year names for a measure's year type: the year
    that ends in the year a single year names (`2025` of an academic measure
    is 2024/25; of an `Annual` one, the year to 31 March 2025), a split year
    itself, and for a range the year of its type the range ends with
    (`2014-16`, calendar: 2016; `2013/14-15/16`: 2015/16), as a multi-year
    indicator's figures are held (its `span_years` says how many years)."""
    kind = year_type.year_type
    calendar = kind is rating.YearType.CALENDAR
    return rating.year_period(year.ends_in - (0 if calendar else 1), kind)


def area_finder(
    validated: imports.Validated,
) -> Callable[[lait.LaitRow], int | None]:
    """A function from a row to its area's id: authorities by LA number (the
    live area first, then a terminated one; a predecessor authority created
    terminated if missing), England and regions by their ONS code (created
    if missing). Records an error and gives None otherwise."""
    by_number: dict[str, Area] = {}
    authorities = Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY).exclude(
        la_number=""
    )
    # Terminated first and live (NULL) last, so that the live area wins.
    for area in authorities.order_by(F("terminated_on").asc(nulls_last=True)):
        by_number[area.la_number] = area
    by_code = {
        a.code: a.pk for a in Area.objects.exclude(level=Area.Level.LOCAL_AUTHORITY)
    }
    found: dict[tuple[object, str], int | None] = {}

    def find(row: lait.LaitRow) -> int | None:
        key = (row.la_number, row.area)
        if key not in found:
            found[key] = _resolve(row, by_number, by_code, validated)
        elif found[key] is None:
            validated.error(row.number, "LA Number", row.la_number, _UNKNOWN)
        return found[key]

    return find


_UNKNOWN = "no authority has this LA number"


def _resolve(
    row: lait.LaitRow,
    by_number: dict[str, Area],
    by_code: dict[str, int],
    validated: imports.Validated,
) -> int | None:
    try:
        place = lait.lait_area(row.la_number, row.area)
    except lait.LaitAreaError as exc:
        validated.error(row.number, "LA Number", row.la_number, str(exc))
        return None
    if place.kind is lait.AreaKind.LOCAL_AUTHORITY:
        if place.number in by_number:
            return by_number[place.number].pk
        if place.number in PREDECESSORS:
            code, name, ended = PREDECESSORS[place.number]
            area, _ = Area.objects.get_or_create(
                code=code,
                defaults={"name": name, "level": Area.Level.LOCAL_AUTHORITY,
                          "la_number": place.number, "terminated_on": ended},
            )  # fmt: skip
            by_number[place.number] = area
            return area.pk
        validated.error(row.number, "LA Number", row.la_number, _UNKNOWN)
        return None
    if not place.code:
        validated.error(
            row.number, "LA and Regions", row.area, "not a region LAIT names"
        )
        return None
    if place.code not in by_code:
        level = (
            Area.Level.NATIONAL
            if place.kind is lait.AreaKind.ENGLAND
            else Area.Level.REGIONAL
        )
        by_code[place.code] = Area.objects.create(
            code=place.code, name=place.name, level=level
        ).pk
    return by_code[place.code]


def measures_years(
    data: Path, measures: list[lait.LaitMeasure]
) -> dict[str, lait.MeasureYears]:
    """Each dictionary measure's `Years` texts in the data file, read with its
    year type: the first pass, before any indicator is written, as a
    measure's span of years is part of its definition."""
    by_short = {m.short: m for m in measures}
    return {
        short: lait.parse_measure_years(texts, by_short[short].year_type)
        for short, texts in lait.measure_years(data).items()
        if short in by_short
    }


def read_lait(
    data: Path,
    measures: list[lait.LaitMeasure],
    validated: imports.Validated,
    progress: Callable[[int], None] | None = None,
    flush: Flush | None = None,
    years: dict[str, lait.MeasureYears] | None = None,
) -> LaitFigures:
    """Every row of the data file checked and read into figures, each
    measure's handed to `flush` once read; errors go to `validated` with
    their row numbers (and after the first, nothing more is flushed). A row
    whose year is no year but whose cell is a symbol holds nothing and is
    skipped with a note (LAIT's one `0`, all `-`). `years` is
    `measures_years`, read here when not given."""
    by_short = {m.short: m for m in measures}
    if years is None:
        years = measures_years(data, measures)
    dropped = {short: y.superseded() for short, y in years.items()}
    result = LaitFigures(flush)
    find_area = area_finder(validated)
    skipped: dict[str, int] = {}
    for batch in lait.iter_lait_batches(data):
        for row in batch:
            _read_row(
                row, by_short, years, dropped, find_area, result, validated, skipped
            )
        validated.rows_read += len(batch)
        if progress is not None:
            progress(validated.rows_read)
    result.finish(validated)
    for reason, count in skipped.items():
        validated.notes.append(f"{count:,} rows skipped: {reason}")
    validated.skipped = sum(skipped.values())
    return result


def _read_row(
    row: lait.LaitRow,
    by_short: dict[str, lait.LaitMeasure],
    years: dict[str, lait.MeasureYears],
    dropped: dict[str, set[str]],
    find_area: Callable[[lait.LaitRow], int | None],
    result: LaitFigures,
    validated: imports.Validated,
    skipped: dict[str, int],
) -> None:
    measure = by_short.get(row.measure)
    if measure is None:
        validated.error(
            row.number,
            "Short Desc",
            row.measure,
            "this measure is not in the dictionary",
        )
        return
    if not result.begin(row, validated):
        return
    try:
        figure = lait.parse_lait_value(row.value)
    except rating.FigureError as exc:
        validated.error(row.number, "Values", row.value, str(exc))
        return
    measure_years = years[measure.short]
    if row.years in measure_years.mixed:
        validated.error(row.number, "Years", row.years, measure_years.mixed[row.years])
        return
    year = measure_years.years.get(row.years)
    if year is None:
        reason = measure_years.errors.get(row.years, "not a year")
        if figure.value is None:
            key = f"'{row.years}' is not a year and the cell holds no figure"
            skipped[key] = skipped.get(key, 0) + 1
            return
        validated.error(row.number, "Years", row.years, reason)
        return
    if row.years in dropped[measure.short]:
        result.superseded += 1
        return
    if measure.year_type is None:  # read_dictionary notes it; no period can be said
        validated.error(
            row.number, "Years", row.years, "the measure's year type is unknown"
        )
        return
    period = lait_period(year, measure.year_type)
    area = find_area(row)
    if area is not None:
        cell = (figure.value, figure.symbol, REVISION_NOTES.get(year.marker, ""))
        _keep(row, area, period, cell, result, validated)


def _keep(
    row: lait.LaitRow,
    area: int,
    period: rating.Period,
    cell: Cell,
    result: LaitFigures,
    validated: imports.Validated,
) -> None:
    """Keep a row's figure for its measure; a second, different figure for
    the same area and period is an error."""
    result.periods.setdefault(period.key, period)
    previous = result.cells.setdefault((area, period.key), cell)
    if previous[:2] != cell[:2]:
        validated.error(
            row.number, "Values", row.value,
            f"a second, different figure for {row.area} {period.label}",
        )  # fmt: skip
