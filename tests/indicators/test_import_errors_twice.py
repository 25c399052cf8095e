"""Importing the same valid file twice, with every import command, changes
nothing the second time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from indicators.models import ImportJob
from tests.indicators.import_cases import (
    BENCHMARK_HEADER,
    COMMANDS,
    ENGLAND_OK,
    HOME_OK,
    INDICATOR_HEADER,
    INDICATOR_OK,
    INDICATOR_UPDATE,
    OPTIONS,
    RETURN_HEADER,
    RETURN_OK,
    WIDE_HEADER,
    csv_text,
    la_row,
    media,  # noqa: F401 (an autouse fixture)
    run,
    state,
    world,  # noqa: F401 (an autouse fixture)
    write,
)

pytestmark = pytest.mark.django_db


# --- Importing the same file twice ---------------------------------------------------

IDEMPOTENT_FILES = {
    "import_indicators": csv_text(
        INDICATOR_HEADER + ",year_type,banded",
        INDICATOR_OK + ",academic,no",
        "second,Second indicator,New theme,rate,none,none,0.1234567,,annual,0,,,reporting,",
        INDICATOR_UPDATE + ",,",
    ),
    "import_neighbours": csv_text(
        WIDE_HEADER,
        "855,Leicestershire,925,Close ,E10000021,Somewhat close",
        "856,Leicester,855,Very close,,",
    ),
    "import_returns": csv_text(
        RETURN_HEADER,
        RETURN_OK,
        "assess,2019/20 Q4,,1,3,66.6666667,A third",
        "assess,2019/20 Q2,50,,,,",
        "cla,2025,71.25,,,,",
        "cpp,2025,c,,,,Suppressed",
    ),
    "import_benchmarks": csv_text(
        BENCHMARK_HEADER,
        ENGLAND_OK,
        HOME_OK,
        la_row(),
        la_row("E06000016", rate="x", num="c", den="c", number="856", name="Leicester"),
        la_row(
            "E10000020",
            rate="33.3333333333",
            num="1",
            den="3",
            number="926",
            name="Norfolk",
        ),
        la_row(
            "E12000004",
            level="Regional",
            region="E12000004",
            name="East Midlands",
            rate="22",
        ),
    ),
}


@pytest.mark.parametrize(
    ("command", "options"),
    [pytest.param(command, OPTIONS[command], id=command) for command in COMMANDS]
    + [pytest.param("import_returns", {"publish": True}, id="import_returns-publish")],
)
def test_importing_an_identical_valid_file_again_changes_nothing(
    command: str, options: dict[str, Any], tmp_path: Path
) -> None:
    path = write(tmp_path, "input.csv", IDEMPOTENT_FILES[command])
    first, _ = run(command, path, **options)
    assert first.status == ImportJob.Status.SUCCEEDED, first.errors
    assert first.counts["created"] > 0
    # A rating's computed_at says when the rules last ran, not what they said.
    after_first = state(ignore=("computed_at",))

    second, out = run(command, path, **options)
    assert second.status == ImportJob.Status.SUCCEEDED, second.errors
    assert second.pk != first.pk
    assert (second.counts["created"], second.counts["updated"]) == (0, 0)
    assert second.counts.get("removed", 0) == 0
    assert "nothing changed" in second.message
    assert "nothing changed" in out
    assert state(ignore=("computed_at",)) == after_first
