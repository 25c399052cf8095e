"""Every way an import_returns file can be bad (the cases are in
import_return_cases), submitted as a draft or published: rejected whole,
with each bad row named with its column."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.indicators.import_cases import (
    Case,
    assert_rejected,
    media,  # noqa: F401 (an autouse fixture)
    world,  # noqa: F401 (an autouse fixture)
    write,
)
from tests.indicators.import_return_cases import (
    RETURN_CASES,
    return_file,
)

pytestmark = pytest.mark.django_db


# --- import_returns --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "publish"),
    [
        pytest.param(
            case, publish, id=f"{'publish' if publish else 'submit'}-{case.id}"
        )
        for case in RETURN_CASES
        for publish in (False, True)
        # The performance team may revise a published figure (--publish).
        if not (publish and case.id == "published-figure-changed")
    ],
)
def test_import_returns_rejects_bad_rows(
    case: Case, publish: bool, tmp_path: Path
) -> None:
    path = write(tmp_path, case.name, case.content)
    assert_rejected(
        "import_returns",
        path,
        row=case.row,
        column=case.column,
        reason=case.reason,
        options={**case.options, "publish": publish},
    )


def test_import_returns_reports_every_bad_row_with_its_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "input.csv",
        return_file(
            "nope,2019/20 Q3,55,,,,",
            "assess,2019/20 Q9,55,,,,",
            "assess,2019/20 Q4,many,,,y,",
            "assess,2020/21 Q1,,0,0,,",
        ),
    )
    job = assert_rejected(
        "import_returns", path, row=3, column="indicator_code", reason="unknown",
        options={},
    )  # fmt: skip
    assert [(e["row"], e["column"], e["value"]) for e in job.errors] == [
        (3, "indicator_code", "nope"),
        (4, "period", "2019/20 Q9"),
        (5, "value", "many"),
        (5, "target", "y"),
        (6, "denominator", "0"),
    ]
    assert (job.rows_read, job.rows_valid) == (5, 1)
