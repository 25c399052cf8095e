"""Every way an import_neighbours file can be bad, in the long and the wide
(DfE) layout: rejected whole, and the home authority keeps its neighbours."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.models import StatisticalNeighbour
from tests.indicators.import_cases import (
    HOME,
    NEIGHBOUR_HEADER,
    NEIGHBOUR_OK,
    WIDE_HEADER,
    Case,
    assert_rejected,
    csv_text,
    media,  # noqa: F401 (an autouse fixture)
    world,  # noqa: F401 (an autouse fixture)
    write,
)

pytestmark = pytest.mark.django_db


# --- import_neighbours -----------------------------------------------------------------


def neighbour_file(*rows: str) -> bytes:
    return csv_text(NEIGHBOUR_HEADER, NEIGHBOUR_OK, *rows)


NEIGHBOUR_CASES = [
    Case(
        "missing-column",
        csv_text("la_code,neighbour_code", f"{HOME},E10000019"),
        1,
        "rank",
        "missing column: rank",
    ),
    Case(
        "wide-missing-area-column",
        csv_text("la_name,SN_1,SN_1P", "Leicestershire,925,Close"),
        1,
        "old_la_code",
        "missing column: old_la_code",
    ),
    Case(
        "unknown-area",
        neighbour_file("E99999999,E10000019,2"),
        3,
        "la_code",
        "unknown authority code or LA number",
    ),
    Case(
        "empty-area",
        neighbour_file(",E10000019,2"),
        3,
        "la_code",
        "unknown authority code or LA number",
    ),
    Case(
        "unknown-neighbour-number",
        neighbour_file(f"{HOME},999,2"),
        3,
        "neighbour_code",
        "unknown authority code or LA number",
    ),
    Case(
        "wide-unknown-neighbour",
        csv_text(WIDE_HEADER, "855,Leicestershire,925,Close,999,Close"),
        2,
        "SN_2",
        "unknown authority code or LA number",
    ),
    Case(
        "wide-unknown-area",
        csv_text(WIDE_HEADER, "999,Nowhere,925,Close,856,Close"),
        2,
        "old_la_code",
        "unknown authority code or LA number",
    ),
    Case(
        "own-neighbour",
        neighbour_file(f"{HOME},855,2"),
        3,
        "neighbour_code",
        "an authority cannot be its own neighbour",
    ),
    # A neighbour's "period" is its rank: a position from 1 to 50.
    Case(
        "rank-zero",
        neighbour_file(f"{HOME},E06000016,0"),
        3,
        "rank",
        "must be a whole number from 1 (closest) to 50",
    ),
    Case(
        "rank-too-large",
        neighbour_file(f"{HOME},E06000016,51"),
        3,
        "rank",
        "must be a whole number from 1 (closest) to 50",
    ),
    Case(
        "rank-not-a-number",
        neighbour_file(f"{HOME},E06000016,first"),
        3,
        "rank",
        "must be a whole number from 1 (closest) to 50",
    ),
    Case(
        "rank-fraction",
        neighbour_file(f"{HOME},E06000016,1.5"),
        3,
        "rank",
        "must be a whole number",
    ),
    Case(
        "rank-superscript-digit",
        neighbour_file(f"{HOME},E06000016,²"),
        3,
        "rank",
        "must be a whole number",
    ),
    Case(
        "rank-empty",
        neighbour_file(f"{HOME},E06000016,"),
        3,
        "rank",
        "must be a whole number",
    ),
    Case(
        "wide-closeness-too-long",
        csv_text(WIDE_HEADER, "855,Leicestershire,925," + "very " * 10 + ",856,Close"),
        2,
        "SN_1P",
        "is longer than 40 characters",
    ),
    Case(
        "duplicate-row",
        neighbour_file(NEIGHBOUR_OK),
        3,
        "neighbour_code",
        "duplicate neighbour: already given in row 2",
    ),
    Case(
        "duplicate-by-la-number",
        neighbour_file("855,925,2"),
        3,
        "neighbour_code",
        "duplicate neighbour: already given in row 2",
    ),
    Case(
        "duplicate-rank",
        neighbour_file(f"{HOME},E06000016,1"),
        3,
        "neighbour_code",
        "duplicate rank 1: already given in row 2",
    ),
    Case(
        "wide-duplicate-neighbour",
        csv_text(WIDE_HEADER, "855,Leicestershire,925,Close,E10000019,Close"),
        2,
        "SN_2",
        "duplicate neighbour: already given in row 2",
    ),
]


@pytest.mark.parametrize("case", NEIGHBOUR_CASES, ids=lambda c: c.id)
def test_import_neighbours_rejects_bad_rows(case: Case, tmp_path: Path) -> None:
    path = write(tmp_path, case.name, case.content)
    assert_rejected(
        "import_neighbours",
        path,
        row=case.row,
        column=case.column,
        reason=case.reason,
        options=case.options,
    )
    # The home authority keeps the neighbours it had.
    assert list(
        StatisticalNeighbour.objects.filter(area__code=HOME).values_list(
            "neighbour__code", "rank"
        )
    ) == [("E06000016", 1)]
