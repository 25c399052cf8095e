"""Strategies for EES benchmark files, and what the benchmark parser must make
of them (CONTRACT.md), worked out without running the parser."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from indicators import imports
from tests.trust.parser_strategies import (
    BAD_NUMBERS,
    Cell,
    Expectation,
    blank,
    figure_cells,
    header_spelling,
    layouts,
    numbers,
    random_text,
    symbols,
)

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


LEVEL_CELLS = [
    Cell("National", "national"),
    Cell("Regional", "regional"),
    Cell("Local authority", "local_authority"),
    Cell("local authority", "local_authority"),
    Cell("LOCAL AUTHORITY ", "local_authority"),
    Cell("Ward", "other"),
    Cell("Local authority district", "other"),
    Cell("", "other"),
]
CATEGORY_CELLS = [
    Cell("Total", "match"),
    Cell("Total", "match"),
    Cell("Boys", "other"),
    Cell("total", "other"),
    Cell(" Total ", "match"),
]


def benchmark_periods(year: int) -> st.SearchStrategy[Cell]:
    """A period cell for the given year: a good one, a bad one or random text."""
    return st.one_of(
        st.sampled_from(
            [
                Cell(str(year), "value", symbol=str(year)),
                Cell(f"{year}{(year + 1) % 100:02d}", "value", symbol=str(year + 1)),
            ]
        ),
        st.sampled_from(["2024/25", "20242026", "1899", "3000", "24", "", "=2024"]).map(
            lambda t: Cell(t, "bad")
        ),
        random_text(8),
    )


@st.composite
def benchmark_rows(draw: st.DrawFn) -> BenchmarkRow:
    level = draw(st.sampled_from(LEVEL_CELLS))
    year = draw(st.integers(1990, 2040))
    period = draw(benchmark_periods(year))
    joint = Cell("E06000061 / E06000062", "joint", symbol="E06000061 / E06000062")
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
        "category": draw(st.sampled_from(CATEGORY_CELLS)),
        # Counts may be negative here: the parser must refuse them.
        DENOMINATOR: draw(figure_cells(numbers(Decimal(-(10**9)), Decimal(10**9)))),
        NUMERATOR: draw(figure_cells(numbers(Decimal(-(10**9)), Decimal(10**9)))),
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
        code = _area_code(c, level)
        # A joint return is read as one row under its joint code (each
        # member council gets its figure when written: `assign_areas`).
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
        _expect_figures(expected, number, c, code, level)
    return expected


def _area_code(c: dict[str, Cell], level: str) -> Cell:
    """The cell holding the row's own area code, by its geographic level."""
    return {
        "national": c["country_code"],
        "regional": c["region_code"],
        "local_authority": c["new_la_code"],
    }[level]


def _expect_figures(
    expected: Expectation, number: int, c: dict[str, Cell], code: Cell, level: str
) -> None:
    """A row that got as far as its figures: refused for a bad or negative
    figure, accepted with exactly its values if none is of unknown meaning."""
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


def expect_placement(
    expected: Expectation, rows: list[BenchmarkRow]
) -> dict[int, list[str]]:
    """Row -> the areas its figure is written under (DESIGN.md, "Authorities
    that change code"), independently of the product: an authority row with
    LA number 855 belongs to Leicestershire (E10000018, DfE's geography)
    whatever its code; each member of the joint return gets its figure; where
    two rows land on one area and period, an authority's own row beats a
    joint return's, a row under the area's own code beats one under another,
    and otherwise the first is kept."""
    held: dict[tuple[str, str], tuple[tuple[bool, bool], int]] = {}
    for number, want in expected.accept.items():
        c = rows[number - 2].cells
        code = want["code"]
        if want["level"] != "local_authority":
            areas, own = [code], True
        elif c["new_la_code"].kind == "joint":
            areas, own = ["E06000061", "E06000062"], False
        else:
            areas, own = ["E10000018" if c["old_la_code"].text == "855" else code], True
        for area in areas:
            standing = (own, area == code or not own)
            key = (area, want["period"])
            if key not in held or held[key][0] < standing:
                held[key] = (standing, number)
    placed: dict[int, list[str]] = {number: [] for number in expected.accept}
    for (area, _), (_, number) in held.items():
        placed[number].append(area)
    return placed
