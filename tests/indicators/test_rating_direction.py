"""Table-driven tests of the direction of travel (indicators/rating/) against DESIGN.md."""

from __future__ import annotations

import pytest

from indicators.rating import (
    Direction,
    Polarity,
    direction,
)
from tests.indicators.rating_cases import (
    HIGHER,
    LOWER,
    NONE,
    D,
)

# --- Direction of travel ------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "threshold", "expected"),
    [
        # Default threshold 0: LAIT's plain sign of the change.
        pytest.param("11", "10", HIGHER, None, Direction.IMPROVED, id="higher-up"),
        pytest.param("9", "10", HIGHER, None, Direction.DECLINED, id="higher-down"),
        pytest.param("10", "10", HIGHER, None, Direction.NO_CHANGE, id="higher-same"),
        pytest.param(
            "10.001", "10", HIGHER, None, Direction.IMPROVED, id="higher-tiny-rise"
        ),
        pytest.param("9", "10", LOWER, None, Direction.IMPROVED, id="lower-down"),
        pytest.param("11", "10", LOWER, None, Direction.DECLINED, id="lower-up"),
        pytest.param("10", "10", LOWER, None, Direction.NO_CHANGE, id="lower-same"),
        pytest.param(
            "9.999", "10", LOWER, None, Direction.IMPROVED, id="lower-tiny-fall"
        ),
        # A change between 0 and 1 (which a mutant `change < 1` calls better).
        pytest.param(
            "10.5", "10", LOWER, None, Direction.DECLINED,
            id="lower-rise-between-0-and-1",
        ),
        pytest.param(
            "9.5", "10", HIGHER, None, Direction.DECLINED,
            id="higher-fall-between-0-and-1",
        ),
        pytest.param(
            "11", "10", "higher", None, Direction.IMPROVED, id="polarity-as-string"
        ),
        # Threshold 2: the change must exceed it.
        pytest.param(
            "12", "10", HIGHER, "2", Direction.NO_CHANGE, id="higher-rise-at-threshold"
        ),
        pytest.param(
            "12.01", "10", HIGHER, "2", Direction.IMPROVED,
            id="higher-rise-beyond-threshold",
        ),
        pytest.param(
            "11", "10", HIGHER, "2", Direction.NO_CHANGE,
            id="higher-rise-within-threshold",
        ),
        pytest.param(
            "8", "10", HIGHER, "2", Direction.NO_CHANGE, id="higher-fall-at-threshold"
        ),
        pytest.param(
            "7.99", "10", HIGHER, "2", Direction.DECLINED,
            id="higher-fall-beyond-threshold",
        ),
        pytest.param(
            "8", "10", LOWER, "2", Direction.NO_CHANGE, id="lower-fall-at-threshold"
        ),
        pytest.param(
            "7.99", "10", LOWER, "2", Direction.IMPROVED,
            id="lower-fall-beyond-threshold",
        ),
        pytest.param(
            "12", "10", LOWER, "2", Direction.NO_CHANGE, id="lower-rise-at-threshold"
        ),
        pytest.param(
            "12.01", "10", LOWER, "2", Direction.DECLINED,
            id="lower-rise-beyond-threshold",
        ),
        pytest.param(
            "10", "10", LOWER, "2", Direction.NO_CHANGE, id="lower-same-with-threshold"
        ),
        # A fractional threshold, 0.5.
        pytest.param(
            "10.5", "10", LOWER, "0.5", Direction.NO_CHANGE,
            id="lower-rise-at-a-fractional-threshold",
        ),
        pytest.param(
            "10.51", "10", LOWER, "0.5", Direction.DECLINED,
            id="lower-rise-beyond-a-fractional-threshold",
        ),
        pytest.param(
            "10.49", "10", HIGHER, "0.5", Direction.NO_CHANGE,
            id="higher-rise-within-a-fractional-threshold",
        ),
        # n/a: no polarity, or a missing value.
        pytest.param("11", "10", NONE, None, Direction.NA, id="no-polarity-rise"),
        pytest.param("10", "10", NONE, None, Direction.NA, id="no-polarity-same"),
        pytest.param("11", None, HIGHER, None, Direction.NA, id="no-previous-higher"),
        pytest.param("11", None, LOWER, None, Direction.NA, id="no-previous-lower"),
        pytest.param(None, "10", HIGHER, None, Direction.NA, id="no-current"),
        pytest.param(None, None, LOWER, None, Direction.NA, id="neither"),
    ],
)  # fmt: skip
def test_direction_of_travel(
    current: str | None,
    previous: str | None,
    polarity: Polarity | str,
    threshold: str | None,
    expected: Direction,
) -> None:
    cur = None if current is None else D(current)
    prev = None if previous is None else D(previous)
    if threshold is None:
        assert direction(cur, prev, polarity) is expected
    else:
        assert direction(cur, prev, polarity, D(threshold)) is expected
