"""The rating rules of DESIGN.md, implemented once, as pure functions.

Nothing here touches the database: every function takes plain values (Decimals,
dates, strings) and returns plain values, so the rules can be tested with
tables and reused by imports, the recompute service, previews and reports.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class Polarity(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"


class Direction(StrEnum):
    IMPROVED = "improved"
    NO_CHANGE = "no significant change"
    DECLINED = "declined"
    NA = "n/a"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NA = "n/a"


# Orders by meaning, for every list that sorts by them: the worst first and
# "not rated" or "not applicable" last (alphabetical order put amber before
# red and "n/a" among the ratings). Quartiles sort by number, 1 being the
# best, and a figure with no quartile comes after the fourth.
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NA)
DIRECTION_ORDER = (
    Direction.DECLINED,
    Direction.NO_CHANGE,
    Direction.IMPROVED,
    Direction.NA,
)
NO_QUARTILE_ORDER = 5


class RagMethod(StrEnum):
    TARGET = "target"
    QUARTILE = "quartile"
    MANUAL = "manual"
    NONE = "none"


class YearType(StrEnum):
    FINANCIAL = "financial"
    ACADEMIC = "academic"
    CALENDAR = "calendar"
    REPORTING = "reporting"


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class PeriodError(ValueError):
    """A period label that cannot be read."""


# --- Periods ---------------------------------------------------------------

# First month of the year for each year type. A reporting year (DfE children's
# social care) is the year to 31 March, labelled by the calendar year it ends in.
_YEAR_START_MONTH = {
    YearType.FINANCIAL: 4,
    YearType.ACADEMIC: 9,
    YearType.CALENDAR: 1,
    YearType.REPORTING: 4,
}


@dataclass(frozen=True, order=True)
class Period:
    """A span of time a figure describes. Ordered by end date, then start."""

    end: date
    start: date
    kind: PeriodKind
    year_type: YearType
    label: str

    @property
    def key(self) -> tuple[str, str, date]:
        return (self.kind.value, self.year_type.value, self.start)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _span(start_year: int, start_month: int, months: int) -> tuple[date, date]:
    end_year, end_month = _add_months(start_year, start_month, months - 1)
    if not (date.min.year <= start_year and end_year <= date.max.year):
        raise PeriodError(f"the year {start_year} is out of range")
    return date(start_year, start_month, 1), _month_end(end_year, end_month)


def _split_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def year_period(start_year: int, year_type: YearType) -> Period:
    """The year of `year_type` that starts in `start_year`."""
    year_type = YearType(year_type)
    start, end = _span(start_year, _YEAR_START_MONTH[year_type], 12)
    if year_type in (YearType.FINANCIAL, YearType.ACADEMIC):
        label = _split_year_label(start_year)
    elif year_type is YearType.REPORTING:
        label = str(end.year)
    else:
        label = str(start_year)
    return Period(end, start, PeriodKind.YEAR, year_type, label)


def quarter_period(start_year: int, quarter: int) -> Period:
    """Financial-year quarter: Q1 Apr-Jun ... Q4 Jan-Mar of `start_year`/+1."""
    if quarter not in (1, 2, 3, 4):
        raise PeriodError(f"quarter must be 1 to 4, not {quarter}")
    year, month = _add_months(start_year, 4, 3 * (quarter - 1))
    start, end = _span(year, month, 3)
    label = f"{_split_year_label(start_year)} Q{quarter}"
    return Period(end, start, PeriodKind.QUARTER, YearType.FINANCIAL, label)


def month_period(year: int, month: int) -> Period:
    if not 1 <= month <= 12:
        raise PeriodError(f"month must be 1 to 12, not {month}")
    start, end = _span(year, month, 1)
    return Period(
        end, start, PeriodKind.MONTH, YearType.CALENDAR, f"{year}-{month:02d}"
    )


_QUARTER_RE = re.compile(r"^(\d{4})\s*/\s*(\d{2})\s*Q([1-4])$", re.IGNORECASE)
_SPLIT_YEAR_RE = re.compile(r"^(\d{4})\s*/\s*(\d{2})$")
_YEAR_RE = re.compile(r"^(\d{4})$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_EES_SPLIT_RE = re.compile(r"^(\d{4})(\d{2})$")


def _check_split(first: int, second: int, text: str) -> None:
    if (first + 1) % 100 != second:
        raise PeriodError(
            f"'{text}' is not a year: {second:02d} does not follow {first}"
        )


FIRST_YEAR, LAST_YEAR = 1900, 2999  # the years a period label may start in


def _check_year_range(text: str) -> None:
    """Refuse '0000/01 Q1' or '9999/00 Q4': a date cannot hold the year, or the
    year before it that direction of travel compares with."""
    if (match := re.match(r"^(\d{4})", text)) and not (
        FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR
    ):
        raise PeriodError(
            f"'{text}' is out of range: years run from {FIRST_YEAR} to {LAST_YEAR}"
        )


def parse_period(text: str, year_type: YearType | str) -> Period:
    """Read a period label as the contract writes it.

    `2019/20 Q3` is a financial-year quarter; `2019/20` a financial or academic
    year and `2019` a calendar or reporting year, as `year_type` says;
    `2019-12` a month. Raises PeriodError with a reason otherwise.
    """
    year_type = YearType(year_type)
    cleaned = " ".join(str(text).split())
    _check_year_range(cleaned)
    if match := _QUARTER_RE.match(cleaned):
        first, second, quarter = (int(g) for g in match.groups())
        _check_split(first, second, cleaned)
        return quarter_period(first, quarter)
    if match := _MONTH_RE.match(cleaned):
        return month_period(int(match.group(1)), int(match.group(2)))
    if match := _SPLIT_YEAR_RE.match(cleaned):
        first, second = int(match.group(1)), int(match.group(2))
        _check_split(first, second, cleaned)
        if year_type not in (YearType.FINANCIAL, YearType.ACADEMIC):
            raise PeriodError(
                f"'{cleaned}' is a split year, but this indicator uses {year_type} years"
                f" (write e.g. '{first + 1 if year_type is YearType.REPORTING else first}')"
            )
        return year_period(first, year_type)
    if match := _YEAR_RE.match(cleaned):
        year = int(match.group(1))
        if year_type is YearType.CALENDAR:
            return year_period(year, year_type)
        if year_type is YearType.REPORTING:
            return year_period(year - 1, year_type)
        raise PeriodError(
            f"'{cleaned}' is a single year, but this indicator uses {year_type} years"
            f" (write e.g. '{_split_year_label(year)}')"
        )
    raise PeriodError(
        f"'{text}' is not a period: use e.g. '2019/20 Q3', '2019/20', '2019' or '2019-12'"
    )


def parse_ees_time_period(time_period: str, year_type: YearType | str) -> Period:
    """Read an EES `time_period` with the indicator's year type.

    `201920` is the split year 2019/20; `2025` is a single year, which for a
    reporting year means the year to 31 March 2025.
    """
    year_type = YearType(year_type)
    cleaned = str(time_period).strip()
    _check_year_range(cleaned)
    if match := _EES_SPLIT_RE.match(cleaned):
        first, second = int(match.group(1)), int(match.group(2))
        _check_split(first, second, cleaned)
        if year_type is YearType.REPORTING:
            # DfE sometimes labels a year to 31 March as 202425: it ends in 2025.
            return year_period(first, year_type)
        if year_type is YearType.CALENDAR:
            raise PeriodError(
                f"'{cleaned}' is a split year, but this indicator uses calendar years"
            )
        return year_period(first, year_type)
    if _YEAR_RE.match(cleaned):
        if year_type in (YearType.CALENDAR, YearType.REPORTING):
            return parse_period(cleaned, year_type)
        raise PeriodError(
            f"'{cleaned}' is a single year, but this indicator uses {year_type} years"
        )
    raise PeriodError(
        f"'{time_period}' is not an EES time period (e.g. '201920' or '2025')"
    )


def previous_period(period: Period) -> Period:
    """The period of the same kind immediately before `period`."""
    if period.kind is PeriodKind.MONTH:
        year, month = _add_months(period.start.year, period.start.month, -1)
        return month_period(year, month)
    if period.kind is PeriodKind.QUARTER:
        quarter = int(period.label[-1])
        start_year = int(period.label[:4])
        if quarter == 1:
            return quarter_period(start_year - 1, 4)
        return quarter_period(start_year, quarter - 1)
    return year_period(period.start.year - 1, period.year_type)


def comparison_period(figure_end: date, candidates: Iterable[Period]) -> Period | None:
    """The latest candidate period that ends on or before the figure's own end.

    National data is mostly annual and the committee's figures quarterly: a
    figure is compared "by available comparisons".
    """
    eligible = [p for p in candidates if p.end <= figure_end]
    return max(eligible, default=None)


# --- Figures and suppression -------------------------------------------------

SUPPRESSION_SYMBOLS = ("c", "x", "z", "low", "k", "u", ":", "..", "-")


@dataclass(frozen=True, slots=True)
class Figure:
    """A published figure: a value, or a suppression symbol ('' when neither)."""

    value: Decimal | None
    symbol: str = ""

    @property
    def available(self) -> bool:
        return self.value is not None


class FigureError(ValueError):
    """Text that is neither a number nor a known suppression symbol."""


_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# Most cells of a national file: at most 12 digits before the point, so below
# MAX_ABS_VALUE, with nothing to clean. Read at once (a fifth of an import's
# validation went on the general path).
_PLAIN_RE = re.compile(r"-?\d{1,12}(?:\.\d+)?")
MAX_ABS_VALUE = Decimal("1e12")


def parse_figure(text: object) -> Figure:
    """Read a cell as a figure.

    Empty is not available (no symbol); a suppression symbol is kept as its
    symbol, never as zero; thousands separators and a trailing percent sign are
    tolerated. NaN, infinities and anything else raise FigureError.
    """
    if type(text) is str and _PLAIN_RE.fullmatch(text):
        value = Decimal(text)
        return Figure(value.normalize() if value == value.to_integral() else value)
    if text is None:
        return Figure(None)
    if isinstance(text, bool):
        raise FigureError("is not a number")
    if isinstance(text, int | Decimal):
        return _checked(Decimal(text))
    if isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            raise FigureError("is not a finite number")
        return _checked(Decimal(repr(text)))
    cleaned = str(text).strip().replace("\ufeff", "")
    if cleaned == "":
        return Figure(None)
    if cleaned.lower() in SUPPRESSION_SYMBOLS:
        return Figure(None, cleaned.lower())
    cleaned = cleaned.removesuffix("%").strip()
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER_RE.match(cleaned):
        raise FigureError(
            f"'{_shorten(str(text))}' is not a number or a suppression symbol"
        )
    try:
        return _checked(Decimal(cleaned))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only decimals
        raise FigureError(f"'{_shorten(str(text))}' is not a number") from exc


def _checked(value: Decimal) -> Figure:
    if not value.is_finite():
        raise FigureError("is not a finite number")
    if abs(value) >= MAX_ABS_VALUE:
        raise FigureError("is too large (1,000,000,000,000 or more)")
    return Figure(value.normalize() if value == value.to_integral() else value)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def percentage(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator x 100, or None for a zero denominator."""
    if denominator == 0:
        return None
    return numerator * 100 / denominator


# --- Direction of travel -----------------------------------------------------


def direction(
    current: Decimal | None,
    previous: Decimal | None,
    polarity: Polarity | str,
    threshold: Decimal = Decimal(0),
) -> Direction:
    """Improved or declined when the change beats the threshold in the good or
    bad direction; no significant change otherwise; n/a without polarity or a
    previous value."""
    polarity = Polarity(polarity)
    if polarity is Polarity.NONE or current is None or previous is None:
        return Direction.NA
    change = current - previous
    if abs(change) <= threshold:
        return Direction.NO_CHANGE
    better = change > 0 if polarity is Polarity.HIGHER else change < 0
    return Direction.IMPROVED if better else Direction.DECLINED


# --- RAG -----------------------------------------------------------------------


def rag_by_target(
    value: Decimal | None,
    target: Decimal | None,
    polarity: Polarity | str,
    tolerance: Decimal = Decimal(0),
) -> Rag:
    """Green when the value meets or beats the target; amber when it misses by
    no more than the tolerance (0 means no amber); red otherwise."""
    polarity = Polarity(polarity)
    if polarity is Polarity.NONE or value is None or target is None:
        return Rag.NA
    shortfall = target - value if polarity is Polarity.HIGHER else value - target
    if shortfall <= 0:
        return Rag.GREEN
    if tolerance > 0 and shortfall <= tolerance:
        return Rag.AMBER
    return Rag.RED


def rag_by_quartile(quartile: int | None) -> Rag:
    """Green in the top quartile, red in the bottom, amber between."""
    if quartile is None:
        return Rag.NA
    if quartile == 1:
        return Rag.GREEN
    if quartile == 4:
        return Rag.RED
    return Rag.AMBER


def rag(
    *,
    method: RagMethod | str,
    polarity: Polarity | str,
    value: Decimal | None,
    target: Decimal | None = None,
    tolerance: Decimal = Decimal(0),
    quartile: int | None = None,
    manual: Rag | str | None = None,
) -> Rag:
    """The indicator's RAG by its method. Polarity none or method none: n/a."""
    method, polarity = RagMethod(method), Polarity(polarity)
    if polarity is Polarity.NONE or method is RagMethod.NONE:
        return Rag.NA
    if method is RagMethod.TARGET:
        return rag_by_target(value, target, polarity, tolerance)
    if method is RagMethod.QUARTILE:
        return rag_by_quartile(quartile if value is not None else None)
    return Rag(manual) if manual else Rag.NA


# --- National quartile, rank, neighbours -----------------------------------------


def quantile(sorted_values: Sequence[Decimal], p: Decimal) -> Decimal:
    """Linear-interpolation quantile (Excel QUARTILE.INC, R type 7)."""
    if not sorted_values:
        raise ValueError("no values")
    h = (len(sorted_values) - 1) * p
    lower = int(h)
    fraction = h - lower
    if lower + 1 >= len(sorted_values):
        return sorted_values[-1]
    low, high = sorted_values[lower], sorted_values[lower + 1]
    return low + fraction * (high - low)


@dataclass(frozen=True)
class CutPoints:
    q25: Decimal
    q50: Decimal
    q75: Decimal
    count: int


def cut_points(values: Iterable[Decimal | None]) -> CutPoints | None:
    """Q25, Q50 and Q75 of the available values (suppressed ones take no part)."""
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return None
    return CutPoints(
        quantile(ordered, Decimal("0.25")),
        quantile(ordered, Decimal("0.5")),
        quantile(ordered, Decimal("0.75")),
        len(ordered),
    )


def quartile(
    value: Decimal | None, cuts: CutPoints | None, polarity: Polarity | str
) -> int | None:
    """DfE LAIT's banding: 1 is the best 25%.

    Lower is better: v <= Q25 -> 1, v <= Q50 -> 2, v <= Q75 -> 3, else 4.
    Higher is better: v > Q75 -> 1, v > Q50 -> 2, v > Q25 -> 3, else 4.
    """
    polarity = Polarity(polarity)
    if value is None or cuts is None or polarity is Polarity.NONE:
        return None
    if polarity is Polarity.LOWER:
        if value <= cuts.q25:
            return 1
        if value <= cuts.q50:
            return 2
        if value <= cuts.q75:
            return 3
        return 4
    if value > cuts.q75:
        return 1
    if value > cuts.q50:
        return 2
    if value > cuts.q25:
        return 3
    return 4


def rank(
    value: Decimal | None, others: Iterable[Decimal | None], polarity: Polarity | str
) -> int | None:
    """1 + the number of other values strictly better than `value`.

    `others` should be the whole population excluding the home value itself
    (including it is harmless: it is never strictly better than itself).
    """
    polarity = Polarity(polarity)
    if value is None or polarity is Polarity.NONE:
        return None
    if polarity is Polarity.HIGHER:
        return 1 + sum(1 for v in others if v is not None and v > value)
    return 1 + sum(1 for v in others if v is not None and v < value)


def neighbour_mean(values: Iterable[Decimal | None]) -> tuple[Decimal | None, int]:
    """Mean of the neighbours' available values, and how many contributed."""
    available = [v for v in values if v is not None]
    if not available:
        return None, 0
    return sum(available, Decimal(0)) / len(available), len(available)


# --- Small numbers -----------------------------------------------------------------

SMALL_DENOMINATOR = 30
SMALL_NUMERATOR_CHANGE = 2


class SmallNumberRule(StrEnum):
    """Which small-numbers rule fired, so that a page can say why."""

    SMALL_BASE = "small base"  # the denominator is below 30
    SMALL_CHANGE = "small change"  # the count moved by 2 or fewer


def small_number_rules(
    *,
    denominator: Decimal | None,
    numerator: Decimal | None = None,
    previous_numerator: Decimal | None = None,
) -> tuple[SmallNumberRule, ...]:
    """Every small-numbers rule the figure meets, in the order of DESIGN.md:
    a denominator below 30; a change of 2 or fewer in the count since the
    previous figure. Empty when neither applies."""
    fired: list[SmallNumberRule] = []
    if denominator is not None and denominator < SMALL_DENOMINATOR:
        fired.append(SmallNumberRule.SMALL_BASE)
    if (
        numerator is not None
        and previous_numerator is not None
        and abs(numerator - previous_numerator) <= SMALL_NUMERATOR_CHANGE
    ):
        fired.append(SmallNumberRule.SMALL_CHANGE)
    return tuple(fired)


def is_small_number(
    *,
    denominator: Decimal | None,
    numerator: Decimal | None = None,
    previous_numerator: Decimal | None = None,
) -> bool:
    """A denominator below 30, or a rate change that is 2 or fewer people."""
    return bool(
        small_number_rules(
            denominator=denominator,
            numerator=numerator,
            previous_numerator=previous_numerator,
        )
    )


# --- Commentary ----------------------------------------------------------------------


def needs_commentary(*, rag: Rag | str | None, commentary: str | None) -> bool:
    """A red figure needs the service's commentary ("a narrative around those
    areas RAG rated as RED"). The one rule behind submission, publishing, the
    publishing queue's flag and the report's check before it is finalised."""
    return rag == Rag.RED and not (commentary or "").strip()


# --- Checks before publishing ---------------------------------------------------------

UNUSUAL_CHANGE_FACTOR = 3  # a change over three times the usual one is flagged


def unusual_change(
    value: Decimal | None, history: Sequence[Decimal | None]
) -> tuple[Decimal, Decimal] | None:
    """(change, usual change) when the change from the latest earlier figure
    is more than three times the median of the earlier period-to-period
    changes; None otherwise. `history`: earlier figures, oldest first."""
    known = [v for v in history if v is not None]
    if value is None or len(known) < 2:
        return None
    steps = sorted(abs(b - a) for a, b in zip(known, known[1:], strict=False))
    usual = steps[len(steps) // 2]
    change = abs(value - known[-1])
    if usual > 0 and change > UNUSUAL_CHANGE_FACTOR * usual:
        return change, usual
    return None


def outside_range(
    value: Decimal | None, low: Decimal | None, high: Decimal | None
) -> bool:
    """Whether a value lies outside every national figure seen so far."""
    if value is None or low is None or high is None:
        return False
    return not low <= value <= high


# --- Targets -------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetInForce:
    """The target that applies to a period, and the period it was set for."""

    value: Decimal
    set_for: Period

    def is_own(self, period: Period) -> bool:
        return self.set_for.key == period.key


def target_in_force(
    period: Period, targets: Iterable[tuple[Period, Decimal]]
) -> TargetInForce | None:
    """A target holds until it is replaced. For `period`, in this order:

    1. the target set for the period itself;
    2. the target of a year that contains it (a quarter takes its year's);
    3. the latest target set for an earlier period of the same kind, or for
       an earlier year (latest by end, then start: when a year and its last
       quarter end together, the quarter's, the more specific, wins).

    None when no target applies (nothing set before the period began)."""
    year = PeriodKind.YEAR
    containing: list[tuple[Period, Decimal]] = []
    earlier: list[tuple[Period, Decimal]] = []
    for set_for, value in targets:
        if set_for.key == period.key:
            return TargetInForce(value, set_for)
        if (
            set_for.kind is year
            and period.kind is not year
            and set_for.start <= period.start
            and period.end <= set_for.end
        ):
            containing.append((set_for, value))
        elif set_for.end < period.start and set_for.kind in (period.kind, year):
            earlier.append((set_for, value))
    found = max(
        containing or earlier, key=lambda t: (t[0].end, t[0].start), default=None
    )
    return TargetInForce(found[1], found[0]) if found else None
