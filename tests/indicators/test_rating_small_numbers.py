"""Table-driven tests of the small-number rule (indicators/rating/) against DESIGN.md."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.rating import (
    is_small_number,
)
from tests.indicators.rating_cases import (
    D,
)

# --- Small numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("denominator", "numerator", "previous_numerator", "expected"),
    [
        pytest.param("29", None, None, True, id="denominator-below-30"),
        pytest.param("30", None, None, False, id="denominator-of-30"),
        pytest.param("0", None, None, True, id="denominator-of-0"),
        pytest.param("184", "28", "23", False, id="rise-of-5"),
        pytest.param("184", "28", "25", False, id="rise-of-3"),
        pytest.param("184", "28", "26", True, id="rise-of-2"),
        pytest.param("184", "28", "27", True, id="rise-of-1"),
        pytest.param("184", "28", "28", True, id="no-change-in-the-count"),
        pytest.param("184", "28", "30", True, id="fall-of-2"),
        pytest.param("184", "28", "31", False, id="fall-of-3"),
        pytest.param("184", "28", None, False, id="no-previous-count"),
        pytest.param("184", None, "28", False, id="no-current-count"),
        pytest.param(
            "29", "28", "10", True, id="small-denominator-whatever-the-change"
        ),
        pytest.param(None, "5", "4", True, id="no-denominator-small-change"),
        pytest.param(None, "10", "3", False, id="no-denominator-large-change"),
        pytest.param(None, None, None, False, id="nothing-known"),
    ],
)
def test_is_small_number(
    denominator: str | None,
    numerator: str | None,
    previous_numerator: str | None,
    expected: bool,
) -> None:
    def dec(v: str | None) -> Decimal | None:
        return None if v is None else D(v)

    assert (
        is_small_number(
            denominator=dec(denominator),
            numerator=dec(numerator),
            previous_numerator=dec(previous_numerator),
        )
        is expected
    )


def test_is_small_number_needs_only_the_denominator() -> None:
    assert is_small_number(denominator=D(29)) is True
    assert is_small_number(denominator=D(30)) is False
