"""LAIT's `Years` texts, every form seen in the file (the table in
`indicators.lait`'s docstring), and how a measure's `YYYY-YY` is read."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from indicators import rating
from indicators.lait.year_types import LaitYearType, year_type_of

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
    kind = year_type_of(year_type)
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


# The most years one figure may cover (Indicator.span_years's bound).
MAX_SPAN = 10


@dataclass(frozen=True)
class MeasureYears:
    """One measure's `Years` texts, read: `years` those that are years,
    `errors` the others with the reason. `span` is how many years each of
    its figures covers (3 for RTA's `2014-16`), the indicator's span; `mixed`
    the years that cover another number, with the reason (an indicator's
    figures are said "in the three years to ..." alike, so they must all
    cover the same)."""

    dash: DashReading
    years: dict[str, LaitYear]
    errors: dict[str, str]
    span: int = 1
    mixed: dict[str, str] = field(default_factory=dict)

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
    span, mixed = measure_span(years.values())
    return MeasureYears(dash, years, errors, span, mixed)


def measure_span(years: Iterable[LaitYear]) -> tuple[int, dict[str, str]]:
    """How many years a measure's figures cover: the span most of its years
    have (the longer on a tie), and the years with another span, with the
    reason. A span over MAX_SPAN makes every year such an error."""
    years = list(years)
    counts = Counter(y.span for y in years)
    if not counts:
        return 1, {}
    span = max(counts, key=lambda s: (counts[s], s))
    if span > MAX_SPAN:
        return 1, {
            y.text: f"'{y.text}' covers {y.span} years: a figure may cover at most "
            f"{MAX_SPAN}"
            for y in years
        }
    return span, {
        y.text: f"'{y.text}' covers {_years(y.span)}, but this measure's other "
        f"years cover {_years(span)}: each of a measure's figures must cover "
        "the same number of years"
        for y in years
        if y.span != span
    }


def _years(count: int) -> str:
    return "1 year" if count == 1 else f"{count} years"


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
