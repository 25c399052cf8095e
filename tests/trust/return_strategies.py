"""Strategies for quarterly return files, and what the return parser must make
of them (CONTRACT.md), worked out without running the parser."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import strategies as st

from indicators import rating
from indicators.text import clean_text
from returns import imports as return_imports
from tests.trust.parser_strategies import (
    CSV_FIELD_LIMIT,
    Cell,
    Expectation,
    Layout,
    bad_numbers,
    blank,
    figure_cells,
    header_spelling,
    layouts,
    numbers,
    random_text,
    symbols,
)

# --- Quarterly returns ---------------------------------------------------------------------

INDICATORS = {
    "pct": return_imports.IndicatorInfo(1, "pct", "percent", "financial"),
    "num": return_imports.IndicatorInfo(2, "num", "number", "financial"),
    "score": return_imports.IndicatorInfo(3, "score", "score", "calendar"),
}
LOOKUP = {**INDICATORS, **{code.lower(): info for code, info in INDICATORS.items()}}
BAD_PERIODS = [
    "2024/26 Q1", "2024/25 Q5", "2024/25 Q0", "Q1 2024/25", "1899/00 Q1",
    "3000/01 Q1", "2024-13", "2024-00", "2024-1", "FY24", "2024/25 Q１",
    "=2024", "'2024/25 Q1", "2024/25 Q1 Q2", "",
]  # fmt: skip


@dataclass(frozen=True)
class ReturnRow:
    code: Cell
    period: Cell
    value: Cell
    numerator: Cell
    denominator: Cell
    target: Cell
    commentary: Cell


def codes() -> st.SearchStrategy[Cell]:
    known = st.sampled_from(sorted(INDICATORS)).flatmap(
        lambda code: st.sampled_from([code, code.upper(), f" {code} "]).map(
            lambda text: Cell(text, "value", symbol=code)
        )
    )
    unknown = st.sampled_from(["nope", "pct2", "=pct", "'pct", "pct;num"]).map(
        lambda text: Cell(text, "bad")
    )
    return st.one_of(known, unknown, random_text(12))


def periods() -> st.SearchStrategy[Cell]:
    quarters = st.tuples(st.integers(1990, 2040), st.integers(1, 4)).flatmap(
        lambda yq: st.sampled_from(
            [
                f"{yq[0]}/{(yq[0] + 1) % 100:02d} Q{yq[1]}",
                f"{yq[0]} / {(yq[0] + 1) % 100:02d}  q{yq[1]}",
                f"{yq[0]}-{yq[1] * 3:02d}",  # a month
            ]
        )
    )
    valid = quarters.map(lambda text: Cell(text, "value"))
    # Years: financial indicators write 2024/25, calendar ones 2024.
    years = st.integers(1990, 2040).flatmap(
        lambda y: st.sampled_from(
            [Cell(f"{y}/{(y + 1) % 100:02d}", "split"), Cell(str(y), "single")]
        )
    )
    bad = st.sampled_from(BAD_PERIODS).map(lambda text: Cell(text, "bad"))
    return st.one_of(valid, years, bad, random_text(14))


def good_commentaries() -> st.SearchStrategy[Cell]:
    return st.one_of(
        random_text(200).map(lambda c: Cell(c.text, "value")),
        st.sampled_from(
            [
                "Fewer repeat plans; 28 children, up from 23",
                '=HYPERLINK("http://evil.example","click")',
                'line one\r\nline two, with a comma and "quotes"',
                "x" * 10_000,
            ]
        ).map(lambda c: Cell(c, "value")),
    )


def commentaries() -> st.SearchStrategy[Cell]:
    return st.one_of(
        good_commentaries(),
        st.just(Cell("y" * 10_001, "bad")),
        st.just(Cell("z" * (CSV_FIELD_LIMIT + 10), "too long for a CSV field")),
    )


def counts() -> st.SearchStrategy[tuple[Cell, Cell]]:
    whole = st.integers(0, 5000)
    return st.one_of(
        st.just((Cell("", "empty"), Cell("", "empty"))),
        st.tuples(whole, whole).map(
            lambda nd: (
                Cell(str(nd[0]), "value", Decimal(nd[0])),
                Cell(str(nd[1]), "value", Decimal(nd[1])),
            )
        ),
        st.tuples(figure_cells(strict=True), figure_cells(strict=True)),
    )


adversarial_return_rows = st.builds(
    lambda code, period, value, nd, target, commentary: ReturnRow(
        code, period, value, nd[0], nd[1], target, commentary
    ),
    codes(),
    periods(),
    figure_cells(strict=True),
    st.one_of(st.just((Cell("", "empty"), Cell("", "empty"))), counts()),
    st.one_of(blank(), figure_cells(strict=True)),
    commentaries(),
)
RETURN_COLUMNS = list(return_imports.CONTRACT_RETURN_COLUMNS)
RANGES = {
    "percent": (Decimal(0), Decimal(100)),
    "number": (Decimal(0), Decimal("999999999999.999999")),
    "score": (Decimal("-999999999999.999999"), Decimal("999999999999.999999")),
}


def valid_periods() -> st.SearchStrategy[Cell]:
    return st.tuples(st.integers(1990, 2040), st.integers(1, 4)).flatmap(
        lambda yq: st.sampled_from(
            [
                f"{yq[0]}/{(yq[0] + 1) % 100:02d} Q{yq[1]}",
                f"{yq[0]} / {(yq[0] + 1) % 100:02d}  q{yq[1]}",
                f"{yq[0]}-{yq[1] * 3:02d}",
            ]
        ).map(lambda text: Cell(text, "value"))
    )


@st.composite
def good_return_rows(draw: st.DrawFn) -> ReturnRow:
    """A row the contract accepts, spelt in any of the ways people write it."""
    code = draw(st.sampled_from(sorted(INDICATORS)))
    info = INDICATORS[code]
    spelt = draw(st.sampled_from([code, code.upper(), f" {code} "]))
    empty = Cell("", "empty")
    modes = ["value", "value", "symbol"] + (
        ["counts"] if info.unit == "percent" else []
    )
    mode = draw(st.sampled_from(modes))
    numerator = denominator = empty
    if mode == "value":
        value = draw(numbers(*RANGES[info.unit], contract=True))
    elif mode == "symbol":
        value = draw(symbols())
    else:
        whole = draw(st.integers(1, 100_000))
        part = draw(st.integers(0, whole))
        value = empty
        numerator = Cell(str(part), "value", Decimal(part))
        denominator = Cell(str(whole), "value", Decimal(whole))
    return ReturnRow(
        Cell(spelt, "value", symbol=code),
        draw(valid_periods()),
        value,
        numerator,
        denominator,
        draw(st.one_of(blank(), numbers(contract=True))),
        draw(good_commentaries()),
    )


@st.composite
def one_bad_return_rows(draw: st.DrawFn) -> ReturnRow:
    """A good row with exactly one cell spoilt: that cell alone must refuse it."""
    row = draw(good_return_rows())
    name = draw(st.sampled_from(["value", "target", "period", "code"]))
    spoilt = {
        "value": bad_numbers(),
        "target": st.one_of(bad_numbers(), symbols()),
        "period": st.sampled_from(BAD_PERIODS).map(lambda t: Cell(t, "bad")),
        "code": st.sampled_from(["nope", "=pct", "'pct", "pct%"]).map(
            lambda t: Cell(t, "bad")
        ),
    }[name]
    return dataclasses.replace(row, **{name: draw(spoilt)})


def expect_return(rows: list[ReturnRow], today: date | None = None) -> Expectation:
    """What validate_return must make of these rows, from the rules in
    CONTRACT.md, written out independently of the parser. Given `today`, a
    period that has not ended is refused (as an import job refuses it)."""
    expected = Expectation(rows=len(rows))
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(rows, start=2):
        cells = [
            row.code, row.period, row.value, row.numerator, row.denominator,
            row.target, row.commentary,
        ]  # fmt: skip
        if all(not c.text.strip() for c in cells):
            expected.skip.add(number)
            continue
        unknown = any(c.kind == "unknown" for c in cells)
        if row.code.kind != "value":
            if row.code.kind == "bad" or not row.code.text.strip():
                expected.refuse.add(number)
            continue
        info = INDICATORS[row.code.symbol]
        period_kind = row.period.kind
        if period_kind == "split":
            period_kind = "value" if info.year_type == "financial" else "bad"
        elif period_kind == "single":
            period_kind = "value" if info.year_type == "calendar" else "bad"
        if period_kind in ("bad", "empty"):
            expected.refuse.add(number)
            continue
        if period_kind != "value":
            continue  # random text: who knows
        spec = rating.parse_period(row.period.text, info.year_type)
        label = spec.label
        if (info.code, label) in seen:
            expected.refuse.add(number)
            continue
        seen.add((info.code, label))
        if today is not None and spec.end >= today:
            expected.refuse.add(number)
            continue
        problems = _return_problems(row, info)
        if problems:
            expected.refuse.add(number)
        elif not unknown:
            expected.accept[number] = _return_fields(row)
    return expected


def _return_problems(row: ReturnRow, info: return_imports.IndicatorInfo) -> bool:
    """True when a rule in the contract refuses the row for certain."""
    if any(c.kind == "bad" for c in (row.value, row.numerator, row.denominator)):
        return True
    if row.target.kind in ("bad", "symbol"):
        return True
    if row.numerator.kind == "symbol" or row.denominator.kind == "symbol":
        return True
    if row.commentary.kind == "bad":
        return True
    numerator, denominator = row.numerator.value, row.denominator.value
    for count in (numerator, denominator):
        if count is not None and count < 0:
            return True
    percent = info.unit == "percent"
    both = numerator is not None and denominator is not None
    if percent and both and numerator > denominator:
        return True
    if percent and both and denominator == 0:
        return True  # no percentage of a base of nothing, given or worked out
    value = row.value.value
    # The value must be the counts' percentage to one decimal place.
    if (
        percent
        and both
        and row.value.kind == "value"
        and abs(value - numerator * 100 / denominator) > Decimal("0.05")
    ):
        return True
    if row.value.kind == "empty":
        if row.numerator.kind == "unknown" or row.denominator.kind == "unknown":
            return False
        if numerator is None or denominator is None:
            return True  # a value, or both counts, are required
        if not percent or denominator == 0:
            return True
        value = numerator * 100 / denominator
    if value is not None and value < 0 and info.unit in ("percent", "number"):
        return True
    return bool(percent and value is not None and value > 100)


def _return_fields(row: ReturnRow) -> dict[str, Any]:
    value = row.value.value
    if row.value.kind == "empty":  # worked out, kept to six decimal places
        value = (row.numerator.value * 100 / row.denominator.value).quantize(
            Decimal("0.000001"), rounding=ROUND_HALF_UP
        )
    return {
        "value": value,
        "symbol": row.value.symbol,
        "numerator": row.numerator.value,
        "denominator": row.denominator.value,
        "target": row.target.value,
        # Commentary is cleaned of control characters (indicators.text).
        "commentary": clean_text(row.commentary.text.strip()),
    }


def _return_row_fields(row: return_imports.ReturnRow) -> dict[str, Any]:
    return {
        "value": row.value,
        "symbol": row.symbol,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "target": row.target,
        "commentary": row.commentary,
    }


@st.composite
def return_files(draw: st.DrawFn, max_rows: int = 12) -> tuple[list, list, Layout]:
    order = draw(st.permutations(RETURN_COLUMNS))
    header = [draw(header_spelling(name)) for name in order]
    if draw(st.booleans()):  # a clean file: every row good
        size = draw(st.integers(1, max_rows))
        rows = draw(st.lists(good_return_rows(), min_size=size, max_size=size))
    else:
        # Spoilt-once rows weigh double: each has exactly one reason to fail.
        mixed = st.one_of(
            good_return_rows(),
            one_bad_return_rows(),
            one_bad_return_rows(),
            adversarial_return_rows,
        )
        size = draw(st.integers(0, max_rows))
        rows = draw(st.lists(mixed, min_size=size, max_size=size))
    return order, header, rows, draw(layouts)


def return_table(
    order: list[str], rows: list[ReturnRow]
) -> tuple[list[list[str]], int]:
    table, longest = [], 0
    for row in rows:
        cells = {
            "indicator_code": row.code, "period": row.period, "value": row.value,
            "numerator": row.numerator, "denominator": row.denominator,
            "target": row.target, "commentary": row.commentary,
        }  # fmt: skip
        table.append([cells[name].text for name in order])
        longest = max([longest, *(len(c.text) for c in cells.values())])
    return table, longest
