"""The dictionary's `Next Update` on each LAIT indicator: its own field
(not appended to the description), said in words on the indicator page's
definition, and a changed next update is a definition change in history."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.urls import reverse

from indicators import lait
from indicators.models import Indicator, Observation
from indicators.services.lait_import import lait_import
from tests.indicators.lait.slices import write_slice
from tests.indicators.lait.support import DICTIONARY

pytestmark = pytest.mark.django_db
MEASURES = ["RTA", "Hosp_Adm_Alc_<18yrs"]
HOSP = lait.lait_code("Hosp_Adm_Alc_<18yrs")


def dictionary_with(path: Path, short: str, next_update: str) -> Path:
    """The real dictionary with one measure's Next Update changed."""
    with open(DICTIONARY, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index("Next Update")
    for row in rows[1:]:
        if row[rows[0].index("Measure_short")] == short:
            row[at] = next_update
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows(rows)
    return path


def test_next_update_is_its_own_field_shown_in_the_definition(
    tmp_path, client, councillor, settings
):
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    data = write_slice(tmp_path / "two.parquet", MEASURES)
    validated, _ = lait_import(data, DICTIONARY)
    assert validated.errors == []
    hosp = Indicator.objects.get(code=HOSP)
    rta = Indicator.objects.get(code=lait.lait_code("RTA"))
    # The dictionary's 46054 (an Excel serial) and DfE's own word.
    assert (hosp.next_update, rta.next_update) == ("1 February 2026", "Discontinued")
    assert "Next update" not in hosp.description and hosp.description
    client.force_login(councillor)
    html = client.get(reverse("indicator_detail", args=[HOSP])).content.decode()
    row = html[html.index(">Next update<") :]
    assert row.index("1 February 2026") < row.index("</dd>")
    assert "Next update: " not in html


def test_a_changed_next_update_is_recorded_in_the_definitions_history(tmp_path):
    data = write_slice(tmp_path / "two.parquet", MEASURES)
    lait_import(data, DICTIONARY)
    figures, saved = Observation.history.count(), Indicator.history.count()
    newer = dictionary_with(tmp_path / "dictionary.csv", MEASURES[1], "46419")
    validated, counts = lait_import(data, newer)
    assert validated.errors == [] and counts["created"] == counts["updated"] == 0
    hosp = Indicator.objects.get(code=HOSP)
    assert hosp.next_update == "1 February 2027"
    assert Indicator.history.count() == saved + 1  # this one definition re-saved
    last = hosp.history.order_by("-history_id")
    assert [h.next_update for h in last[:2]] == ["1 February 2027", "1 February 2026"]
    assert Observation.history.count() == figures
