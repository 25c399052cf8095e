"""After `import_lait`, the stored quartile and rank of Leicestershire (855)
and two other authorities, for 20 banded measures chosen across topics and
the two whose years are three-year ranges (RTA, Hosp_Adm_Alc_<18yrs),
equal an independent computation from the raw file: Excel's QUARTILE.INC
cut-points over every authority with a figure, banded by polarity as LAIT
does, and rank = 1 + the authorities strictly better (DESIGN.md)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pyarrow.parquet as pq
import pytest

from indicators import lait
from indicators.models import Indicator, Rating
from indicators.services.lait_import import lait_import
from indicators.services.ratings import recompute
from tests.indicators.lait.slices import (
    dictionary_rows,
    expected_span,
    real_table,
    rows_of,
    stored_value,
    write_slice,
)
from tests.indicators.lait.support import DICTIONARY

pytestmark = pytest.mark.django_db
HOMES = {
    "E10000018": "855",
    "E10000016": "886",
    "E08000003": "352",
}  # Leics, Kent, Manchester
RANGES = ["RTA", "Hosp_Adm_Alc_<18yrs"]  # banded, polarity Low


def chosen_measures(count: int = 20) -> list[str]:
    """Banded measures with a polarity that Leicestershire has figures for,
    taken a topic at a time so that every topic gives one before any gives two."""
    with_855 = {
        r["Short Desc"]
        for r in rows_of(real_table())
        if r["LA Number"] == 855.0 and r["Values"] != "-"
    }
    by_topic: dict[str, list[str]] = defaultdict(list)
    for short, row in dictionary_rows().items():
        if (
            row["Polarity"] in ("High", "Low")
            and row["No_Quartile"] != "N"
            and short in with_855
        ):
            by_topic[row["Topic"]].append(short)
    chosen: list[str] = []
    while len(chosen) < count:
        for shorts in by_topic.values():
            if shorts and len(chosen) < count:
                chosen.append(shorts.pop(0))
    return chosen


def cut_points(values: list[Decimal]) -> list[Decimal]:
    """Excel's QUARTILE.INC: linear interpolation at (n - 1) p."""
    xs = sorted(values)
    cuts = []
    for p in (Decimal("0.25"), Decimal("0.5"), Decimal("0.75")):
        h = (len(xs) - 1) * p
        low = int(h)
        above = xs[min(low + 1, len(xs) - 1)]
        cuts.append(xs[low] + (h - low) * (above - xs[low]))
    return cuts


def band(value: Decimal, cuts: list[Decimal], higher: bool) -> int:
    q25, q50, q75 = cuts
    if higher:
        return 1 if value > q75 else 2 if value > q50 else 3 if value > q25 else 4
    return 1 if value <= q25 else 2 if value <= q50 else 3 if value <= q75 else 4


def expected(measures: list[str], number: str) -> dict[tuple[str, object], tuple]:
    """(code, period start) -> (quartile, rank, of) for authority `number`."""
    figures: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(dict)
    for row in rows_of(real_table()):
        if row["Short Desc"] in measures and row["LA Number"] < 970:
            value, _ = stored_value(row["Values"])
            if value is not None:
                key = (row["Short Desc"], row["Years"])
                figures[key][str(int(row["LA Number"]))] = value
    found = {}
    for (short, years), values in figures.items():
        if number not in values:
            continue
        info = dictionary_rows()[short]
        span = expected_span(years, info["Year_Type"])
        if span is None:
            continue
        higher = info["Polarity"] == "High"
        mine = values[number]
        better = sum(1 for v in values.values() if (v > mine if higher else v < mine))
        found[(lait.lait_code(short), span[0])] = (
            band(mine, cut_points(list(values.values())), higher),
            1 + better,
            len(values),
        )
    return found


def stored_ratings(code: str) -> dict[tuple[str, object], tuple]:
    ratings = Rating.objects.filter(observation__area__code=code).select_related(
        "observation__indicator", "observation__period"
    )
    return {
        (r.observation.indicator.code, r.observation.period.start): (
            r.quartile,
            r.rank,
            r.rank_of,
        )  # fmt: skip
        for r in ratings
        if r.observation.value is not None
    }


def test_quartiles_and_ranks_follow_laits_method(tmp_path, settings):
    measures = chosen_measures()
    assert len(measures) == 20
    measures += [m for m in RANGES if m not in measures]
    topics = {dictionary_rows()[m]["Topic"] for m in measures}
    assert len(topics) >= 10
    data = write_slice(tmp_path / "twenty.parquet", measures)
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    validated, counts = lait_import(data, DICTIONARY)
    assert validated.errors == []
    codes = {lait.lait_code(m) for m in measures}
    for area_code, number in HOMES.items():
        settings.SCRUTINEER_HOME_AREA = area_code
        if area_code != "E10000018":
            recompute(indicator_ids=Indicator.objects.values_list("pk", flat=True))
        want = expected(measures, number)
        got = stored_ratings(area_code)
        assert got == want, area_code
        assert len(want) > 100
        if number == "855":  # every chosen measure has Leicestershire's figures
            assert {c for c, _ in got} == codes
        for short in RANGES:  # every range rated, in the year it ends with
            years = {start.year for c, start in want if c == lait.lait_code(short)}
            assert len(years) >= 6, (short, years)  # of 7 and 9; some are `-`
    assert len(pq.read_table(data)) > 20_000
