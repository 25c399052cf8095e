"""LAIT's two measures whose years are ranges, on their real rows: RTA
(`2014-16` ... `2020-22`, calendar years) and Hosp_Adm_Alc_<18yrs
(`2013/14-15/16` ... `2021/22-23/24`, financial years). Each figure lands in
the year its range ends with, the indicator spans three years and its
periods are said so; a measure mixing spans is rejected, naming the year."""

from __future__ import annotations

from datetime import date

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from indicators import formatting, lait
from indicators.models import Indicator, Observation
from indicators.services.lait_import import lait_import
from tests.indicators.lait.slices import (
    area_key,
    real_table,
    rows_of,
    stored_value,
    write_slice,
)
from tests.indicators.lait.support import DICTIONARY

pytestmark = pytest.mark.django_db
RANGES = ["RTA", "Hosp_Adm_Alc_<18yrs"]
# Each range's last year and that year's end, written out by hand.
ENDS = {
    "2014-16": (date(2016, 1, 1), date(2016, 12, 31)),
    "2020-22": (date(2022, 1, 1), date(2022, 12, 31)),
    "2013/14-15/16": (date(2015, 4, 1), date(2016, 3, 31)),
    "2021/22-23/24": (date(2023, 4, 1), date(2024, 3, 31)),
}


def test_ranges_land_in_the_year_they_end_with_and_span_three_years(tmp_path):
    data = write_slice(tmp_path / "ranges.parquet", RANGES)
    validated, counts = lait_import(data, DICTIONARY)
    assert validated.errors == []
    assert validated.skipped == 0 and validated.notes == []
    rows = rows_of(pq.read_table(data))
    assert len(rows) == 2_720 == counts["created"] + counts["unchanged"]
    stored = {
        (o.indicator.code, o.area.la_number or o.area.code, o.period.start,
         o.period.end): (o.value, o.suppression)
        for o in Observation.all_objects.select_related("indicator", "area", "period")
    }  # fmt: skip
    for row in rows:
        if row["Years"] in ENDS:
            key = (lait.lait_code(row["Short Desc"]), area_key(row["LA Number"]))
            assert stored[(*key, *ENDS[row["Years"]])] == stored_value(row["Values"])
    assert len(stored) == 2_720
    rta = Indicator.objects.get(code=lait.lait_code("RTA"))
    hosp = Indicator.objects.get(code=lait.lait_code("Hosp_Adm_Alc_<18yrs"))
    assert (rta.span_years, hosp.span_years) == (3, 3)
    first = {
        i.code: i.observations.order_by("period__end").first().period
        for i in (rta, hosp)
    }
    assert first[rta.code].name_for(rta) == "three years to 31 December 2016"
    assert first[hosp.code].name_for(hosp) == "three years to 31 March 2016"
    said = formatting.say_period(first[rta.code], rta.measured, rta.span_years)
    assert said == "in the three years to 31 December 2016"


def test_a_measure_mixing_spans_is_rejected_naming_the_year(tmp_path):
    """Made up from RTA's real rows (the real file mixes none): its 2020-22
    written 2021-22, two calendar years among its three-year ranges."""
    table = real_table()
    rta = table.filter(pc.equal(table["Short Desc"], "RTA"))
    years = pc.replace_substring(rta["Years"], "2020-22", "2021-22")
    mixed = rta.set_column(rta.schema.get_field_index("Years"), "Years", years)
    data = tmp_path / "mixed.parquet"
    pq.write_table(mixed, data)
    validated, counts = lait_import(data, DICTIONARY)
    assert counts == {}
    wrong = [e for e in validated.errors if e.value == "2021-22"]
    assert len(wrong) == len(validated.errors) == 170
    assert wrong[0].column == "Years"
    assert "'2021-22' covers 2 years, but this measure's other years cover 3" in (
        wrong[0].reason
    )
    assert not Observation.all_objects.exists()
    assert not Indicator.objects.filter(code=lait.lait_code("RTA")).exists()
