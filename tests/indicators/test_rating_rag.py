"""Table-driven tests of the RAG rating (indicators/rating/) against DESIGN.md."""

from __future__ import annotations

import pytest

from indicators.rating import (
    Polarity,
    Rag,
    RagMethod,
    rag,
    rag_by_quartile,
    rag_by_target,
)
from tests.indicators.rating_cases import (
    HIGHER,
    LOWER,
    NONE,
    D,
)

# --- RAG -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "polarity", "tolerance", "expected"),
    [
        # Higher is better, target 80, tolerance 5: amber down to 75.
        pytest.param("85", "80", HIGHER, "5", Rag.GREEN, id="higher-beats-target"),
        pytest.param("80", "80", HIGHER, "5", Rag.GREEN, id="higher-meets-target"),
        pytest.param("79.99", "80", HIGHER, "5", Rag.AMBER, id="higher-just-misses"),
        pytest.param(
            "75", "80", HIGHER, "5", Rag.AMBER, id="higher-misses-by-the-tolerance"
        ),
        pytest.param(
            "74.99", "80", HIGHER, "5", Rag.RED, id="higher-misses-beyond-tolerance"
        ),
        pytest.param("60", "80", HIGHER, "5", Rag.RED, id="higher-far-below"),
        pytest.param("80", "80", HIGHER, "0", Rag.GREEN, id="higher-no-tolerance-meets"),
        pytest.param(
            "79.99", "80", HIGHER, "0", Rag.RED, id="higher-no-tolerance-means-no-amber"
        ),
        pytest.param("79", "80", HIGHER, None, Rag.RED, id="default-tolerance-is-0"),
        # Lower is better, target 10, tolerance 2: amber up to 12.
        pytest.param("9", "10", LOWER, "2", Rag.GREEN, id="lower-beats-target"),
        pytest.param("10", "10", LOWER, "2", Rag.GREEN, id="lower-meets-target"),
        pytest.param("11", "10", LOWER, "2", Rag.AMBER, id="lower-misses-within"),
        pytest.param(
            "12", "10", LOWER, "2", Rag.AMBER, id="lower-misses-by-the-tolerance"
        ),
        pytest.param(
            "12.01", "10", LOWER, "2", Rag.RED, id="lower-misses-beyond-tolerance"
        ),
        pytest.param("10", "10", LOWER, "0", Rag.GREEN, id="lower-no-tolerance-meets"),
        pytest.param(
            "10.01", "10", LOWER, "0", Rag.RED, id="lower-no-tolerance-means-no-amber"
        ),
        # A fractional tolerance, 0.5 (a mutant `tolerance > 1` drops its amber).
        pytest.param(
            "79.6", "80", HIGHER, "0.5", Rag.AMBER,
            id="higher-misses-within-a-fractional-tolerance",
        ),
        pytest.param(
            "79.5", "80", HIGHER, "0.5", Rag.AMBER,
            id="higher-misses-by-a-fractional-tolerance",
        ),
        pytest.param(
            "79.49", "80", HIGHER, "0.5", Rag.RED,
            id="higher-misses-beyond-a-fractional-tolerance",
        ),
        pytest.param(
            "10.25", "10", LOWER, "0.5", Rag.AMBER,
            id="lower-misses-within-a-fractional-tolerance",
        ),
        pytest.param(
            "10.6", "10", LOWER, "0.5", Rag.RED,
            id="lower-misses-beyond-a-fractional-tolerance",
        ),
        # n/a.
        pytest.param("85", "80", NONE, "5", Rag.NA, id="no-polarity"),
        pytest.param("85", None, HIGHER, "5", Rag.NA, id="no-target"),
        pytest.param(None, "80", HIGHER, "5", Rag.NA, id="no-value"),
        pytest.param("85", "80", "higher", "5", Rag.GREEN, id="polarity-as-string"),
    ],
)  # fmt: skip
def test_rag_by_target(
    value: str | None,
    target: str | None,
    polarity: Polarity | str,
    tolerance: str | None,
    expected: Rag,
) -> None:
    val = None if value is None else D(value)
    tgt = None if target is None else D(target)
    if tolerance is None:
        assert rag_by_target(val, tgt, polarity) is expected
    else:
        assert rag_by_target(val, tgt, polarity, D(tolerance)) is expected


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        pytest.param(1, Rag.GREEN, id="top-quartile-green"),
        pytest.param(2, Rag.AMBER, id="second-quartile-amber"),
        pytest.param(3, Rag.AMBER, id="third-quartile-amber"),
        pytest.param(4, Rag.RED, id="bottom-quartile-red"),
        pytest.param(None, Rag.NA, id="no-quartile"),
    ],
)
def test_rag_by_quartile(band: int | None, expected: Rag) -> None:
    assert rag_by_quartile(band) is expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # Target method delegates to rag_by_target.
        pytest.param(
            {"method": RagMethod.TARGET, "polarity": HIGHER, "value": D(76),
             "target": D(80), "tolerance": D(5)},
            Rag.AMBER, id="target-within-tolerance-amber",
        ),
        pytest.param(
            {"method": "target", "polarity": LOWER, "value": D("10.3"),
             "target": D(10), "tolerance": D("0.5")},
            Rag.AMBER, id="target-within-a-fractional-tolerance-amber",
        ),
        pytest.param(
            {"method": "target", "polarity": "lower", "value": D(9), "target": D(10)},
            Rag.GREEN, id="target-lower-beats-green",
        ),
        pytest.param(
            {"method": "target", "polarity": HIGHER, "value": D(76),
             "target": D(80)},
            Rag.RED, id="target-default-tolerance-no-amber",
        ),
        pytest.param(
            {"method": "target", "polarity": HIGHER, "value": D(76)},
            Rag.NA, id="target-without-a-target",
        ),
        # Quartile method.
        pytest.param(
            {"method": RagMethod.QUARTILE, "polarity": HIGHER, "value": D(1),
             "quartile": 1},
            Rag.GREEN, id="quartile-1-green",
        ),
        pytest.param(
            {"method": "quartile", "polarity": LOWER, "value": D(1), "quartile": 2},
            Rag.AMBER, id="quartile-2-amber",
        ),
        pytest.param(
            {"method": "quartile", "polarity": LOWER, "value": D(1), "quartile": 3},
            Rag.AMBER, id="quartile-3-amber",
        ),
        pytest.param(
            {"method": "quartile", "polarity": HIGHER, "value": D(1), "quartile": 4},
            Rag.RED, id="quartile-4-red",
        ),
        pytest.param(
            {"method": "quartile", "polarity": HIGHER, "value": D(1)},
            Rag.NA, id="quartile-without-a-quartile",
        ),
        pytest.param(
            {"method": "quartile", "polarity": HIGHER, "value": None, "quartile": 1},
            Rag.NA, id="quartile-without-a-value",
        ),
        pytest.param(
            {"method": "quartile", "polarity": HIGHER, "value": D(1), "quartile": 1,
             "target": D(100)},
            Rag.GREEN, id="quartile-ignores-the-target",
        ),
        # Manual method: whatever the performance team set.
        pytest.param(
            {"method": RagMethod.MANUAL, "polarity": HIGHER, "value": D(1),
             "manual": "red"},
            Rag.RED, id="manual-red",
        ),
        pytest.param(
            {"method": "manual", "polarity": LOWER, "value": D(1), "manual": "amber"},
            Rag.AMBER, id="manual-amber",
        ),
        pytest.param(
            {"method": "manual", "polarity": HIGHER, "value": D(1),
             "manual": Rag.GREEN},
            Rag.GREEN, id="manual-green-enum",
        ),
        pytest.param(
            {"method": "manual", "polarity": HIGHER, "value": D(90), "target": D(80),
             "quartile": 1, "manual": "red"},
            Rag.RED, id="manual-ignores-target-and-quartile",
        ),
        pytest.param(
            {"method": "manual", "polarity": HIGHER, "value": D(1)},
            Rag.NA, id="manual-not-set",
        ),
        pytest.param(
            {"method": "manual", "polarity": HIGHER, "value": D(1), "manual": ""},
            Rag.NA, id="manual-blank",
        ),
        # Method none, or polarity none: always n/a.
        pytest.param(
            {"method": RagMethod.NONE, "polarity": HIGHER, "value": D(90),
             "target": D(80)},
            Rag.NA, id="method-none-with-a-met-target",
        ),
        pytest.param(
            {"method": "none", "polarity": HIGHER, "value": D(1), "quartile": 1,
             "manual": "green"},
            Rag.NA, id="method-none-with-a-quartile-and-manual",
        ),
        pytest.param(
            {"method": "target", "polarity": NONE, "value": D(90), "target": D(80)},
            Rag.NA, id="polarity-none-target",
        ),
        pytest.param(
            {"method": "quartile", "polarity": "none", "value": D(1), "quartile": 1},
            Rag.NA, id="polarity-none-quartile",
        ),
        pytest.param(
            {"method": "manual", "polarity": NONE, "value": D(1), "manual": "red"},
            Rag.NA, id="polarity-none-manual",
        ),
    ],
)  # fmt: skip
def test_rag_by_method(kwargs: dict[str, object], expected: Rag) -> None:
    assert rag(**kwargs) is expected  # type: ignore[arg-type]
