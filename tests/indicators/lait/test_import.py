"""`import_lait` on slices of the real LAIT file (tests/indicators/lait/slices.py
chooses them by scanning it): every figure in its period, a second run that
changes nothing, revised releases, a newer file, and bad files rejected whole."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from indicators.models import Observation
from indicators.services.lait_import import lait_import
from tests.indicators.lait.slices import (
    area_key,
    dictionary_rows,
    expected_span,
    measures_for_every_form,
    real_table,
    rows_of,
    stored_value,
    write_slice,
    year_shape,
)
from tests.indicators.lait.support import DICTIONARY

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def forms() -> list[str]:
    return measures_for_every_form()


def stored(codes: list[str]) -> dict[tuple, tuple]:
    found = {}
    for o in Observation.all_objects.filter(indicator__code__in=codes).select_related(
        "indicator", "area", "period"
    ):
        area = o.area.la_number or o.area.code
        key = (o.indicator.code, area, o.period.start, o.period.end)
        found[key] = (o.value, o.suppression, o.revised)
    return found


def test_every_figure_lands_in_its_period(tmp_path, forms):
    from indicators import lait

    data = write_slice(tmp_path / "slice.parquet", forms)
    validated, counts = lait_import(data, DICTIONARY)
    assert validated.errors == []
    expected, skipped = {}, 0
    for row in rows_of(pq.read_table(data)):
        year_type = dictionary_rows()[row["Short Desc"]]["Year_Type"]
        span = expected_span(row["Years"], year_type)
        if span is None:
            skipped += 1
            continue
        code = lait.lait_code(row["Short Desc"])
        expected[(code, area_key(row["LA Number"]), *span)] = stored_value(
            row["Values"]
        )
    got = stored(sorted({k[0] for k in expected}))
    assert {k: v[:2] for k, v in got.items()} == expected
    assert counts["created"] == len(expected)
    # Only LAIT's `0` (all `-`): ranges of years are loaded now.
    assert skipped == validated.skipped > 0
    assert not any("range" in n for n in validated.notes), validated.notes


def test_years_of_every_form_and_symbol_are_in_the_slice(forms):
    years = set(rows_of_measures(forms, "Years"))
    shapes = {year_shape(y) for y in years}
    assert shapes >= {
        "9999", "9999/99", "9999-99", "9999 (rev)", "9999 (final)",
        "9999 (prov)", "9999-99 (ot)", "9999/99-99/99", "9",
    }  # fmt: skip
    values = set(rows_of_measures(forms, "Values"))
    assert "-" in values
    assert any("E-" in v for v in values)
    assert any(v.startswith("-0") for v in values)


def rows_of_measures(measures: list[str], column: str) -> list[str]:
    table = real_table()
    chosen = table.filter(pc.is_in(table["Short Desc"], pa.array(measures)))
    return chosen[column].to_pylist()
