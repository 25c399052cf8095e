"""The definitions file's optional columns for how a figure is said:
`measured` (over a period or at its end), `span_years`, and the year types
that carry their reference date. A file without them still imports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from indicators.imports.definitions import validate_indicators
from indicators.models import Indicator
from tests.indicators.import_cases import (
    INDICATOR_HEADER,
    INDICATOR_OK,
    assert_rejected,
    csv_text,
    media,  # noqa: F401 (an autouse fixture)
    world,  # noqa: F401 (an autouse fixture)
    write,
)

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).parents[2] / "data/demo/indicators.csv"
HEADER = INDICATOR_HEADER + ",year_type,banded,measured,span_years"


def imported(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, "definitions.csv", content)
    call_command("import_indicators", str(path), stdout=io.StringIO())


def test_the_new_columns_say_how_a_figure_is_measured(tmp_path: Path) -> None:
    imported(
        tmp_path,
        csv_text(
            HEADER,
            "agency,Agency workers,Workforce,percent,lower,quartile,,,annual,1,,,september,yes,at,",
            "moves,School moves,Care,percent,lower,quartile,,,annual,0,,,reporting,yes,OVER,2",
            "leavers,Turnover,Workforce,percent,lower,quartile,,,annual,1,,,september,yes,,",
        ),
    )
    got = {
        i.code: (i.year_type, i.measured, i.span_years)
        for i in Indicator.objects.filter(code__in=["agency", "moves", "leavers"])
    }
    assert got == {
        "agency": ("september", "at", 1),
        "moves": ("reporting", "over", 2),
        "leavers": ("september", "over", 1),
    }


def test_a_file_without_the_new_columns_still_imports(tmp_path: Path) -> None:
    imported(tmp_path, csv_text(INDICATOR_HEADER, INDICATOR_OK))
    new = Indicator.objects.get(code="new-ind")
    assert (new.year_type, new.measured, new.span_years) == ("financial", "over", 1)


@pytest.mark.parametrize(
    ("measured", "span", "column", "reason"),
    [
        ("during", "1", "measured", "must be one of: over, at"),
        ("at", "0", "span_years", "must be a whole number from 1 to 10"),
        ("over", "two", "span_years", "must be a whole number from 1 to 10"),
    ],
)
def test_a_bad_measured_or_span_is_refused_with_its_reason(
    tmp_path: Path, measured: str, span: str, column: str, reason: str
) -> None:
    row = f"{INDICATOR_OK},reporting,yes,{measured},{span}"
    path = write(tmp_path, "bad.csv", csv_text(HEADER, row))
    assert_rejected(
        "import_indicators", path, row=2, column=column, reason=reason, options={}
    )


def test_the_demo_says_how_each_of_its_16_indicators_is_measured() -> None:
    result = validate_indicators(DEMO)
    assert not result.errors
    got = {
        row.code: (
            row.fields["year_type"],
            row.fields["measured"],
            row.fields["span_years"],
        )
        for row in result.rows
    }
    assert got == {
        "cpp-second-plan": ("reporting", "over", 1),
        "cpp-two-years": ("reporting", "at", 1),
        "re-referrals": ("reporting", "over", 1),
        "assessments-45-days": ("financial", "over", 1),
        "cla-rate": ("reporting", "at", 1),
        "cla-number": ("financial", "at", 1),
        "placement-stability": ("reporting", "at", 1),
        "school-moves": ("reporting", "over", 2),
        "adoption-18-months": ("financial", "over", 1),
        "care-leavers-eet": ("reporting", "over", 1),
        "care-leavers-accommodation": ("reporting", "over", 1),
        "sw-turnover": ("september", "over", 1),
        "sw-agency": ("september", "at", 1),
        "sw-caseload": ("september", "at", 1),
        "ehcp-20-weeks": ("financial", "over", 1),
        "youth-reoffending": ("financial", "over", 1),
    }
