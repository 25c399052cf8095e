"""How a LAIT measure's figure is measured: at its year type's reference
date (a snapshot) or over the year to it. Every measure of a snapshot year
type in DfE's dictionary, with the answer written by hand from DfE's
definitions, then one imported from the real file and said so."""

from __future__ import annotations

import csv

import pytest
from django.urls import reverse

from indicators import lait, rating
from indicators.models import Indicator
from indicators.services.lait_import import lait_import
from tests.indicators.lait.slices import write_slice
from tests.indicators.lait.support import DICTIONARY

AT, OVER = rating.Measured.AT, rating.Measured.OVER

# Measure_short -> how DfE counts it (the social work workforce at 30
# September, but its turnover, absence, starters and leavers over the year to
# it; children looked after, in need and on plans at 31 March; the January
# school census).
EXPECTED = {
    "Work_Force_NoSW": AT,
    "Work_Force_Vac_Rate": AT,
    "Work_Force_TO_Rate": OVER,
    "Work_Force_Agecy_Rate": AT,
    "Work_Force_AgencyCover": AT,
    "Vacancies_cover": AT,
    "Work_Force_SWAbsence": OVER,
    "Work_Force_Num_CaseHeld": AT,
    "Work_Force_AvgNumCase_SW": AT,
    "Social_Work_Starters": OVER,
    "Social_Work_Leavers": OVER,
    "Social_Work_Caseholders_%": AT,
    "Social_Work_Qualified_no_cases_%": AT,
    "Social_Work_SeniorPractitioner_%": AT,
    "Sept_Guarantee": AT,
    "SEN_CASES_JAN": AT,
    "PriFSM": AT,
    "SecFSM": AT,
    "Ever6_FSM_Prim": AT,
    "Ever6_FSM_Sec": AT,
    "EALPri": AT,
    "EALSec": AT,
    "CPP_rate": AT,
    "CPP_Num": AT,
    "LAC": AT,
    "LACnum": AT,
    "CIN": AT,
}


def _dictionary_rows() -> list[dict[str, str]]:
    with open(DICTIONARY, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_snapshot_measure_in_the_dictionary_is_listed_here() -> None:
    snapshots = {
        row["Measure_short"]
        for row in _dictionary_rows()
        if (kind := lait.year_type_of(row["Year_Type"])) and kind.snapshot
    }
    assert snapshots == set(EXPECTED)


@pytest.mark.parametrize(("short", "expected"), sorted(EXPECTED.items()))
def test_how_each_snapshot_measure_is_measured(short: str, expected: str) -> None:
    row = next(r for r in _dictionary_rows() if r["Measure_short"] == short)
    kind = lait.year_type_of(row["Year_Type"])
    assert lait.measured_for(row["Measure"], kind) == expected


@pytest.mark.parametrize(
    "year_type", ["Academic Year", "Financial Year", "Calendar Year", None]
)
def test_a_count_over_a_year_is_measured_over_it(year_type: str | None) -> None:
    kind = lait.year_type_of(year_type)
    assert lait.measured_for("Number of children at 31 March", kind) == OVER


@pytest.mark.django_db
def test_an_imported_snapshot_is_said_at_its_date(
    tmp_path, client, councillor, settings
):
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    shorts = ["Work_Force_Agecy_Rate", "Work_Force_TO_Rate"]
    validated, _ = lait_import(write_slice(tmp_path / "w.parquet", shorts), DICTIONARY)
    assert validated.errors == []
    agency = Indicator.objects.get(code=lait.lait_code(shorts[0]))
    turnover = Indicator.objects.get(code=lait.lait_code(shorts[1]))
    assert (agency.measured, turnover.measured) == (AT, OVER)
    client.force_login(councillor)
    page = client.get(reverse("indicator_detail", args=[agency.code])).content.decode()
    assert "at 30 September 2025" in page
    page = client.get(
        reverse("indicator_detail", args=[turnover.code])
    ).content.decode()
    assert "year to 30 September 2025" in page
