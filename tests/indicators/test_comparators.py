"""Comparator groups (issue 16 item 4): the home authority's mean, rank and
quartile within a group, from DfE's real figures, and the group's validation.

Expected values are worked by hand from data/dfe/csww_indicators_2017_to_2025.csv
(agency_rate_fte, 2025; lower is better): Leicestershire 11.6.
- Its ten neighbours (sn_model_2025_wide.csv): 10.2, 21.9, 0, 27.7, 9.1, 4.8,
  10.2, 2.1, 11.1, 7.8; sum 104.9, mean 10.49; eight lower, so 9th of 11;
  with Leicestershire sorted, Q25 = 4.8 + 0.5 x 3.0 = 6.3, Q50 = 10.2,
  Q75 = 11.1 + 0.5 x 0.5 = 11.35; 11.6 > Q75: quartile 4.
- East Midlands' other nine: Derby 0, Leicester 13.8, Rutland 8.4,
  Nottingham 10.4, North and West Northamptonshire 19.5 each (a joint
  return), Derbyshire 8.6, Lincolnshire 5.8, Nottinghamshire 7.8; sum 93.8,
  mean 10.42 (to 2 places); six lower, 7th of 10; Q25 = 7.95, Q50 = 9.5,
  Q75 = 13.25: quartile 3.
- All 21 live counties (E10): the other twenty sum 174.8, mean 8.74; fifteen
  lower, 16th of 21; Q75 = the 16th value = 11.6 itself, and a value on the
  cut goes to the better quartile when lower is better: quartile 3."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators import selectors
from indicators.models import Area, Indicator, Period
from indicators.services import comparator_group_save, lines_of_text
from tests.factories import IndicatorFactory

DFE = Path(__file__).resolve().parents[2] / "data" / "dfe"
pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")


@pytest.fixture
def agency(home_area):  # type: ignore[no-untyped-def]
    IndicatorFactory(
        code="sw-agency", unit="percent", polarity="lower", rag_method="quartile",
        frequency="annual", year_type="reporting",
    )  # fmt: skip
    call_command(
        "import_benchmarks",
        str(DFE / "csww_indicators_2017_to_2025.csv"),
        indicator="sw-agency",
        value_column="agency_rate_fte",
    )
    call_command("import_neighbours", str(DFE / "sn_model_2025_wide.csv"))
    return Indicator.objects.get(code="sw-agency")


def position(slug: str):  # type: ignore[no-untyped-def]
    home = Area.objects.select_related("region").get(code="E10000018")
    group = selectors.comparator_group(slug, home)
    period = Period.objects.get(
        label="2025", observations__indicator__code="sw-agency", observations__area=home
    )
    return selectors.group_position(
        Indicator.objects.get(code="sw-agency"), period, group, home
    )


# slug, group name, mean (2 places), members counted in it, rank, of, quartile
CASES = [
    ("neighbours", "Statistical neighbours", "10.49", 10, 9, 11, 4),
    ("region", "East Midlands", "10.42", 9, 7, 10, 3),
    ("counties", "All counties", "8.74", 20, 16, 21, 3),
]


@pytest.mark.parametrize(("slug", "name", "mean", "count", "rank", "of", "band"), CASES)
def test_leicestershire_in_each_group_as_worked_by_hand(
    agency, slug, name, mean, count, rank, of, band
):
    found = position(slug)
    standing = found.standing
    assert found.group.name == name
    assert standing.mean.quantize(CENT) == Decimal(mean)
    assert standing.mean_count == count
    assert (standing.rank, standing.rank_of) == (rank, of)
    assert standing.quartile == band
    # Every live member is listed, with a figure or without.
    assert len(standing.members) == of


def test_the_cut_points_within_the_neighbours_are_those_worked_by_hand(agency):
    cuts = position("neighbours").standing.cuts
    assert (cuts.q25, cuts.q50, cuts.q75) == (
        Decimal("6.3"), Decimal("10.2"), Decimal("11.35"),
    )  # fmt: skip


def test_each_neighbour_is_named_with_its_figure_and_rank_best_first(agency):
    members = position("neighbours").standing.members
    assert [(m.name, m.value, m.rank) for m in members[:3]] == [
        ("Warwickshire", Decimal("0"), 1),
        ("West Sussex", Decimal("2.1"), 2),
        ("Wiltshire", Decimal("4.8"), 3),
    ]
    # Gloucestershire and Somerset tie at 10.2: both 6th.
    assert [(m.name, m.rank) for m in members[5:7]] == [
        ("Gloucestershire", 6), ("Somerset", 6),
    ]  # fmt: skip
    home = next(m for m in members if m.home)
    assert (home.name, home.value, home.rank) == ("Leicestershire", Decimal("11.6"), 9)
    assert len(members) == 11


def test_a_named_group_pasted_as_codes_gives_its_own_position(agency):
    # Gloucestershire 10.2 (by LA number), Warwickshire 0 (by ONS code),
    # Nottinghamshire 7.8: mean 6.00, and Leicestershire's 11.6 is 4th of 4.
    saved = comparator_group_save(
        name="Shire peers", lines=lines_of_text("916\nE10000031\n\n891,\n")
    )
    assert saved.errors == []
    found = position("shire-peers")
    assert found.group.name == "Shire peers"
    assert [m.name for m in found.standing.members] == [
        "Warwickshire", "Nottinghamshire", "Gloucestershire", "Leicestershire",
    ]  # fmt: skip
    assert found.standing.mean == Decimal("6")
    assert (found.standing.rank, found.standing.rank_of) == (4, 4)


@pytest.mark.parametrize("slug", ["neighbours", "region", "counties", "shire-peers"])
def test_the_query_count_is_the_same_whatever_the_group(agency, slug):
    comparator_group_save(name="Shire peers", lines=lines_of_text("916\n937"))
    home = Area.objects.select_related("region").get(code="E10000018")
    indicator = Indicator.objects.get(code="sw-agency")
    period = Period.objects.filter(label="2025").first()
    with CaptureQueriesContext(connection) as resolved:
        group = selectors.comparator_group(slug, home)
    with CaptureQueriesContext(connection) as computed:
        selectors.group_position(indicator, period, group, home)
    assert len(resolved) == 1
    assert len(computed) == 2


def test_an_unknown_or_empty_slug_gives_the_statistical_neighbours(agency):
    home = Area.objects.get(code="E10000018")
    assert selectors.comparator_group("", home).slug == "neighbours"
    assert selectors.comparator_group("no-such-group", home).slug == "neighbours"


def test_the_indicator_page_compares_with_the_chosen_group_in_as_many_queries(
    agency, client, councillor
):
    comparator_group_save(name="Shire peers", lines=lines_of_text("916\n937"))
    client.force_login(councillor)
    url = reverse("indicator_detail", args=["sw-agency"])
    counts = {}
    for slug in ("neighbours", "counties", "shire-peers"):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(f"{url}?group={slug}").content.decode()
        counts[slug] = len(queries)
    assert len(set(counts.values())) == 1, counts
    # The last page: the named group, its members by name with their figures.
    assert "Compared with shire peers" in html
    assert "Warwickshire" in html and "3 of 3" in html
    assert '<option value="shire-peers" selected>Shire peers</option>' in html
