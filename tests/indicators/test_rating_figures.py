"""Table-driven tests of reading figures, suppression and percentages
(indicators/rating/) against DESIGN.md."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.rating import (
    Figure,
    FigureError,
    parse_figure,
    percentage,
)
from tests.indicators.rating_cases import (
    D,
)

# --- Figures and suppression -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("12", D("12"), id="integer"),
        pytest.param("12.5", D("12.5"), id="decimal"),
        pytest.param("0", D("0"), id="zero"),
        pytest.param("-3.25", D("-3.25"), id="negative"),
        pytest.param("+4", D("4"), id="explicit-plus"),
        pytest.param(".5", D("0.5"), id="leading-point"),
        pytest.param("5.", D("5"), id="trailing-point"),
        pytest.param("1e3", D("1000"), id="exponent"),
        pytest.param("2.5E-1", D("0.25"), id="negative-exponent"),
        pytest.param("1,234", D("1234"), id="thousands-comma"),
        pytest.param("1,234,567.89", D("1234567.89"), id="two-thousands-commas"),
        pytest.param("-1,234", D("-1234"), id="negative-with-comma"),
        pytest.param("15.2%", D("15.2"), id="percent-sign"),
        pytest.param("15.2 %", D("15.2"), id="percent-sign-after-a-space"),
        pytest.param("1,234.5%", D("1234.5"), id="comma-and-percent"),
        pytest.param("  42  ", D("42"), id="surrounding-whitespace"),
        pytest.param("\ufeff42", D("42"), id="byte-order-mark"),
        pytest.param("999999999999", D("999999999999"), id="largest-allowed"),
        pytest.param("-999999999999.99", D("-999999999999.99"), id="most-negative"),
        pytest.param(42, D("42"), id="int"),
        pytest.param(D("3.14"), D("3.14"), id="decimal-object"),
        pytest.param(0.1, D("0.1"), id="float-read-as-written"),
    ],
)
def test_parse_figure_reads_numbers(text: object, expected: Decimal) -> None:
    figure = parse_figure(text)
    assert isinstance(figure.value, Decimal)
    assert figure.value == expected
    assert figure.symbol == ""
    assert figure.available


@pytest.mark.parametrize(
    "text",
    ["0", "-0", "7", "100", "120.50", "-3.25", "0.000", "999999999999", "12.0"],
)
def test_parse_figure_plain_cells_read_as_the_general_path_reads_them(
    text: str,
) -> None:
    """Plain cells take a short path; a space in front forces the general one."""
    fast, general = parse_figure(text), parse_figure(f" {text}")
    assert fast == general
    assert str(fast.value) == str(general.value)


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        *(
            pytest.param(s, s, id=f"symbol-{s}")
            for s in ("c", "x", "z", "low", "k", "u", ":", "..", "-")
        ),
        pytest.param("C", "c", id="upper-case-c"),
        pytest.param("LOW", "low", id="upper-case-low"),
        pytest.param(" x ", "x", id="symbol-with-whitespace"),
    ],
)
def test_parse_figure_keeps_suppression_symbols_as_not_available(
    text: str, symbol: str
) -> None:
    figure = parse_figure(text)
    assert figure.value is None  # never zero
    assert figure.symbol == symbol
    assert not figure.available


@pytest.mark.parametrize(
    ("text",),
    [
        pytest.param(None, id="none"),
        pytest.param("", id="empty"),
        pytest.param("   ", id="whitespace"),
        pytest.param("\ufeff", id="only-a-byte-order-mark"),
    ],
)
def test_parse_figure_reads_blanks_as_not_available_without_a_symbol(
    text: object,
) -> None:
    assert parse_figure(text) == Figure(None, "")


@pytest.mark.parametrize(
    ("text",),
    [
        pytest.param("abc", id="words"),
        pytest.param("12abc", id="trailing-letters"),
        pytest.param("1.2.3", id="two-points"),
        pytest.param("12,34", id="comma-not-a-thousands-separator"),
        pytest.param("1,2345", id="comma-before-four-digits"),
        pytest.param("1,234,56", id="short-last-group"),
        pytest.param("%", id="percent-sign-alone"),
        pytest.param("12%%", id="two-percent-signs"),
        pytest.param("0x10", id="hexadecimal"),
        pytest.param("£12", id="currency-sign"),
        pytest.param("NaN", id="string-nan"),
        pytest.param("nan", id="string-nan-lower"),
        pytest.param("inf", id="string-inf"),
        pytest.param("Infinity", id="string-infinity"),
        pytest.param("-Infinity", id="string-minus-infinity"),
        pytest.param("1e12", id="string-at-the-limit"),
        pytest.param("-1e12", id="string-negative-at-the-limit"),
        pytest.param("1000000000000", id="string-a-trillion"),
        pytest.param(10**12, id="int-at-the-limit"),
        pytest.param(1e12, id="float-at-the-limit"),
        pytest.param(float("nan"), id="float-nan"),
        pytest.param(float("inf"), id="float-infinity"),
        pytest.param(float("-inf"), id="float-minus-infinity"),
        pytest.param(D("NaN"), id="decimal-nan"),
        pytest.param(D("Infinity"), id="decimal-infinity"),
        pytest.param(D("-Infinity"), id="decimal-minus-infinity"),
        pytest.param(True, id="bool-true"),
        pytest.param(False, id="bool-false"),
    ],
)
def test_parse_figure_rejects_anything_else(text: object) -> None:
    with pytest.raises(FigureError):
        parse_figure(text)


def test_parse_figure_error_quotes_a_long_cell_shortened() -> None:
    cell = "not a number " * 10
    with pytest.raises(FigureError) as caught:
        parse_figure(cell)
    message = str(caught.value)
    assert "…" in message
    assert cell not in message
    assert cell[:39] in message


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        pytest.param(D(1), D(4), D(25), id="a-quarter"),
        pytest.param(D(5), D(5), D(100), id="all"),
        pytest.param(D(0), D(10), D(0), id="none-of-them"),
        pytest.param(D(3), D(0), None, id="zero-denominator"),
        pytest.param(D(0), D(0), None, id="zero-over-zero"),
    ],
)
def test_percentage(
    numerator: Decimal, denominator: Decimal, expected: Decimal | None
) -> None:
    assert percentage(numerator, denominator) == expected


def test_percentage_of_28_children_in_184_is_15_point_2() -> None:
    # "15.2% (28 children)": 2800 / 184 = 15.217...
    result = percentage(D(28), D(184))
    assert result is not None
    assert result.quantize(D("0.01")) == D("15.22")
