"""Property-based tests of the return and benchmark parsers, and of the
import job behind them.

Hypothesis writes CSV files of random and adversarial rows (unicode, huge
numbers, NaN and Infinity spelt out, thousands commas, percent signs,
leading apostrophes, formulas, byte-order marks, CRLF, shuffled and
oddly-cased headers, very long cells) and checks, for every row:

- a row built to be valid is accepted with exactly the value written;
- a row built to be wrong is reported as a row error (row, column, reason);
- a row of random text is one or the other, never both, never a crash;
- the file as a whole is refused only for a reason it really has;

and through the whole import job: the file is imported completely or not at
all; the counts of figures, audit records, areas and periods never move on
a rejected file.

Each generated cell carries what it should parse to, so the oracle does not
run the code under test to decide what is right.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from indicators import imports, rating
from indicators.models import Area, ImportJob, Observation, Period, Target
from indicators.text import clean_text
from returns import imports as return_imports
from tests.factories import AreaFactory, IndicatorFactory

# Hypothesis's caches go under var/ (ignored by git), not the work tree's root.
set_hypothesis_home_dir(Path(__file__).resolve().parents[2] / "var" / "hypothesis")
EXAMPLES = int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", 150))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written into the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
JOB_PROPERTY = settings(
    PROPERTY,
    max_examples=max(20, EXAMPLES // 3),
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # each example rolls itself back
    ],
)
CSV_FIELD_LIMIT = csv.field_size_limit()
HOME = "E10000018"

# --- Cells that know what they mean ----------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A cell's text and what it should parse to: `value` (a number),
    `symbol` (suppressed), `empty`, `bad` (must be refused) or `unknown`
    (random text: either outcome is allowed, a crash is not)."""

    text: str
    kind: str
    value: Decimal | None = None
    symbol: str = ""


FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


# A return's cells take the contract's format only (issue 13, item 13): ASCII
# digits, a sign, a decimal point (and a spreadsheet's exponent); no thousands
# commas, no % sign, no byte-order mark, no other scripts' digits. National
# benchmark files keep the lenient reading.
CONTRACT_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def in_contract(text: str) -> bool:
    return CONTRACT_NUMBER.fullmatch(text.strip()) is not None


def _spellings(value: Decimal, contract: bool = False) -> st.SearchStrategy[str]:
    """Ways a spreadsheet or a person writes one number (`contract`: only
    those a return may use)."""
    plain = f"{value:f}"
    spellings = [
        plain,
        str(value),  # may be in exponent form, e.g. 1E+3
        f"{value:,f}",  # thousands commas
        plain + "%",
        plain + " %",
        f"  {plain}\t",
        "\u00a0" + plain,  # a non-breaking space, as Excel pastes
        "\ufeff" + plain,  # a stray byte-order mark
    ]
    if value >= 0:
        spellings.append("+" + plain)
    if value == value.to_integral_value() and value >= 0:
        spellings += [plain.translate(FULLWIDTH), plain.translate(ARABIC_INDIC)]
    if contract:
        spellings = [text for text in spellings if in_contract(text)]
    return st.sampled_from(spellings)


def numbers(
    low: Decimal = Decimal("-999999999999.999999"),
    high: Decimal = Decimal("999999999999.999999"),
    *,
    strict: bool = False,
    contract: bool = False,
) -> st.SearchStrategy[Cell]:
    """Numbers in many spellings. `strict` (a return's cell): a spelling
    outside the contract's format is a bad cell; `contract`: only those
    within it."""
    decimals = st.integers(0, 6).flatmap(
        lambda places: st.decimals(
            min_value=low,
            max_value=high,
            places=places,
            allow_nan=False,
            allow_infinity=False,
        )
    )
    small = st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(100), Decimal(1)])
    # + 0 turns -0 into 0, which a person would not write as "-0".
    return st.one_of(small, decimals.map(lambda v: v + 0)).flatmap(
        lambda v: _spellings(v, contract).map(
            lambda text: (
                Cell(text, "value", v)
                if not strict or in_contract(text)
                else Cell(text, "bad")
            )
        )
    )


BAD_NUMBER_KINDS = {
    "nan": ["NaN", "nan", "-NaN", "sNaN", "NAN"],
    "infinite": ["Infinity", "-Infinity", "inf", "+inf", "∞", "1e400", "-1e400"],
    "too large": ["1e12", "-1e12", "1000000000000", "1,000,000,000,000",
                  "99999999999999999999", "1" + "0" * 60, "9" * 5000],
    # Excel's "text, not a number" apostrophe
    "apostrophe": ["'12", "'0.5", "'-3", "'1,234", "' 7"],
    "formula": ["=1+2", "=SUM(A1:A3)", '=HYPERLINK("http://evil.example","x")',
                "+1+1", "-2+3", "@SUM(1)", "=cmd|' /C calc'!A0", "\t=1", "=12"],
    "malformed": ["1,23", "12,34,567", "1.234,5", "1 234", "£12", "12p", "(12)",
                  "12-", "1.2.3", "0x1F", "1_000", "½", "²", "12%%", "%12",
                  "1e", "e5", ".", "+", "%", "١٬٢", "12 345", "1%2"],
    "words": ["twelve", "TRUE", "#N/A", "#DIV/0!", "None", "null", "n/a", "NA"],
}  # fmt: skip
BAD_NUMBERS = [text for texts in BAD_NUMBER_KINDS.values() for text in texts]
SYMBOLS = [*rating.SUPPRESSION_SYMBOLS, "C", "X", "LOW", "Low", " z "]


def bad_numbers() -> st.SearchStrategy[Cell]:
    huge = st.integers(min_value=10**12, max_value=10**40).map(
        lambda n: st.sampled_from([str(n), f"{n:,}", f"-{n}", f"{n}.5"])
    )
    # Each kind equally likely, however many spellings it has.
    kinds = [st.sampled_from(texts) for texts in BAD_NUMBER_KINDS.values()]
    return st.one_of(*kinds, huge.flatmap(lambda s: s)).map(
        lambda text: Cell(text, "bad")
    )


def symbols() -> st.SearchStrategy[Cell]:
    return st.sampled_from(SYMBOLS).map(
        lambda s: Cell(s, "symbol", symbol=s.strip().lower())
    )


def random_text(max_size: int = 30) -> st.SearchStrategy[Cell]:
    """Any unicode but NUL (NUL refuses the whole file; tested on its own)."""
    return st.text(
        st.characters(codec="utf-8", exclude_characters="\x00"), max_size=max_size
    ).map(lambda text: Cell(text, "empty" if not text.strip() else "unknown"))


def blank() -> st.SearchStrategy[Cell]:
    return st.sampled_from(["", " ", "\t", "\u00a0"]).map(lambda t: Cell(t, "empty"))


def figure_cells(
    valid: st.SearchStrategy[Cell] | None = None, *, strict: bool = False
) -> st.SearchStrategy[Cell]:
    return st.one_of(
        valid if valid is not None else numbers(strict=strict),
        symbols(),
        blank(),
        bad_numbers(),
        random_text(),
    )


# --- Writing the file ------------------------------------------------------------------


@dataclass
class Layout:
    bom: bool
    line_end: str
    quote_all: bool


layouts = st.builds(
    Layout,
    bom=st.booleans(),
    line_end=st.sampled_from(["\n", "\r\n"]),
    quote_all=st.booleans(),
)


def header_spelling(name: str) -> st.SearchStrategy[str]:
    """Column names are matched case-insensitively, spaces ignored."""
    return st.sampled_from([name, name.upper(), f" {name} ", name.title()])


# RFC 4180: a field holding the delimiter, a quote, CR or LF is quoted and its
# quotes doubled. Written out here rather than left to csv.writer, whose
# QUOTE_MINIMAL did not quote a lone CR when the line ends in LF before
# Python 3.13 (3.12.1 writes `a,\r0\n`, which every reader, ours and
# Excel's, reads as two lines), so the file would not be the one the
# expectation describes.
MUST_QUOTE = frozenset(',"\r\n')


def csv_field(text: str, quote_all: bool) -> str:
    if quote_all or not MUST_QUOTE.isdisjoint(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], layout: Layout
) -> None:
    lines = [
        ",".join(csv_field(text, layout.quote_all) for text in line) + layout.line_end
        for line in [header, *rows]
    ]
    path.write_bytes(
        (b"\xef\xbb\xbf" if layout.bom else b"") + "".join(lines).encode("utf-8")
    )


def test_the_files_written_here_read_back_cell_for_cell_on_this_python():
    """The generator's own check: what write_csv writes, csv.reader (as the
    parser uses it) reads back unchanged, for the awkward cells."""
    cells = ["\r0", "0\r", "a\rb", "\r\n", "\n", 'say "hi"', "1,234", "", " x "]
    for line_end in ("\n", "\r\n"):
        for quote_all in (False, True):
            buffer = io.StringIO()
            for text in cells:
                buffer.write(csv_field(text, quote_all) + ",z" + line_end)
            rows = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
            assert rows == [[text, "z"] for text in cells], (line_end, quote_all)


# --- What a parse must look like ---------------------------------------------------------


@dataclass
class Expectation:
    accept: dict[int, dict[str, Any]] = field(default_factory=dict)  # row -> fields
    refuse: set[int] = field(default_factory=set)
    skip: set[int] = field(default_factory=set)  # not read as data at all
    rows: int = 0


def check_outcome(
    parse: Callable[[], imports.Validated],
    expected: Expectation,
    longest_cell: int,
    fields_of: Callable[[Any], dict[str, Any]],
) -> imports.Validated | None:
    """Parse and compare with the expectation; return the result (or None
    when the file as a whole was refused for a reason it really has)."""
    try:
        result = parse()
    except imports.FileRejected as refused:
        reason = refused.error.reason
        assert reason, "a refusal must say why"
        if "field larger than field limit" in reason:
            assert longest_cell > CSV_FIELD_LIMIT
        else:
            assert not expected.accept, f"refused a file with valid rows: {reason}"
            assert not expected.refuse or len(expected.refuse) > imports.MAX_ERRORS, (
                f"refused the whole file ({reason}) instead of reporting row errors"
            )
        return None
    assert longest_cell <= CSV_FIELD_LIMIT, "an unreadable file was read"
    accepted = {row.row: row for row in result.rows}
    errored = {error.row for error in result.errors}
    last = expected.rows + 1
    for error in result.errors:
        assert 2 <= error.row <= last, error
        assert error.column and error.reason, error
        assert len(error.value) <= 80, "error values are shortened for display"
    assert not accepted.keys() & errored, "a row both accepted and refused"
    for number, want in expected.accept.items():
        assert number in accepted, (
            f"row {number} should be accepted: {[e for e in result.errors if e.row == number]}"
        )
        got = fields_of(accepted[number])
        for name, value in want.items():
            assert got[name] == value, (number, name, got[name], value)
    for number in expected.refuse:
        assert number in errored, f"row {number} should be refused"
    for number in expected.skip:
        assert number not in accepted and number not in errored, number
    for row in result.rows:
        for name in ("value", "numerator", "denominator"):
            figure = getattr(row, name)
            if figure is not None:
                assert figure.is_finite() and abs(figure) < rating.MAX_ABS_VALUE
        assert not (row.value is not None and row.symbol)
    return result


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
RETURN_COLUMNS = list(return_imports.RETURN_COLUMNS)
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


@PROPERTY
@given(return_files())
def test_returns_parse_to_row_errors_or_exact_values(tmp_path_factory, spec):
    order, header, rows, layout = spec
    path = tmp_path_factory.mktemp("returns") / "return.csv"
    table, longest = return_table(order, rows)
    write_csv(path, header, table, layout)
    expected = expect_return(rows)
    check_outcome(
        lambda: return_imports.validate_return(path, LOOKUP),
        expected,
        longest,
        _return_row_fields,
    )


def test_a_nul_byte_refuses_the_whole_return(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"indicator_code,period,value\npct,2024/25 Q1,1\x002\n")
    with pytest.raises(imports.FileRejected, match="NUL"):
        return_imports.validate_return(path, LOOKUP)


@pytest.mark.parametrize(
    "raw",
    [
        b"",  # empty
        b"\xef\xbb\xbf",  # a BOM and nothing else
        b"indicator_code,period,value\r\n",  # a header and no rows
        b"indicator_code,period\npct,2024/25 Q1\n",  # no value column
        b"\xff\xfe" + "indicator_code,period,value".encode("utf-16-le"),  # UTF-16
        b'indicator_code,period,value\npct,"2024/25 Q1,1\n',  # an unclosed quote
        b"PK\x03\x04not really a zip",  # a workbook that is not one
        b"\xd0\xcf\x11\xe0legacy",  # an old binary .xls
    ],
)
def test_unreadable_returns_are_refused_with_a_reason(tmp_path, raw):
    path = tmp_path / "odd.csv"
    path.write_bytes(raw)
    try:
        result = return_imports.validate_return(path, LOOKUP)
    except imports.FileRejected as refused:
        assert refused.error.reason
    else:  # read as text after all: then every row is reported, none accepted
        assert not result.rows and result.errors


# --- EES benchmark files -------------------------------------------------------------------

BENCHMARK_COLUMNS = [
    "time_period", "time_identifier", "geographic_level", "country_code",
    "country_name", "region_code", "region_name", "old_la_code", "new_la_code",
    "la_name", "category", "CPP_start", "CPP_subsequent", "CPP_subsequent_percent",
]  # fmt: skip
VALUE, NUMERATOR, DENOMINATOR = "CPP_subsequent_percent", "CPP_subsequent", "CPP_start"


@dataclass(frozen=True)
class BenchmarkRow:
    cells: dict[str, Cell]


def valid_ons_codes(prefix: str) -> st.SearchStrategy[Cell]:
    return st.integers(0, 99_999_999).map(
        lambda n: Cell(f"{prefix}{n:08d}", "value", symbol=f"{prefix}{n:08d}")
    )


def ons_codes(prefix: str) -> st.SearchStrategy[Cell]:
    valid = valid_ons_codes(prefix)
    bad = st.sampled_from(
        ["", "E1000001", "E100000188", "X10000018", "e10000018x", "855", "=E1"]
    ).map(lambda text: Cell(text, "bad"))
    return st.one_of(valid, valid, bad, random_text(10))


@st.composite
def benchmark_rows(draw: st.DrawFn) -> BenchmarkRow:
    level = draw(
        st.sampled_from(
            [
                Cell("National", "national"),
                Cell("Regional", "regional"),
                Cell("Local authority", "local_authority"),
                Cell("local authority", "local_authority"),
                Cell("LOCAL AUTHORITY ", "local_authority"),
                Cell("Ward", "other"),
                Cell("Local authority district", "other"),
                Cell("", "other"),
            ]
        )
    )
    year = draw(st.integers(1990, 2040))
    period = draw(
        st.one_of(
            st.sampled_from(
                [
                    Cell(str(year), "value", symbol=str(year)),
                    Cell(
                        f"{year}{(year + 1) % 100:02d}", "value", symbol=str(year + 1)
                    ),
                ]
            ),
            st.sampled_from(
                ["2024/25", "20242026", "1899", "3000", "24", "", "=2024"]
            ).map(lambda t: Cell(t, "bad")),
            random_text(8),
        )
    )
    joint = Cell("E06000061 / E06000062", "joint")
    cells = {
        "time_period": period,
        "time_identifier": Cell("Reporting year", "value"),
        "geographic_level": level,
        "country_code": draw(ons_codes("E")),
        "country_name": draw(st.one_of(st.just(Cell("England", "value")), blank())),
        "region_code": draw(st.one_of(ons_codes("E"), blank())),
        "region_name": draw(
            st.one_of(random_text(12), st.just(Cell("n" * 201, "bad")))
        ),
        "old_la_code": draw(
            st.sampled_from(
                [Cell("855", "value"), Cell("", "empty"), Cell("85", "value")]
            )
        ),
        "new_la_code": draw(st.one_of(ons_codes("E"), st.just(joint))),
        "la_name": draw(st.one_of(random_text(12), st.just(Cell("l" * 201, "bad")))),
        "category": draw(
            st.sampled_from(
                [
                    Cell("Total", "match"),
                    Cell("Total", "match"),
                    Cell("Boys", "other"),
                    Cell("total", "other"),
                    Cell(" Total ", "match"),
                ]
            )  # fmt: skip
        ),
        DENOMINATOR: draw(figure_cells(numbers(Decimal(0), Decimal(10**9)))),
        NUMERATOR: draw(figure_cells(numbers(Decimal(0), Decimal(10**9)))),
        VALUE: draw(figure_cells()),
    }
    return BenchmarkRow(cells)


LEVELS = {
    "national": ["National", "national", " NATIONAL"],
    "regional": ["Regional", "regional"],
    "local_authority": ["Local authority", "local authority", "LOCAL AUTHORITY "],
}
SAFE_NAMES = st.text(
    st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=16
)


@st.composite
def good_benchmark_rows(draw: st.DrawFn) -> BenchmarkRow:
    """A row of an EES file the contract accepts for the filter category=Total."""
    level = draw(st.sampled_from(sorted(LEVELS)))
    year = draw(st.integers(1990, 2040))
    period = draw(
        st.sampled_from(
            [
                Cell(str(year), "value", symbol=str(year)),
                Cell(f"{year}{(year + 1) % 100:02d}", "value", symbol=str(year + 1)),
            ]
        )
    )
    valid_code = valid_ons_codes("E")
    counts = st.one_of(numbers(Decimal(0), Decimal(10**9)), symbols(), blank())
    return BenchmarkRow(
        {
            "time_period": period,
            "time_identifier": Cell("Reporting year", "value"),
            "geographic_level": Cell(draw(st.sampled_from(LEVELS[level])), level),
            "country_code": draw(valid_code),
            "country_name": Cell(draw(SAFE_NAMES), "value"),
            "region_code": draw(valid_code),
            "region_name": Cell(draw(SAFE_NAMES), "value"),
            "old_la_code": Cell(draw(st.sampled_from(["855", "", "85"])), "value"),
            "new_la_code": draw(valid_code),
            "la_name": Cell(draw(SAFE_NAMES), "value"),
            "category": Cell(draw(st.sampled_from(["Total", " Total "])), "match"),
            DENOMINATOR: draw(counts),
            NUMERATOR: draw(counts),
            VALUE: draw(st.one_of(numbers(), symbols(), blank())),
        }
    )


@st.composite
def one_bad_benchmark_rows(draw: st.DrawFn) -> BenchmarkRow:
    """A good row with exactly one cell spoilt: that cell alone must refuse it."""
    row = draw(good_benchmark_rows())
    level = row.cells["geographic_level"].kind
    code_column = {"national": "country_code", "regional": "region_code"}.get(
        level, "new_la_code"
    )
    name = draw(st.sampled_from([VALUE, NUMERATOR, DENOMINATOR, "time_period", "code"]))
    if name == "code":
        name = code_column
        spoilt = st.sampled_from(["E1000001", "X10000018", "=E1", "'E10000018"])
    elif name == "time_period":
        spoilt = st.sampled_from(["2024/25", "20242026", "1899", "=2024", "'2024"])
    else:
        spoilt = st.one_of(
            st.sampled_from(BAD_NUMBERS),
            st.integers(1, 10**6).map(lambda n: f"-{n}")
            if name != VALUE
            else st.nothing(),
        )
    return BenchmarkRow({**row.cells, name: Cell(draw(spoilt), "bad")})


def expect_benchmarks(rows: list[BenchmarkRow]) -> Expectation:
    """What validate_benchmarks must make of these rows (CONTRACT.md's EES
    format), independently of the parser."""
    expected = Expectation(rows=len(rows))
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(rows, start=2):
        c = row.cells
        if all(not cell.text.strip() for cell in c.values()):
            expected.skip.add(number)
            continue
        if c["category"].kind != "match" or c["geographic_level"].kind == "other":
            expected.skip.add(number)
            continue
        level = c["geographic_level"].kind
        code = {
            "national": c["country_code"],
            "regional": c["region_code"],
            "local_authority": c["new_la_code"],
        }[level]
        if code.kind == "joint":
            expected.skip.add(number)
            continue
        if code.kind == "unknown":
            continue
        if code.kind in ("bad", "empty"):
            expected.refuse.add(number)
            continue
        region = c["region_code"]
        if level == "local_authority" and region.kind == "unknown":
            continue
        if level == "local_authority" and region.kind == "bad" and region.text.strip():
            expected.refuse.add(number)
            continue
        names = ("country_name", "region_name", "la_name")
        if any(c[n].kind == "bad" for n in names):
            expected.refuse.add(number)
            continue
        if c["time_period"].kind == "unknown":
            continue
        if c["time_period"].kind in ("bad", "empty"):
            expected.refuse.add(number)
            continue
        key = (code.symbol, c["time_period"].symbol)
        if key in seen:
            expected.refuse.add(number)
            continue
        seen.add(key)
        figures = [c[VALUE], c[NUMERATOR], c[DENOMINATOR]]
        if any(f.kind == "bad" for f in figures) or any(
            f.value is not None and f.value < 0 for f in figures[1:]
        ):
            expected.refuse.add(number)
        elif not any(f.kind == "unknown" for f in figures):
            expected.accept[number] = {
                "code": code.symbol,
                "period": c["time_period"].symbol,
                "level": level,
                "value": c[VALUE].value,
                "symbol": c[VALUE].symbol,
                "numerator": c[NUMERATOR].value,
                "denominator": c[DENOMINATOR].value,
            }
    return expected


def _benchmark_row_fields(row: imports.BenchmarkRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "period": row.period.label,
        "level": row.level,
        "value": row.value,
        "symbol": row.symbol,
        "numerator": row.numerator,
        "denominator": row.denominator,
    }


@st.composite
def benchmark_files(draw: st.DrawFn, max_rows: int = 8) -> tuple:
    order = draw(st.permutations(BENCHMARK_COLUMNS))
    header = [draw(header_spelling(name)) for name in order]
    if draw(st.booleans()):  # a clean file: every row good
        size = draw(st.integers(1, max_rows))
        rows = draw(st.lists(good_benchmark_rows(), min_size=size, max_size=size))
    else:
        mixed = st.one_of(
            good_benchmark_rows(),
            one_bad_benchmark_rows(),
            one_bad_benchmark_rows(),
            benchmark_rows(),
        )
        size = draw(st.integers(0, max_rows))
        rows = draw(st.lists(mixed, min_size=size, max_size=size))
    return order, header, rows, draw(layouts)


def benchmark_table(order: list[str], rows: list[BenchmarkRow]) -> tuple[list, int]:
    table = [[row.cells[name].text for name in order] for row in rows]
    longest = max((len(cell) for line in table for cell in line), default=0)
    return table, longest


def parse_benchmarks(path: Path) -> imports.Validated:
    return imports.validate_benchmarks(
        path,
        year_type="reporting",
        value_column=VALUE,
        filters={"category": "Total"},
        numerator_column=NUMERATOR,
        denominator_column=DENOMINATOR,
    )


@PROPERTY
@given(benchmark_files())
def test_benchmarks_parse_to_row_errors_or_exact_values(tmp_path_factory, spec):
    order, header, rows, layout = spec
    path = tmp_path_factory.mktemp("benchmarks") / "ees.csv"
    table, longest = benchmark_table(order, rows)
    write_csv(path, header, table, layout)
    check_outcome(
        lambda: parse_benchmarks(path),
        expect_benchmarks(rows),
        longest,
        _benchmark_row_fields,
    )


# --- Through the import job: all or nothing ------------------------------------------------


def all_certainly_good(expected: Expectation, longest: int) -> bool:
    """Every row is known to be valid (or blank or filtered out) and at least
    one is data: such a file must be imported."""
    return (
        bool(expected.accept)
        and not expected.refuse
        and len(expected.accept) + len(expected.skip) == expected.rows
        and longest <= CSV_FIELD_LIMIT
    )


def counts_now() -> dict[str, int]:
    return {
        "figures": Observation.all_objects.count(),
        "history": Observation.history.count(),
        "targets": Target.objects.count(),
        "areas": Area.objects.count(),
        "periods": Period.objects.count(),
    }


def run_job(path: Path, kind: str, options: dict[str, Any]) -> ImportJob:
    from indicators.services import import_job_create, import_job_wait

    job = import_job_create(kind=kind, file=path, filename=path.name, options=options)
    try:
        return import_job_wait(job=job, timeout=60)
    finally:
        job.file.delete(save=False)


@pytest.fixture
def return_indicators(db, settings):  # type: ignore[no-untyped-def]
    settings.SCRUTINEER_HOME_AREA = HOME
    AreaFactory(code=HOME, la_number="855", name="Leicestershire")
    for info in INDICATORS.values():
        # Not rated: a red needs commentary, a rule of its own tests
        # (tests/indicators/import_return_cases.py), which rows here ignore.
        IndicatorFactory(
            code=info.code, unit=info.unit, year_type=info.year_type,
            rag_method="none", polarity="none",
        )  # fmt: skip


@JOB_PROPERTY
@given(return_files(max_rows=8))
def test_a_return_import_writes_every_row_or_none(
    return_indicators, tmp_path_factory, spec
):
    order, header, rows, layout = spec
    path = tmp_path_factory.mktemp("returns") / "return.csv"
    table, longest = return_table(order, rows)
    write_csv(path, header, table, layout)
    expected = expect_return(rows, today=timezone.localdate())
    with transaction.atomic():
        before = counts_now()
        job = run_job(path, ImportJob.Kind.RETURNS, {})
        after = counts_now()
        stored = {
            (o.indicator.code, o.period.label): o
            for o in Observation.all_objects.filter(area__code=HOME).select_related(
                "indicator", "period"
            )
        }
        transaction.set_rollback(True)
    event(f"job {job.status}")  # shown by --hypothesis-show-statistics
    assert job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.REJECTED), (
        job.status,
        job.message,
    )
    if job.status == ImportJob.Status.REJECTED:
        assert after == before, "a rejected file wrote something"
        assert job.errors and job.message
        assert not all_certainly_good(expected, longest), job.errors[:3]
        return
    assert not expected.refuse, f"accepted a file with bad rows {expected.refuse}"
    written = [r for n, r in enumerate(rows, start=2) if n not in expected.skip]
    assert after["figures"] == before["figures"] + len(written)
    assert after["history"] == before["history"] + len(written)
    for number, want in expected.accept.items():
        row = rows[number - 2]
        info = INDICATORS[row.code.symbol]
        label = rating.parse_period(row.period.text, info.year_type).label
        figure = stored[(info.code, label)]
        assert figure.status == Observation.Status.SUBMITTED
        assert figure.suppression == want["symbol"]
        if want["value"] is None:
            assert figure.value is None
        else:  # stored to six decimal places, as the column holds
            assert abs(figure.value - want["value"]) <= Decimal("0.0000005")


@pytest.fixture
def benchmark_indicator(db, settings):  # type: ignore[no-untyped-def]
    settings.SCRUTINEER_HOME_AREA = HOME
    return IndicatorFactory(
        code="cpp", unit="number", year_type="reporting", rag_method="quartile"
    )


@JOB_PROPERTY
@given(benchmark_files(max_rows=8))
def test_a_benchmark_import_writes_every_row_or_none(
    benchmark_indicator, tmp_path_factory, spec
):
    order, header, rows, layout = spec
    path = tmp_path_factory.mktemp("benchmarks") / "ees.csv"
    table, longest = benchmark_table(order, rows)
    write_csv(path, header, table, layout)
    expected = expect_benchmarks(rows)
    options = {
        "indicator": "cpp",
        "value_column": VALUE,
        "filters": {"category": "Total"},
        "numerator_column": NUMERATOR,
        "denominator_column": DENOMINATOR,
    }
    with transaction.atomic():
        before = counts_now()
        job = run_job(path, ImportJob.Kind.BENCHMARKS, options)
        after = counts_now()
        stored = {
            (o.area.code, o.period.label): o
            for o in Observation.all_objects.filter(
                indicator=benchmark_indicator
            ).select_related("area", "period")
        }
        transaction.set_rollback(True)
    event(f"job {job.status}")  # shown by --hypothesis-show-statistics
    assert job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.REJECTED), (
        job.status,
        job.message,
    )
    if job.status == ImportJob.Status.REJECTED:
        assert after == before, "a rejected file wrote something"
        assert not all_certainly_good(expected, longest), job.errors[:3]
        return
    assert not expected.refuse, f"accepted a file with bad rows {expected.refuse}"
    assert after["figures"] - before["figures"] == job.counts["created"]
    for want in expected.accept.values():
        figure = stored[(want["code"], want["period"])]
        assert figure.suppression == want["symbol"]
        if want["value"] is None:
            assert figure.value is None
        else:
            assert abs(figure.value - want["value"]) <= Decimal("0.0000005")


def test_an_ons_code_in_fullwidth_digits_is_refused(tmp_path):
    path = tmp_path / "fullwidth.csv"
    write_csv(
        path,
        BENCHMARK_COLUMNS,
        [
            [
                "2024",
                "Reporting year",
                "Local authority",
                "E92000001",
                "England",
                "E12000004",
                "East Midlands",
                "855",
                "E１００００018",
                "Leicestershire",
                "Total",
                "184",
                "28",
                "15.2",
            ],
        ],  # fmt: skip
        Layout(bom=False, line_end="\n", quote_all=False),
    )
    result = parse_benchmarks(path)
    assert not result.rows and result.errors
