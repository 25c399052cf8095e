"""An independent recomputation of every demo indicator, every year, from
DfE's raw files: the demo's national data is loaded as the demo loads it
(`indicators.demo.seed`, through the real import jobs), then, with plain csv
and Decimal only, authorities matched by their LA number (`old_la_code`; a
joint return's figure to each member; `low` ranked as 0), Leicestershire's
neighbour mean and count, rank of n and quartile are worked out again and
compared with what is stored (issue 14, items 1 and 4)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction

from indicators import demo
from indicators.models import Rating

ROOT = Path(__file__).resolve().parents[2]
DFE = ROOT / "data" / "dfe"
HOME = "855"  # Leicestershire (E10000018)
CENT = Decimal("0.01")
# The data is loaded once, by the module's fixture; the mark tells
# pytest-django that this module needs the test database.
pytestmark = pytest.mark.django_db

# (indicator, year): (neighbour mean to 2 places, neighbours counted), as the
# committee's own sources give them.
NEIGHBOUR_ROWS = [
    # Somerset (933) was filed under E10000027 until 2023: ten neighbours.
    ("cpp-second-plan", "2023", Decimal("23.73"), 10),
    ("sw-turnover", "2021", Decimal("17.18"), 10),
]
# (indicator, year): (rank, of n), as DfE's LAIT publishes them.
LAIT_RANKS = [
    ("sw-agency", "2025", 69, 151),
    ("sw-turnover", "2025", 24, 150),
    ("sw-caseload", "2025", 25, 151),
]


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def definitions() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in read_csv(ROOT / "data" / "demo" / "indicators.csv")}


def neighbours() -> list[str]:
    row = next(
        r for r in read_csv(DFE / "sn_model_2025_wide.csv") if r["old_la_code"] == HOME
    )
    return [row[f"SN_{n}"] for n in range(1, 11)]


def number(cell: str) -> tuple[Decimal | None, Decimal | None]:
    """(published value, value in ranks): 'low' ranks as 0 and is no value."""
    if cell.strip() == "low":
        return None, Decimal(0)
    try:
        value = Decimal(cell.strip())
    except InvalidOperation:
        return None, None
    return value, value


def by_la_number(
    filename: str, column: str, filters: dict[str, str]
) -> dict[str, dict[str, tuple[Decimal | None, Decimal | None]]]:
    """year -> LA number -> (value, ranked value): each member of a joint
    return ("940 / 941") gets its figure; a council's own row beats it."""
    years: dict[str, dict[str, tuple[Decimal | None, Decimal | None]]] = defaultdict(
        dict
    )
    own: set[tuple[str, str]] = set()
    for row in read_csv(DFE / filename):
        if row["geographic_level"] != "Local authority":
            continue
        if any(row[key.lower()] != wanted for key, wanted in filters.items()):
            continue
        numbers = [n.strip() for n in row["old_la_code"].split("/")]
        year = row["time_period"]
        for la in numbers:
            if len(numbers) > 1 and (year, la) in own:
                continue
            assert (year, la) not in own, f"{filename}: LA {la} twice in {year}"
            if len(numbers) == 1:
                own.add((year, la))
            years[year][la] = number(row[column])
    return years


def quantile(values: list[Decimal], p: Decimal) -> Decimal:
    ordered = sorted(values)
    h = (len(ordered) - 1) * p
    below = int(h)
    if below + 1 >= len(ordered):
        return ordered[-1]
    return ordered[below] + (h - below) * (ordered[below + 1] - ordered[below])


def banding(home: Decimal, everyone: list[Decimal], lower_is_better: bool) -> int:
    q25, q50, q75 = (quantile(everyone, Decimal(p)) for p in ("0.25", "0.5", "0.75"))
    if lower_is_better:
        return 1 if home <= q25 else 2 if home <= q50 else 3 if home <= q75 else 4
    return 1 if home > q75 else 2 if home > q50 else 3 if home > q25 else 4


def recompute_year(
    figures: dict[str, tuple[Decimal | None, Decimal | None]],
    definition: dict[str, str],
) -> dict[str, Any]:
    values = [
        figures[n][0]
        for n in neighbours()
        if n in figures and figures[n][0] is not None
    ]
    mean = (sum(values, Decimal(0)) / len(values)).quantize(CENT) if values else None
    found: dict[str, Any] = {
        "mean": mean,
        "count": len(values),
        "rank": None,
        "of": None,
        "quartile": None,
    }
    home = figures[HOME][0]
    polarity = definition["polarity"]
    if home is None or polarity == "none" or definition["banded"] != "yes":
        return found
    others = [r for la, (_, r) in figures.items() if la != HOME and r is not None]
    lower = polarity == "lower"
    found["rank"] = 1 + sum(1 for v in others if (v < home if lower else v > home))
    found["of"] = len(others) + 1
    found["quartile"] = banding(home, [*others, home], lower)
    return found


def recomputed() -> dict[tuple[str, str], dict[str, Any]]:
    known = definitions()
    found = {}
    for code, filename, column, filters, _, _ in demo.BENCHMARKS:
        for year, figures in by_la_number(filename, column, filters).items():
            if HOME in figures:
                found[code, year] = recompute_year(figures, known[code])
    return found


@pytest.fixture(scope="module")
def stored(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """What the product stores for Leicestershire's published figures, read
    from the demo loaded in a transaction that is then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        if not Group.objects.exists():  # after a test that flushed the tables
            import_module("indicators.migrations.0002_roles").create_roles(apps, None)
            import_module("indicators.migrations.0004_load_areas").load_areas(
                apps, None
            )
        demo.seed(stdout=io.StringIO())
        found = {
            (r.observation.indicator.code, r.observation.period.label): {
                "mean": None
                if r.neighbour_mean is None
                else r.neighbour_mean.quantize(CENT),
                "count": r.neighbour_count,
                "rank": r.rank,
                "of": r.rank_of,
                "quartile": r.quartile,
            }  # fmt: skip
            for r in Rating.objects.filter(
                observation__area__code="E10000018", observation__source="benchmark"
            )
            # The demo's LAIT measures are recomputed from LAIT's own file in
            # tests/indicators/lait/test_import_ratings.py.
            .exclude(observation__indicator__code__startswith="lait-")
            .select_related("observation__indicator", "observation__period")
        }
        transaction.set_rollback(True)
    return found


@pytest.fixture(scope="module")
def expected() -> dict[tuple[str, str], dict[str, Any]]:
    return recomputed()


@pytest.mark.parametrize(("code", "year", "mean", "count"), NEIGHBOUR_ROWS)
def test_a_historic_neighbour_mean_counts_somerset_under_its_old_code(
    stored, expected, code, year, mean, count
):
    assert (expected[code, year]["mean"], expected[code, year]["count"]) == (
        mean,
        count,
    )
    assert (stored[code, year]["mean"], stored[code, year]["count"]) == (mean, count)


@pytest.mark.parametrize(("code", "year", "rank", "of"), LAIT_RANKS)
def test_a_rank_is_the_one_lait_publishes(stored, expected, code, year, rank, of):
    assert (expected[code, year]["rank"], expected[code, year]["of"]) == (rank, of)
    assert (stored[code, year]["rank"], stored[code, year]["of"]) == (rank, of)


def test_every_demo_indicator_and_year_matches_the_recomputation(stored, expected):
    assert len(expected) >= 80  # 11 indicators, 5 to 13 years each
    assert {code for code, _ in expected} == {b[0] for b in demo.BENCHMARKS}
    assert set(stored) == set(expected)
    differ = {
        key: (stored[key], want)
        for key, want in expected.items()
        if stored[key] != want
    }
    assert differ == {}
