"""Reading the LAIT `Years` texts as periods.

See test_reading.py for how these tests use the real files."""

from __future__ import annotations

import csv
import re

import pytest

from indicators import lait
from indicators.lait import DashReading, Marker, YearForm
from indicators.rating import YearType
from tests.indicators.lait.support import ROOT, D, shape

# --- Years ---------------------------------------------------------------------------

# The examples, one per format. Each is looked for in the file and read
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


@pytest.mark.parametrize(
    ("texts", "year_type", "span", "mixed"),
    [
        (["2014-16", "2015-17", "2016-18"], "Calendar Year", 3, []),  # RTA's
        (["2013/14-15/16", "2014/15-16/17"], "Financial Year", 3, []),
        (["2019/20", "2020/21"], "Financial Year", 1, []),
        (["2014-16", "2015-17", "2016-17"], "Calendar Year", 3, ["2016-17"]),
        (["2016", "2017", "2015-17"], "Calendar Year", 1, ["2015-17"]),
        (["2016", "2014-16"], "Calendar Year", 3, ["2016"]),  # a tie: the longer
        (["2000-19"], "Calendar Year", 1, ["2000-19"]),  # 20 years: over 10
        ([], "Calendar Year", 1, []),
    ],
)  # fmt: skip
def test_a_measures_span_is_its_years_and_another_span_is_named(
    texts, year_type, span, mixed
):
    read = lait.parse_measure_years(texts, year_type)
    assert read.span == span
    assert sorted(read.mixed) == mixed
    for text in mixed:
        assert read.mixed[text].startswith(f"'{text}' covers ")


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
