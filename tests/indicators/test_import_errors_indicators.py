"""Every way an import_indicators file can be bad: rejected whole, with
each bad row named, and the existing indicator left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.models import Indicator
from tests.indicators.import_cases import (
    INDICATOR_HEADER,
    INDICATOR_OK,
    INDICATOR_UPDATE,
    Case,
    assert_rejected,
    csv_text,
    media,  # noqa: F401 (an autouse fixture)
    run,
    world,  # noqa: F401 (an autouse fixture)
    write,
)

pytestmark = pytest.mark.django_db


# --- import_indicators -----------------------------------------------------------------


def indicator_file(*rows: str, header: str = INDICATOR_HEADER) -> bytes:
    return csv_text(header, INDICATOR_UPDATE, *rows)


def indicator_row(**changes: str) -> str:
    values = dict(
        zip(INDICATOR_HEADER.split(","), INDICATOR_OK.split(","), strict=True)
    )
    values.update(changes)
    return ",".join(values.values())


INDICATOR_CASES = [
    Case(
        "missing-column",
        csv_text(INDICATOR_HEADER.replace(",polarity", ""), "x"),
        1,
        "polarity",
        "missing column: polarity",
    ),
    Case(
        "missing-columns",
        csv_text("code,name,theme", "a,b,c"),
        1,
        "unit, polarity, rag_method, tolerance, significance_threshold, frequency, "
        "decimals, source, description",
        "missing columns: unit, polarity",
    ),
    Case(
        "bad-code",
        indicator_file(indicator_row(code="bad code!")),
        3,
        "code",
        "must be 1 to 60 letters, digits, hyphens or underscores",
    ),
    Case(
        "empty-code",
        indicator_file(indicator_row(code="")),
        3,
        "code",
        "must be 1 to 60 letters",
    ),
    Case(
        "long-code",
        indicator_file(indicator_row(code="x" * 61)),
        3,
        "code",
        "must be 1 to 60 letters",
    ),
    Case("no-name", indicator_file(indicator_row(name="")), 3, "name", "is required"),
    Case(
        "no-theme", indicator_file(indicator_row(theme="")), 3, "theme", "is required"
    ),
    Case(
        "long-name",
        indicator_file(indicator_row(name="n" * 301)),
        3,
        "name",
        "is longer than 300 characters",
    ),
    Case(
        "long-theme",
        indicator_file(indicator_row(theme="t" * 201)),
        3,
        "theme",
        "is longer than 200 characters",
    ),
    Case(
        "unknown-unit",
        indicator_file(indicator_row(unit="percentage")),
        3,
        "unit",
        "must be one of: percent, number, rate, score, days, currency",
    ),
    Case(
        "unknown-polarity",
        indicator_file(indicator_row(polarity="up")),
        3,
        "polarity",
        "must be one of: higher, lower, none",
    ),
    Case(
        "unknown-rag-method",
        indicator_file(indicator_row(rag_method="vibes")),
        3,
        "rag_method",
        "must be one of: target, quartile, manual, none",
    ),
    # The period of an indicator is its frequency and year type.
    Case(
        "bad-frequency",
        indicator_file(indicator_row(frequency="fortnightly")),
        3,
        "frequency",
        "must be one of: monthly, quarterly, annual",
    ),
    Case(
        "bad-year-type",
        csv_text(
            INDICATOR_HEADER + ",year_type,banded",
            INDICATOR_UPDATE + ",financial,yes",
            INDICATOR_OK + ",fiscal,yes",
        ),
        3,
        "year_type",
        "must be one of: financial, academic, calendar, reporting",
    ),
    Case(
        "bad-banded",
        csv_text(
            INDICATOR_HEADER + ",year_type,banded",
            INDICATOR_UPDATE + ",,",
            INDICATOR_OK + ",,maybe",
        ),
        3,
        "banded",
        "must be one of: yes, no",
    ),
    Case(
        "bad-cumulative",
        csv_text(
            INDICATOR_HEADER + ",cumulative",
            INDICATOR_UPDATE + ",",
            INDICATOR_OK + ",year to date",
        ),
        3,
        "cumulative",
        "must be one of: yes, no",
    ),
    Case(
        "tolerance-not-a-number",
        indicator_file(indicator_row(tolerance="abc")),
        3,
        "tolerance",
        "'abc' is not a number or a suppression symbol",
    ),
    Case(
        "tolerance-nan",
        indicator_file(indicator_row(tolerance="NaN")),
        3,
        "tolerance",
        "is not a number",
    ),
    Case(
        "tolerance-suppressed",
        indicator_file(indicator_row(tolerance="c")),
        3,
        "tolerance",
        "must be a number (or empty for 0)",
    ),
    Case(
        "tolerance-negative",
        indicator_file(indicator_row(tolerance="-1")),
        3,
        "tolerance",
        "must not be negative",
    ),
    Case(
        "threshold-too-large",
        indicator_file(indicator_row(significance_threshold="1e13")),
        3,
        "significance_threshold",
        "is too large",
    ),
    Case(
        "decimals-not-a-number",
        indicator_file(indicator_row(decimals="two")),
        3,
        "decimals",
        "must be a whole number from 0 to 6",
    ),
    Case(
        "decimals-too-many",
        indicator_file(indicator_row(decimals="7")),
        3,
        "decimals",
        "must be a whole number from 0 to 6",
    ),
    Case(
        "decimals-superscript-digit",
        indicator_file(indicator_row(decimals="²")),
        3,
        "decimals",
        "must be a whole number from 0 to 6",
    ),
    Case(
        "duplicate-row",
        indicator_file(INDICATOR_OK, INDICATOR_OK),
        4,
        "code",
        "duplicate row: the same code as row 3",
    ),
    Case(
        "duplicate-of-first-row",
        indicator_file(INDICATOR_UPDATE),
        3,
        "code",
        "duplicate row: the same code as row 2",
    ),
]


@pytest.mark.parametrize("case", INDICATOR_CASES, ids=lambda c: c.id)
def test_import_indicators_rejects_bad_rows(case: Case, tmp_path: Path) -> None:
    path = write(tmp_path, case.name, case.content)
    assert_rejected(
        "import_indicators",
        path,
        row=case.row,
        column=case.column,
        reason=case.reason,
        options=case.options,
    )
    assert Indicator.objects.get(code="assess").name == "Assessments in time"


def test_import_indicators_reports_every_bad_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "input.csv",
        indicator_file(
            indicator_row(code="a", unit="pc", tolerance="x"),
            indicator_row(code="b"),
            indicator_row(code="c", decimals="9"),
        ),
    )
    job = assert_rejected(
        "import_indicators", path, row=3, column="unit", reason="must be one of",
        options={},
    )  # fmt: skip
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (3, "unit"),
        (3, "tolerance"),
        (5, "decimals"),
    ]
    assert (job.rows_read, job.rows_valid) == (4, 2)
    assert job.message == "Rejected: 3 row errors; nothing was written."


def test_import_indicators_reads_the_optional_cumulative_column(tmp_path: Path) -> None:
    """`cumulative` (yes or no, empty for no) marks a measure whose year to
    date the committee reads against its target; a file without the column
    leaves it no."""
    path = write(
        tmp_path, "input.csv",
        csv_text(
            INDICATOR_HEADER + ",cumulative",
            INDICATOR_UPDATE + ",",
            INDICATOR_OK + ",yes",
        ),
    )  # fmt: skip
    job, _ = run("import_indicators", path)
    assert job.status == "succeeded", job.errors
    assert Indicator.objects.get(code="new-ind").cumulative is True
    assert Indicator.objects.get(code="assess").cumulative is False
    path = write(tmp_path, "again.csv", indicator_file(indicator_row(code="other")))
    run("import_indicators", path)
    assert Indicator.objects.get(code="other").cumulative is False
