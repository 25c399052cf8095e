"""Reading the LAIT data dictionary, checked against the stdlib `csv` reading.

See test_reading.py for how these tests use the real files."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from datetime import date

import pytest
from openpyxl import Workbook

from indicators import lait
from indicators.imports import FileRejected
from indicators.lait import Unit
from indicators.rating import Polarity, YearType
from tests.indicators.lait.support import AXIS_UNITS, DICTIONARY

# --- The data dictionary -------------------------------------------------------------


def test_the_dictionary_has_434_measures_one_per_measure_short(
    dictionary, raw_dictionary
):
    assert len(raw_dictionary) == 448
    assert len(dictionary) == 434
    assert [m.short for m in dictionary] == list(
        dict.fromkeys(r["Measure_short"] for r in raw_dictionary)
    )


def test_measure_code_is_kept_but_is_not_unique(dictionary):
    codes = Counter(m.measure_code for m in dictionary)
    assert codes["361"] == 30
    assert codes[""] == 36  # NA
    assert len(codes) - 1 == 150
    assert sorted(c for c in codes if c and not c.isdigit()) == ["208b", "273b", "341a"]


def test_a_measure_under_two_topics_is_one_measure(
    dictionary, by_short, raw_dictionary
):
    topics: dict[str, list[str]] = defaultdict(list)
    for row in raw_dictionary:
        topics[row["Measure_short"]].append(row["Topic"])
    twice = {s for s, t in topics.items() if len(t) > 1}
    assert len(twice) == 14
    assert {m.short for m in dictionary if m.other_topics} == twice
    for short in twice:
        measure = by_short[short]
        assert [measure.topic, *measure.other_topics] == topics[short]
    fixed = by_short["LAC_Fixed_ Ex"]
    assert (fixed.topic, fixed.other_topics) == (
        "Children Looked After",
        ("All Pupil Absence & Exclusions",),
    )
    assert "axis_name" in fixed.conflicts


def test_a_measure_is_banded_only_if_every_row_says_so(by_short, raw_dictionary):
    not_banded = {r["Measure_short"] for r in raw_dictionary if r["No_Quartile"] == "N"}
    assert len(not_banded) == 21
    assert {s for s, m in by_short.items() if not m.banded} == not_banded
    # Two measures are banded under one topic and not under the other.
    for short in ("CINPermExclusion", "CINPermAbsent_3Term"):
        assert by_short[short].banded is False
        assert "banded" in by_short[short].conflicts


def test_codes_are_unique_slugs_even_for_measure_shorts_with_symbols(dictionary):
    special = [m for m in dictionary if re.search(r"[ %&,<()]", m.short)]
    assert len(special) == 50
    codes = [m.code for m in dictionary]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert re.fullmatch(r"lait-[a-z0-9]+(?:[-_][a-z0-9]+)*", code), code
        assert len(code) <= lait.CODE_MAX_LENGTH
    assert [lait.lait_code(m.short) for m in dictionary] == codes  # stable


@pytest.mark.parametrize(
    ("short", "code"),
    [
        ("Hosp_Adm_Alc_<18yrs", "lait-hosp_adm_alc-lt-18yrs"),
        ("CPP_Total_Rateper10,000", "lait-cpp_total_rateper10-000"),
        ("LAC_Fixed_ Ex", "lait-lac_fixed-ex"),
        ("%_2yr_olds", "lait-pct-2yr_olds"),
        ("16-17Ed&Training", "lait-16-17ed-and-training"),
        ("Number_Foster_Places(New)", "lait-number_foster_places-new"),
        ("NEW_KS2_RWM_Sen_W/Osta", "lait-new_ks2_rwm_sen_w-osta"),
        ("InfMort", "lait-infmort"),
    ],
)
def test_a_code_is_a_slug_of_measure_short(short, code):
    assert lait.lait_code(short) == code


def test_measures_whose_codes_clash_are_refused(tmp_path, raw_dictionary):
    rows = [dict(raw_dictionary[0], Measure_short=s) for s in ("A B", "A,B", "C")]
    path = tmp_path / "clash.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(lait.LaitDictionaryError, match=r"A B and A,B \(lait-a-b\)"):
        lait.read_dictionary(path)


def test_descriptions_are_read_as_utf8_not_latin1(dictionary, raw_dictionary):
    accented = [m for m in dictionary if re.search(r"[^\x00-\x7f]", m.description)]
    assert len(accented) == 125  # 131 rows, with the duplicates
    for measure in dictionary:
        for text in (
            measure.description,
            measure.methodology,
            measure.name,
            measure.axis_name,
        ):
            assert not re.search("â€|Ã|Â", text), measure.short
    assert "½" in {m.short: m for m in dictionary}["HCP_PHOF"].axis_name
    # What latin-1 would have done: the 131 descriptions come out different.
    with open(DICTIONARY, encoding="latin-1", newline="") as handle:
        latin = list(csv.DictReader(handle))
    assert (
        sum(
            a["Description"] != b["Description"]
            for a, b in zip(latin, raw_dictionary, strict=True)
        )
        == 131
    )


def test_na_cells_are_missing_never_the_text_na(dictionary):
    for measure in dictionary:
        for name in (
            "measure_code",
            "name",
            "axis_name",
            "description",
            "methodology",
            "data_owner",
            "table_status",
            "year_type_name",
        ):
            assert getattr(measure, name) != "NA"
        assert "NA" not in measure.hyperlinks
    no_code = next(m for m in dictionary if m.measure_code == "")
    assert no_code.short


def test_multi_line_cells_keep_their_line_breaks_once(by_short):
    text = by_short["InfMort"].methodology
    assert text.startswith(
        "Infant deaths (under 1 year) at various ages are defined as:\n\n- early neonatal"
    )
    assert "\r" not in text
    assert "\n\n\n" not in text
    assert by_short["Low_Birth_Weight_Babies"].data_owner == "Public Health England"


def test_polarity_maps_to_higher_lower_or_none(dictionary, raw_dictionary):
    first = {}
    for row in raw_dictionary:
        first.setdefault(row["Measure_short"], row["Polarity"])
    expected = {
        "High": Polarity.HIGHER,
        "Low": Polarity.LOWER,
        "-": Polarity.NONE,
        "NA": Polarity.NONE,
    }
    assert {m.short: m.polarity for m in dictionary} == {
        s: expected[p] for s, p in first.items()
    }


def test_decimal_places_are_the_dictionarys_or_lait_default_of_one(
    by_short, raw_dictionary
):
    assert (by_short["RTA"].decimals, by_short["RTA"].decimals_given) == (2, True)
    assert (by_short["CPP_Num"].decimals, by_short["CPP_Num"].decimals_given) == (
        0,
        True,
    )
    assert (by_short["InfMort"].decimals, by_short["InfMort"].decimals_given) == (
        1,
        False,
    )
    first = {}
    for row in raw_dictionary:
        first.setdefault(row["Measure_short"], row["dps"])
    for short, dps in first.items():
        measure = by_short[short]
        given = dps != "NA"
        assert measure.decimals_given is given
        assert measure.decimals == (int(dps) if given else 1)  # LAIT: NA is 1


def test_every_axis_name_has_the_unit_of_the_reviewed_table(dictionary, raw_dictionary):
    with open(AXIS_UNITS, encoding="utf-8", newline="") as handle:
        table = {r["y_axis_name"]: r for r in csv.DictReader(handle)}
    axes = {r["y_axis_name"].strip() for r in raw_dictionary}
    assert len(axes) == 126
    assert set(table) == axes
    for axis in axes:
        unit, multiplier = lait.unit_for_axis(axis)
        assert unit == Unit(table[axis]["unit"]), axis
        assert multiplier == (
            int(table[axis]["multiplier"]) if table[axis]["multiplier"] else None
        ), axis
    assert all(m.unit is not None and not m.notes for m in dictionary)


@pytest.mark.parametrize(
    ("axis", "unit", "multiplier"),
    [
        ("% of pupils", Unit.PERCENT, None),
        ("Rate per 10,000", Unit.RATE, 10_000),
        ("Rate per 1000 live births", Unit.RATE, 1000),
        ("Number of Children Looked After", Unit.NUMBER, None),
        ("Average Score", Unit.SCORE, None),
        ("Score per pupil", Unit.SCORE, None),
        ("Spend", Unit.CURRENCY, None),
        ("Unit Cost", Unit.CURRENCY, None),
        ("Turnover rate", Unit.PERCENT, None),
        ("Widgets", None, None),
    ],
)
def test_units_follow_the_axis_name(axis, unit, multiplier):
    assert lait.unit_for_axis(axis) == (unit, multiplier)


def test_year_types_carry_their_reference_dates(dictionary):
    names = Counter(m.year_type_name for m in dictionary)
    assert set(names) == {
        "Academic Year", "Financial Year", "Calendar Year",
        "Annual (end of Sept)", "Annual - January", "Annual",
    }  # fmt: skip
    assert all(m.year_type is not None for m in dictionary)
    types = lait.LAIT_YEAR_TYPES
    assert types["annual (end of sept)"].snapshot == "at 30 September"
    assert (
        types["annual (end of sept)"].snapshot_month,
        types["annual (end of sept)"].snapshot_day,
    ) == (9, 30)
    assert types["annual - january"].snapshot_month == 1
    assert types["annual (end of sept)"].year_type is YearType.SEPTEMBER
    assert types["annual - january"].year_type is YearType.JANUARY
    assert types["annual"].year_type is YearType.REPORTING
    assert types["annual"].snapshot == "at 31 March"
    assert types["academic year"].split and types["financial year"].split
    assert not types["calendar year"].split and not types["calendar year"].snapshot


def test_update_dates_are_excel_serials_or_text(by_short, dictionary):
    assert lait.excel_date("45658") == date(2025, 1, 1)  # Excel's DATE(2025,1,1)
    infant = by_short["InfMort"]
    assert (infant.last_update, infant.next_update) == (
        date(2025, 6, 1),
        date(2026, 6, 1),
    )
    assert by_short["RTA"].next_update == "Discontinued"
    assert by_short["RTA"].discontinued
    texts = Counter(
        v
        for m in dictionary
        for v in (m.last_update, m.next_update)
        if isinstance(v, str)
    )
    assert set(texts) == {
        "New Data",
        "New data",
        "Discontinued",
        "TBC",
        "No longer published at Local Authority level",
    }
    assert lait.excel_date("2025-06-01 00:00:00") == date(2025, 6, 1)  # from a workbook
    assert lait.excel_date("NA") is None


def test_source_names_the_owner_and_the_link(by_short):
    assert by_short["InfMort"].source.startswith("ONS: https://www.ons.gov.uk/")
    assert by_short["CINPermExclusion"].source.startswith(
        "DfE: https://explore-education-statistics"
    )


def test_the_data_file_and_the_dictionary_cover_the_same_measures(survey, dictionary):
    assert lait.measure_coverage(dictionary, survey.years) == lait.MeasureCoverage(
        [], []
    )
    coverage = lait.measure_coverage(dictionary[1:], [*survey.years, "NewMeasure"])
    assert coverage.missing_from_dictionary == sorted(
        ["NewMeasure", dictionary[0].short]
    )
    assert coverage.missing_from_data == []
    assert lait.measure_coverage(
        dictionary, list(survey.years)[1:]
    ).missing_from_data == [list(survey.years)[0]]


def test_a_file_that_is_not_a_dictionary_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Measure_short,Topic\nA,B\n")
    with pytest.raises(FileRejected, match="not a LAIT data dictionary"):
        lait.read_dictionary(path)


def test_a_dictionary_saved_as_xlsx_reads_the_same(
    tmp_path, raw_dictionary, dictionary
):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(raw_dictionary[0]))
    for row in raw_dictionary[:40]:
        cells = list(row.values())
        # Excel holds the update serials as numbers
        sheet.append([int(c) if c.isdigit() and len(c) == 5 else c for c in cells])
    path = tmp_path / "dictionary.xlsx"
    workbook.save(path)
    read = lait.read_dictionary(path)
    expected = [
        m
        for m in dictionary
        if m.short in {r["Measure_short"] for r in raw_dictionary[:40]}
    ]
    assert [
        (m.short, m.last_update, m.next_update, m.decimals, m.unit) for m in read
    ] == [(m.short, m.last_update, m.next_update, m.decimals, m.unit) for m in expected]


def test_a_measure_with_unknown_values_says_so_in_its_notes(tmp_path, raw_dictionary):
    row = dict(
        raw_dictionary[0],
        Polarity="Up",
        y_axis_name="Widgets",
        dps="x",
        Year_Type="Fortnight",
    )
    path = tmp_path / "odd.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    (measure,) = lait.read_dictionary(path)
    assert measure.polarity is Polarity.NONE and measure.unit is None
    assert measure.year_type is None and measure.decimals == lait.DEFAULT_DECIMALS
    assert len(measure.notes) == 4
