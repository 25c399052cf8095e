"""Every way an import_benchmarks file or its options can be bad, and a
published rate over a zero denominator kept as DfE published it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from indicators.models import (
    ImportJob,
    Observation,
)
from tests.factories import IndicatorFactory
from tests.indicators.import_cases import (
    BENCHMARK_HEADER,
    BENCHMARK_OPTIONS,
    ENGLAND_OK,
    HOME_OK,
    VALID_FILE,
    Case,
    assert_rejected,
    counts,
    csv_text,
    la_row,
    media,  # noqa: F401 (an autouse fixture)
    run,
    world,  # noqa: F401 (an autouse fixture)
    write,
)

pytestmark = pytest.mark.django_db


# --- import_benchmarks -----------------------------------------------------------------


def benchmark_file(*rows: str, header: str = BENCHMARK_HEADER) -> bytes:
    return csv_text(header, ENGLAND_OK, HOME_OK, *rows)


BENCHMARK_CASES = [
    Case(
        "missing-level-column",
        csv_text(
            BENCHMARK_HEADER.replace("geographic_level,", ""),
            ENGLAND_OK.replace("National,", ""),
        ),
        1,
        "geographic_level",
        "missing column: geographic_level",
    ),
    Case(
        "missing-time-period",
        csv_text(
            BENCHMARK_HEADER.replace("time_period,", ""),
            ENGLAND_OK.replace("2025,", "", 1),
        ),
        1,
        "time_period",
        "missing column: time_period",
    ),
    Case(
        "missing-value-column",
        csv_text(BENCHMARK_HEADER, ENGLAND_OK),
        1,
        "percent",
        "missing column: percent",
        options={**BENCHMARK_OPTIONS, "value_column": "percent"},
    ),
    Case(
        "missing-filter-column",
        csv_text(BENCHMARK_HEADER, ENGLAND_OK),
        1,
        "age",
        "missing column: age",
        options={**BENCHMARK_OPTIONS, "filter": ["age=Total"]},
    ),
    Case(
        "missing-denominator-column",
        csv_text(BENCHMARK_HEADER, ENGLAND_OK),
        1,
        "starts",
        "missing column: starts",
        options={**BENCHMARK_OPTIONS, "denominator_column": "starts"},
    ),
    Case(
        "no-row-matches-the-filters",
        csv_text(BENCHMARK_HEADER, ENGLAND_OK),
        1,
        "breakdown",
        "no row matches the indicator's filters",
        options={**BENCHMARK_OPTIONS, "filter": ["breakdown=Girls"]},
    ),
    Case(
        "unknown-indicator",
        csv_text(BENCHMARK_HEADER, ENGLAND_OK),
        1,
        "--indicator",
        "unknown indicator code 'nope'",
        options={**BENCHMARK_OPTIONS, "indicator": "nope"},
    ),
    Case(
        "bad-area-code",
        benchmark_file(la_row("E1000001X")),
        4,
        "new_la_code",
        "is not an ONS area code (e.g. E10000018)",
    ),
    Case(
        "la-number-instead-of-code",
        benchmark_file(la_row("925")),
        4,
        "new_la_code",
        "is not an ONS area code",
    ),
    Case(
        "bad-region-code",
        benchmark_file(la_row(level="Regional", region="East Mids")),
        4,
        "region_code",
        "is not an ONS area code",
    ),
    Case(
        "bad-region-code-on-an-authority",
        benchmark_file(la_row("E10000020", region="Midlands", name="New place")),
        4,
        "region_code",
        "is not an ONS area code",
    ),
    Case(
        "authority-name-too-long",
        benchmark_file(la_row("E10000020", name="N" * 201)),
        4,
        "la_name",
        "is longer than 200 characters",
    ),
    Case(
        "period-not-ees",
        benchmark_file(la_row(period="2024/25")),
        4,
        "time_period",
        "is not an EES time period (e.g. '201920' or '2025')",
    ),
    Case(
        "period-years-do-not-follow",
        benchmark_file(la_row(period="202426")),
        4,
        "time_period",
        "26 does not follow 2024",
    ),
    Case(
        "period-split-for-calendar",
        csv_text(BENCHMARK_HEADER, ENGLAND_OK.replace("2025,", "202425,", 1)),
        2,
        "time_period",
        "is a split year, but this indicator uses calendar years",
        options={**BENCHMARK_OPTIONS, "indicator": "cal"},
    ),
    Case(
        "period-year-zero",
        benchmark_file(la_row(period="000001")),
        4,
        "time_period",
        "out of range",
    ),
    Case(
        "period-after-9999",
        benchmark_file(la_row(period="999900")),
        4,
        "time_period",
        "out of range",
    ),
    Case(
        "value-not-a-number",
        benchmark_file(la_row(rate="twenty")),
        4,
        "rate",
        "'twenty' is not a number or a suppression symbol",
    ),
    Case(
        "value-infinite",
        benchmark_file(la_row(rate="inf")),
        4,
        "rate",
        "is not a number",
    ),
    Case(
        "numerator-not-a-number",
        benchmark_file(la_row(num="ten")),
        4,
        "num",
        "'ten' is not a number",
    ),
    Case(
        "denominator-negative",
        benchmark_file(la_row(den="-50")),
        4,
        "den",
        "must not be negative",
    ),
    Case(
        "duplicate-row",
        benchmark_file(la_row(), la_row(rate="21")),
        5,
        "time_period",
        "duplicate row: Lincolnshire for 2025 is also in row 4; add a --filter",
    ),
    Case(
        "duplicate-home-row",
        benchmark_file(HOME_OK),
        4,
        "time_period",
        "duplicate row: Leicestershire for 2025 is also in row 3",
    ),
    Case(
        "bom-and-any-column-order-still-checked",
        "\ufeff".encode()
        + csv_text(
            "rate,geographic_level,time_period,country_code,breakdown,num,den",
            "24.5,National,2025,E92000001,Total,100,400",
            "abc,National,2024,E92000001,Total,100,400",
        ),
        3,
        "rate",
        "'abc' is not a number",
    ),
]


@pytest.mark.parametrize("case", BENCHMARK_CASES, ids=lambda c: c.id)
def test_import_benchmarks_rejects_bad_rows(case: Case, tmp_path: Path) -> None:
    IndicatorFactory(
        code="cal", unit="number", frequency="annual", year_type="calendar"
    )
    path = write(tmp_path, case.name, case.content)
    assert_rejected(
        "import_benchmarks",
        path,
        row=case.row,
        column=case.column,
        reason=case.reason,
        options=case.options or BENCHMARK_OPTIONS,
    )


@pytest.mark.parametrize(
    "filters",
    [["breakdown"], ["=Total"], [" =Total"]],
    ids=["no-equals", "no-column", "blank-column"],
)
def test_import_benchmarks_refuses_a_malformed_filter_before_queueing(
    filters: list[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "input.csv", VALID_FILE["import_benchmarks"])
    before = counts()
    with pytest.raises(CommandError, match="must be COLUMN=VALUE") as caught:
        run("import_benchmarks", path, **{**BENCHMARK_OPTIONS, "filter": filters})
    assert caught.value.returncode == 1
    assert counts() == before
    assert not ImportJob.objects.exists()


def test_import_benchmarks_keeps_a_published_rate_over_a_zero_denominator(
    tmp_path: Path,
) -> None:
    """A zero denominator is not divided by: the benchmark value is the rate DfE
    published. Counts that cannot be right (a numerator over a zero
    denominator) are dropped; the rate stays."""
    path = write(
        tmp_path,
        "input.csv",
        benchmark_file(
            la_row(
                "E06000016",
                num="3",
                den="0",
                rate="12.5",
                number="856",
                name="Leicester",
            ),
            la_row("E10000019", num="0", den="0", rate="z"),
        ),
    )
    job, _ = run("import_benchmarks", path, **BENCHMARK_OPTIONS)
    assert job.status == ImportJob.Status.SUCCEEDED
    leicester = Observation.all_objects.get(
        indicator__code="cpp", area__code="E06000016"
    )
    assert (leicester.value, leicester.numerator, leicester.denominator) == (
        Decimal("12.5"),
        None,
        None,
    )
    lincs = Observation.all_objects.get(indicator__code="cpp", area__code="E10000019")
    assert (lincs.value, lincs.suppression) == (None, "z")
