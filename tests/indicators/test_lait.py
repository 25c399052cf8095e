"""Reading DfE's LAIT files (indicators/lait/), tested on the real files.

`data/lait/` holds DfE's files unchanged. The data file is read once per
module (`survey`), and each test takes its examples from what that scan
found: every year format and symbol that occurs in the file, the aggregates,
the predecessor authorities. The counts asserted here are the issue's, made
from the files by hand; the dictionary is also read with the stdlib `csv`
module as an independent oracle.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from indicators import lait
from indicators.imports import FileRejected
from indicators.lait import (
    AreaKind,
    DashReading,
    LaitRow,
    Marker,
    Unit,
    YearForm,
)
from indicators.rating import Figure, FigureError, Polarity, YearType

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "lait" / "bds_long_0.parquet"
DICTIONARY = ROOT / "data" / "lait" / "lait_data_dictionary.csv"
AXIS_UNITS = ROOT / "tests" / "data" / "lait" / "axis_units.csv"
D = Decimal


def shape(text: str) -> str:
    """A `Years` text's format: its digits as 9 (`2019/20` is `9999/99`)."""
    return re.sub(r"\d", "9", text)


@dataclass
class Survey:
    """What one pass over the real data file found (counts and a few rows:
    never the whole file, which would take hundreds of megabytes)."""

    rows: int = 0
    batch_sizes: list[int] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # first and last row numbers
    years: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    year_rows: Counter[str] = field(default_factory=Counter)  # by Years text
    year_available: Counter[str] = field(default_factory=Counter)
    values: set[str] = field(default_factory=set)  # every distinct Values text
    symbols: Counter[str] = field(default_factory=Counter)
    unreadable: list[tuple[LaitRow, str]] = field(default_factory=list)
    examples: dict[str, LaitRow] = field(default_factory=dict)
    areas: dict[str, set[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(set)
    )
    available: Counter[str] = field(default_factory=Counter)  # by LA number
    data_item_empty: int = 0
    negatives: Counter[str] = field(default_factory=Counter)  # by measure
    # Leicestershire's (855) figures by measure and Years text
    leicestershire: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    widest_places: int = 0
    # A slice of real rows: the first of each Years text, symbol, kind of
    # number and area, for the CSV and XLSX round trips.
    sample: dict[int, LaitRow] = field(default_factory=dict)  # by row number


def _example_kind(value: str, measure: str) -> str | None:
    if "E" in value or "e" in value:
        return "scientific"
    if value.startswith("-") and "Prog" in measure:
        return "negative"
    if "." in value and len(value.split(".")[1]) > lait.VALUE_PLACES:
        return "noise"
    return None


@pytest.fixture(scope="module")
def survey() -> Survey:
    found = Survey()
    first_of: dict[str, LaitRow] = {}
    for batch in lait.iter_lait_batches(DATA):
        found.batch_sizes.append(len(batch))
        for row in batch:
            found.rows += 1
            if found.rows == 1:
                found.numbers.append(row.number)
            found.years[row.measure].add(row.years)
            found.year_rows[row.years] += 1
            found.values.add(row.value)
            number = lait.la_number(row.la_number)
            found.areas[number].add((row.area, row.region))
            found.data_item_empty += row.data_item == ""
            first_of.setdefault(f"years {row.years}", row)
            first_of.setdefault(f"area {number}", row)
            try:
                figure = lait.parse_lait_value(row.value)
            except FigureError as exc:
                found.unreadable.append((row, str(exc)))
                continue
            if figure.symbol:
                found.symbols[row.value] += 1
                first_of.setdefault(f"symbol {row.value}", row)
            else:
                found.available[number] += 1
                found.year_available[row.years] += 1
                exponent = figure.value.as_tuple().exponent
                found.widest_places = max(found.widest_places, -exponent)
                found.negatives[row.measure] += figure.value < 0
                if number == "855":
                    found.leicestershire[row.measure, row.years] = figure.value
                kind = _example_kind(row.value, row.measure)
                if kind:
                    found.examples.setdefault(kind, row)
        found.numbers[1:] = [batch[-1].number]
    for key, row in [*first_of.items(), *found.examples.items()]:
        if (
            not key.startswith("area ")
            or int(key[5:]) >= 970
            or key[5:] in PREDECESSORS
        ):
            found.sample[row.number] = row
    return found


@pytest.fixture(scope="module")
def dictionary() -> list[lait.LaitMeasure]:
    return lait.read_dictionary(DICTIONARY)


@pytest.fixture(scope="module")
def by_short(dictionary) -> dict[str, lait.LaitMeasure]:  # type: ignore[no-untyped-def]
    return {m.short: m for m in dictionary}


@pytest.fixture(scope="module")
def raw_dictionary() -> list[dict[str, str]]:
    """The dictionary read by the stdlib alone: the independent oracle."""
    with open(DICTIONARY, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sample_rows(survey: Survey) -> list[LaitRow]:
    return [survey.sample[n] for n in sorted(survey.sample)]


# --- Reading the data file -----------------------------------------------------------


def test_the_parquet_file_is_read_whole_in_bounded_batches(survey):
    assert survey.rows == 641_070 == lait.lait_row_count(DATA)
    assert max(survey.batch_sizes) <= lait.BATCH_SIZE
    assert len(survey.batch_sizes) == 20  # one per row group
    assert survey.numbers == [2, 641_071]  # the header is row 1


def test_a_smaller_batch_size_bounds_every_batch():
    batches = lait.iter_lait_batches(DATA, batch_size=1000)
    first = [next(batches) for _ in range(40)]
    assert max(len(b) for b in first) == 1000
    assert next(batches)[0].number == sum(len(b) for b in first) + 2


def test_rows_are_the_files_cells(survey):
    """Against pyarrow's own reading of the same rows, around a row-group
    boundary (32,768)."""
    table = pq.read_table(DATA).slice(32_760, 16).to_pylist()
    rows: list[LaitRow] = []
    for batch in lait.iter_lait_batches(DATA, batch_size=8192):
        rows += [r for r in batch if 32_762 <= r.number < 32_778]
        if batch[-1].number >= 32_778:
            break
    for cells, row in zip(table, rows, strict=True):
        assert row.measure == cells["Short Desc"]
        assert row.data_item == (cells["Data item"] or "")
        assert row.years == cells["Years"]
        assert row.area == cells["LA and Regions"]
        assert row.value == cells["Values"]
        assert row.la_number == cells["LA Number"]
        assert isinstance(row.la_number, float)  # 855.0: la_number() reads it
        assert row.region == cells["Region"]


def test_data_item_is_empty_in_most_rows(survey):
    assert survey.data_item_empty == 591_770


def _write_csv(path: Path, rows: list[LaitRow]) -> None:
    """As DfE (pandas) writes the file as CSV: LA Number `855.0`, empty cells."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(lait.LAIT_COLUMNS)
        for r in rows:
            writer.writerow(
                [
                    r.measure,
                    r.data_item,
                    r.years,
                    r.area,
                    r.value,
                    repr(r.la_number),
                    r.region,
                ]
            )


def _same_rows(read: list[LaitRow], rows: list[LaitRow]) -> None:
    assert len(read) == len(rows)
    for got, want in zip(read, rows, strict=True):
        assert got._replace(number=0, la_number=0) == want._replace(
            number=0, la_number=0
        )
        assert lait.la_number(got.la_number) == lait.la_number(want.la_number)


def test_a_csv_of_the_same_columns_reads_the_same_rows(survey, tmp_path):
    rows = sample_rows(survey)
    path = tmp_path / "bds_long.csv"
    _write_csv(path, rows)
    batches = list(lait.iter_lait_batches(path, batch_size=25))
    assert max(len(b) for b in batches) == 25
    read = [r for b in batches for r in b]
    _same_rows(read, rows)
    assert [r.number for r in read] == list(range(2, len(rows) + 2))
    assert lait.lait_row_count(path) is None


def test_an_xlsx_of_the_same_columns_reads_the_same_rows(survey, tmp_path):
    rows = sample_rows(survey)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(lait.LAIT_COLUMNS))
    for r in rows:
        sheet.append(
            [
                r.measure,
                r.data_item or None,
                r.years,
                r.area,
                r.value,
                r.la_number,
                r.region,
            ]
        )
    path = tmp_path / "bds_long.xlsx"
    workbook.save(path)
    _same_rows(list(lait.iter_lait_rows(path)), rows)


def test_columns_are_found_by_name_in_any_order_and_case(survey, tmp_path):
    rows = sample_rows(survey)[:5]
    path = tmp_path / "reordered.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "region",
                "values",
                "LA NUMBER",
                "years",
                "la and regions",
                "data item",
                " Short Desc ",
            ]
        )
        for r in rows:
            writer.writerow(
                [
                    r.region,
                    r.value,
                    r.la_number,
                    r.years,
                    r.area,
                    r.data_item,
                    r.measure,
                ]
            )
    _same_rows(list(lait.iter_lait_rows(path)), rows)


def test_a_file_without_a_column_is_refused_by_name(survey, tmp_path):
    table = pq.read_table(DATA).slice(0, 10).drop_columns(["Years"])
    parquet = tmp_path / "no_years.parquet"
    pq.write_table(table, parquet)
    with pytest.raises(FileRejected, match="missing column Years"):
        next(lait.iter_lait_batches(parquet))
    text = tmp_path / "no_values.csv"
    text.write_text(
        "Short Desc,Data item,Years,LA and Regions,LA Number,Region\nRTA,,2014-16,Barnet,302,Outer London\n"
    )
    with pytest.raises(FileRejected, match="missing column Values"):
        next(lait.iter_lait_batches(text))


def test_a_broken_parquet_file_is_refused(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(lait.PARQUET_MAGIC + b"\x00" * 100)
    with pytest.raises(FileRejected, match="Parquet file cannot be read"):
        next(lait.iter_lait_batches(path))


def test_each_measures_years_are_collected_from_two_columns(survey, tmp_path):
    assert lait.measure_years(DATA) == survey.years
    rows = sample_rows(survey)
    path = tmp_path / "slice.csv"
    _write_csv(path, rows)
    expected: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        expected[r.measure].add(r.years)
    assert lait.measure_years(path) == expected


# --- Years ---------------------------------------------------------------------------

# The issue's examples, one per format. Each is looked for in the file and read
# with its measure's other years and dictionary year type.
YEAR_CASES = [
    # text, first year, last year, split, marker, label
    ("2019/20", 2019, 2019, True, Marker.NONE, "2019/20"),
    ("2019-20", 2019, 2019, True, Marker.NONE, "2019/20"),
    ("2017", 2017, 2017, False, Marker.NONE, "2017"),
    ("2016-18", 2016, 2018, False, Marker.NONE, "2016 to 2018"),
    ("2013/14-15/16", 2013, 2015, True, Marker.NONE, "2013/14 to 2015/16"),
    ("2021-22 (OT)", 2021, 2021, True, Marker.OUTTURN, "2021/22"),
    ("2024 (Rev)", 2024, 2024, False, Marker.REVISED, "2024"),
    ("2020 (Final)", 2020, 2020, False, Marker.FINAL, "2020"),
    ("2025 (prov)", 2025, 2025, False, Marker.PROVISIONAL, "2025"),
]
NOT_YEARS = {"0"}


def test_every_year_format_in_the_file_is_a_known_one(survey):
    formats = {shape(text) for texts in survey.years.values() for text in texts}
    assert formats - {shape(t) for t in NOT_YEARS} == {shape(c[0]) for c in YEAR_CASES}


@pytest.mark.parametrize(
    ("text", "first", "last", "split", "marker", "label"),
    YEAR_CASES,
    ids=[c[0] for c in YEAR_CASES],
)
def test_each_year_format_reads_as_the_period_it_names(
    survey, by_short, text, first, last, split, marker, label
):
    measure = next(m for m, texts in sorted(survey.years.items()) if text in texts)
    read = lait.parse_measure_years(survey.years[measure], by_short[measure].year_type)
    year = read.years[text]
    assert (year.first_year, year.last_year, year.split) == (first, last, split)
    assert year.span == last - first + 1
    assert year.marker is marker
    assert year.label == label
    assert year.text == text


def test_every_years_text_of_every_measure_reads_but_zero(survey, by_short):
    errors = {}
    for measure, texts in survey.years.items():
        read = lait.parse_measure_years(texts, by_short[measure].year_type)
        assert set(read.years) | set(read.errors) == texts
        if read.errors:
            errors[measure] = read.errors
    assert list(errors) == ["CINPermExclusion"]
    assert list(errors["CINPermExclusion"]) == ["0"]
    assert "'0' is not a year" in errors["CINPermExclusion"]["0"]
    # Nothing is lost by refusing it: its 170 rows all say '-'.
    assert (survey.year_rows["0"], survey.year_available["0"]) == (170, 0)


def test_a_three_year_range_and_a_split_year_are_told_apart_by_measure(
    survey, by_short
):
    """`2014-16` (RTA, calendar years) is three years; `2015-16` (HE_19_All,
    academic years) is one."""
    rta = lait.parse_measure_years(survey.years["RTA"], by_short["RTA"].year_type)
    assert rta.dash is DashReading.RANGE and not rta.errors
    assert [rta.years[t].form for t in ("2014-16", "2015-17")] == [YearForm.RANGE] * 2
    assert (rta.years["2014-16"].first_year, rta.years["2014-16"].span) == (2014, 3)
    assert rta.years["2015-17"].label == "2015 to 2017"  # rolling: overlaps 2014-16
    for measure in (
        "HE_19_All",
        "Premium",
        "LeaveCareSupServTotExp",
        "YJS_Caution-Sentence10-17_YO",
    ):
        read = lait.parse_measure_years(
            survey.years[measure], by_short[measure].year_type
        )
        assert read.dash is DashReading.SPLIT and not read.errors
        assert all(y.form is YearForm.SPLIT for y in read.years.values())
    he = lait.parse_measure_years(
        survey.years["HE_19_All"], by_short["HE_19_All"].year_type
    )
    assert (he.years["2015-16"].first_year, he.years["2015-16"].span) == (2015, 1)
    assert he.years["2015-16"].label == "2015/16"


@pytest.mark.parametrize(
    ("texts", "year_type", "reading"),
    [
        (["2015-16", "2016-17"], "Academic Year", DashReading.SPLIT),
        (["2015-16", "2016-17 (OT)"], "Financial Year", DashReading.SPLIT),
        (["2014-16", "2015-17"], "Calendar Year", DashReading.RANGE),
        (["2015-16", "2016-17"], "Calendar Year", DashReading.RANGE),  # two-year ranges
        (["2015-16"], None, DashReading.SPLIT),
        (["2015-16", "2014-16"], None, DashReading.RANGE),
        (["2019", "2020"], "Financial Year", DashReading.SPLIT),
    ],
)
def test_dash_reading_follows_the_year_type_and_the_gaps(texts, year_type, reading):
    assert lait.dash_reading(texts, year_type) is reading


def test_a_single_year_names_the_year_that_ends_in_it(survey, by_short):
    """LAIT's figures for `2025` are DfE's for the year to 31 March 2025: the
    children looked after rate (`Annual`) and the count of second child
    protection plans (`Financial Year`) for Leicestershire, against DfE's
    own files in data/dfe."""
    found = survey.leicestershire
    with open(
        ROOT / "data" / "dfe" / "cla_number_and_rate_per_10k_children.csv",
        encoding="utf-8-sig",
    ) as handle:
        cla = next(
            r for r in csv.DictReader(handle)
            if (r["time_period"], r["old_la_code"]) == ("2025", "855")
            and r["population_type"] == "Children looked after on 31 March each year"
        )  # fmt: skip
    with open(
        ROOT / "data" / "dfe" / "d3_cpps_subsequent_plan_2013_to_2025.csv",
        encoding="utf-8-sig",
    ) as handle:
        cpp = next(
            r for r in csv.DictReader(handle)
            if (r["time_period"], r["old_la_code"]) == ("2025", "855")
        )  # fmt: skip
    assert found["LAC", "2025"] == D(cla["rate_per_10000"])
    assert found["ReRegCPR", "2025"] == D(cpp["CPP_subsequent"])
    assert by_short["ReRegCPR"].year_type.year_type is YearType.FINANCIAL
    financial_2025 = lait.parse_lait_year("2025")
    assert financial_2025.ends_in == lait.parse_lait_year("2024/25").ends_in == 2025
    assert lait.parse_lait_year("2014-16", DashReading.RANGE).ends_in == 2016
    assert lait.parse_lait_year("2013/14-15/16").ends_in == 2016


def test_a_wide_dash_in_a_measure_of_split_years_is_ambiguous():
    with pytest.raises(lait.LaitYearError, match="could be 2 or 3 of its years"):
        lait.dash_reading(["2014-16"], "Academic Year")
    read = lait.parse_measure_years(["2014-16", "2015/16"], "Financial Year")
    assert "could be 2 or 3" in read.errors["2014-16"]
    assert read.years["2015/16"].label == "2015/16"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0", "is not a year LAIT writes"),
        ("", "is not a year LAIT writes"),
        ("2019/21", "21 does not follow 2019"),
        ("2019-21", "21 does not follow 2019"),  # read as a split year
        ("2013/14-15/17", "17 does not follow 2015"),
        ("2019 (Draft)", "a mark LAIT does not use"),
        ("1850", "out of range"),
        ("20/21", "is not a year LAIT writes"),
    ],
)
def test_a_text_that_is_not_a_year_is_refused_with_its_reason(text, reason):
    with pytest.raises(lait.LaitYearError, match=re.escape(reason)):
        lait.parse_lait_year(text)


def test_markers_are_read_in_any_case_and_spacing():
    assert lait.parse_lait_year(" 2018  (REV) ").marker is Marker.REVISED
    assert lait.parse_lait_year("2024-25(ot)").marker is Marker.OUTTURN
    assert lait.parse_lait_year("2025 (Provisional)").marker is Marker.PROVISIONAL


@pytest.mark.parametrize(
    ("texts", "replaced"),
    [
        (["2025 (prov)", "2025 (Rev)", "2024"], {"2025 (prov)"}),
        (["2025 (prov)", "2025"], {"2025 (prov)"}),
        (["2020 (Rev)", "2020 (Final)", "2020"], {"2020 (Rev)", "2020"}),
        (["2024-25", "2024-25 (OT)"], {"2024-25"}),
        (["2019/20", "2019-20"], set()),  # the same standing: both kept, to clash
        (["2019 (Rev)", "2020 (prov)"], set()),  # different years
    ],
)
def test_a_later_release_supersedes_an_earlier_one_for_the_same_period(texts, replaced):
    assert lait.superseded(lait.parse_lait_year(t) for t in texts) == replaced


def test_no_measure_in_the_file_has_two_releases_of_one_period(survey, by_short):
    for measure, texts in survey.years.items():
        read = lait.parse_measure_years(texts, by_short[measure].year_type)
        assert read.superseded() == set(), measure
        keys = [y.period_key for y in read.years.values()]
        assert len(keys) == len(set(keys)), measure


def test_outturn_marks_the_s251_finance_measures(survey, by_short):
    """OT is "outturn" (S251 actual spend), not "on time": every measure that
    uses it is a Children's Service Finance one whose methodology says so."""
    ot = {m for m, texts in survey.years.items() if any("(OT)" in t for t in texts)}
    assert len(ot) == 14
    assert {by_short[m].topic for m in ot} == {"Children's Service Finance"}
    assert all(
        "outturn" in (by_short[m].methodology + by_short[m].name).casefold() for m in ot
    )


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

PREDECESSORS = {
    "909": "Cumbria",
    "928": "Northamptonshire",
    "835": "Dorset (Pre LG)",
    "836": "Poole (Pre LG)",
    "837": "Bournemouth (Pre LG)",
}
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
