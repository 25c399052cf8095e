"""Property-based tests of the EES benchmark parser: every row is accepted
with exactly the value written, reported as a row error or skipped."""

from __future__ import annotations

from hypothesis import given

from tests.trust.benchmark_strategies import (
    BENCHMARK_COLUMNS,
    _benchmark_row_fields,
    benchmark_files,
    benchmark_table,
    expect_benchmarks,
    parse_benchmarks,
)
from tests.trust.parser_strategies import (
    PROPERTY,
    Layout,
    check_outcome,
    write_csv,
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
