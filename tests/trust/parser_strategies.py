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
"

This module holds what the tests share: the settings, the cells that know
what they mean, the CSV writer and the check of a parse against an expectation."""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from indicators import imports, rating

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
