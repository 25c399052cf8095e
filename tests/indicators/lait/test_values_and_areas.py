"""Reading LAIT values, suppression symbols, authorities and aggregates.

See test_reading.py for how these tests use the real files."""

from __future__ import annotations

import pytest

from indicators import lait
from indicators.lait import AreaKind
from indicators.rating import Figure, FigureError
from tests.indicators.lait.support import PREDECESSORS, D

# --- Values --------------------------------------------------------------------------


def test_the_only_symbol_in_the_file_is_a_dash_kept_without_a_value(survey):
    assert survey.unreadable == []
    assert survey.symbols == {"-": 93_883}
    for symbol in survey.symbols:
        assert lait.parse_lait_value(symbol) == Figure(None, symbol)


@pytest.mark.parametrize(
    ("text", "value"),
    [("37.700000000000003", D("37.7")), ("9.3699999999999992", D("9.37"))],
)
def test_the_issues_noisy_values_are_in_the_file_and_lose_their_noise(
    survey, text, value
):
    assert text in survey.values
    parsed = lait.parse_lait_value(text).value
    assert parsed == value
    assert str(parsed) == str(value)


@pytest.mark.parametrize("kind", ["noise", "scientific", "negative"])
def test_each_kind_of_number_in_the_file_reads_as_its_rounded_value(survey, kind):
    """Checked against float rounding, a different route to the same figure."""
    row = survey.examples[kind]
    parsed = lait.parse_lait_value(row.value).value
    assert parsed == D(repr(round(float(row.value), lait.VALUE_PLACES)))
    assert parsed.as_tuple().exponent >= -lait.VALUE_PLACES
    if kind == "negative":
        assert parsed < 0


def test_negative_values_are_progress_scores_and_gaps(survey):
    negative = {m for m, n in survey.negatives.items() if n}
    assert len(negative) == 44
    assert all("Prog" in m or "Gap" in m for m in negative), negative


def test_no_value_in_the_file_keeps_more_than_six_places(survey):
    assert 0 < survey.widest_places <= lait.VALUE_PLACES


@pytest.mark.parametrize(
    ("text", "value", "shown"),
    [
        ("4.7980000000000002E-2", D("0.04798"), "0.04798"),
        ("-0.13", D("-0.13"), "-0.13"),
        ("100.000", D("100"), "100"),
        ("1E+2", D("100"), "100"),
        ("-0.0000001", D("0"), "0"),
        ("1.3526308670363858", D("1.352631"), "1.352631"),
        ("0.0000005", D("0.000000"), "0"),  # half to even
        (855.0, D("855"), "855"),
        (" 12.5 ", D("12.5"), "12.5"),
        ("1e-999999", D("0"), "0"),
        ("0." + "1" * 5000, D("0.111111"), "0.111111"),
    ],
)
def test_numbers_are_rounded_to_six_places_without_exponent_or_minus_zero(
    text, value, shown
):
    figure = lait.parse_lait_value(text)
    assert figure == Figure(figure.value)
    assert figure.value == value
    assert str(figure.value) == shown


@pytest.mark.parametrize("symbol", ["-", "c", "x", "z", ":", ".."])
def test_every_suppression_symbol_is_kept_and_never_zero(symbol):
    assert lait.parse_lait_value(symbol) == Figure(None, symbol)


def test_an_empty_value_is_missing_and_text_is_refused():
    assert lait.parse_lait_value("") == Figure(None, "")
    assert lait.parse_lait_value(None) == Figure(None, "")
    with pytest.raises(FigureError):
        lait.parse_lait_value("n/a")
    with pytest.raises(FigureError):
        lait.parse_lait_value("nan")
    with pytest.raises(FigureError):
        lait.parse_lait_value("1e999999")


# --- Authorities and aggregates ------------------------------------------------------

# Every aggregate in the file (LA number 970 and above), with what it is.
AGGREGATES = {
    "970": ("England", AreaKind.ENGLAND, "E92000001"),
    "980": ("North East", AreaKind.REGION, "E12000001"),
    "981": ("North West", AreaKind.REGION, "E12000002"),
    "982": ("Yorkshire and the Humber", AreaKind.REGION, "E12000003"),
    "983": ("East Midlands", AreaKind.REGION, "E12000004"),
    "984": ("West Midlands", AreaKind.REGION, "E12000005"),
    "985": ("East of England", AreaKind.REGION, "E12000006"),
    "986": ("London", AreaKind.REGION, "E12000007"),
    "987": ("London (Inner)", AreaKind.GROUP, "E13000001"),
    "988": ("London (Outer)", AreaKind.GROUP, "E13000002"),
    "989": ("South East", AreaKind.REGION, "E12000008"),
    "990": ("South West", AreaKind.REGION, "E12000009"),
}


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        (855.0, "855"),
        ("855.0", "855"),
        ("855", "855"),
        (855, "855"),
        (" 970.00 ", "970"),
    ],
)
def test_an_la_number_reads_as_three_digits(cell, number):
    assert lait.la_number(cell) == number


@pytest.mark.parametrize(
    "cell", [None, "", "NA", "abc", 855.5, "855.5", float("nan"), True, 0, -1, "-855"]
)
def test_a_cell_that_is_not_an_la_number_is_refused(cell):
    with pytest.raises(lait.LaitAreaError):
        lait.la_number(cell)


def test_every_aggregate_in_the_file_is_england_a_region_or_a_group(survey):
    aggregates = {n: names for n, names in survey.areas.items() if int(n) >= 970}
    assert set(aggregates) == set(AGGREGATES)
    for number, names in aggregates.items():
        name, kind, code = AGGREGATES[number]
        assert names == {(name, "NA")}  # Region holds the text NA
        assert lait.lait_area(float(number), name) == lait.LaitArea(
            number, name, kind, code
        )


def test_authorities_below_970_are_local_authorities(survey):
    authorities = {n: names for n, names in survey.areas.items() if int(n) < 970}
    assert len(authorities) == 170 - len(AGGREGATES)
    for number, names in authorities.items():
        ((name, region),) = names
        assert region != "NA"
        assert lait.lait_area(number, name).kind is AreaKind.LOCAL_AUTHORITY


def test_predecessor_authorities_carry_figures(survey):
    for number, name in PREDECESSORS.items():
        ((found, _region),) = survey.areas[number]
        assert found == name
        assert survey.available[number] > 100


def test_england_is_970_and_only_970():
    with pytest.raises(lait.LaitAreaError, match="970 is England"):
        lait.lait_area(970.0, "North East")
    with pytest.raises(lait.LaitAreaError, match="970 is England"):
        lait.lait_area(981.0, "England")


def test_an_unknown_aggregate_is_a_group_without_a_code():
    assert lait.lait_area("995", "Shire counties") == lait.LaitArea(
        "995", "Shire counties", AreaKind.GROUP, ""
    )
