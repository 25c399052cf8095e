"""The dashboard's "Compare with" choice (indicators.dashboard_group): with no
group the page says its quartiles are national; with one, each theme's
table gains the group's column (quartile, rank and the others' average,
computed as the overall position page computes them), each band counts the
group's quartiles, and the page names the group and links to the overall
position among it. An unknown group is an error, not a silent fallback.
Figures: real LAIT ones for Leicestershire and seven counties
(test_position_selector's fixture)."""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import ComparatorGroup, StatisticalNeighbour
from indicators.selectors import GroupPlace
from indicators.theme_tables import group_place_words
from indicators.themes import group_band_words
from tests.indicators.test_position_selector import children_looked_after

pytestmark = pytest.mark.django_db
__all__ = ["children_looked_after"]  # the fixture, imported for its use here

# The neighbours (DfE's model, of these counties) and Leicestershire itself:
# moves 5 9 10 15 16 (lower is better): Leicestershire's 10 is quartile 2,
# rank 3 of 5, and the others' mean (5+9+15+16)/4 = 11.25; lasting 61 64 75
# 76 86 (higher is better): 75 is quartile 3, rank 3 of 5, mean 71.75.
NEIGHBOURS = (891, 885, 850, 937)


@pytest.fixture
def neighbours(home_area, children_looked_after):  # type: ignore[no-untyped-def]
    for rank, la in enumerate(NEIGHBOURS, start=1):
        StatisticalNeighbour.objects.create(
            area=home_area, neighbour=children_looked_after[la], rank=rank
        )
    return children_looked_after


def text(html: str) -> str:
    """The page's words, tags dropped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def cell_after(page: str, name: str) -> str:
    """The group column's cell (the row's last) in the row of `name`."""
    row = re.search(
        rf"<tr[^>]*>(?:(?!</tr>).)*>{re.escape(name)}</a>.*?</tr>", page, re.S
    )
    assert row, name
    return text(re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)[-1])


def test_with_no_group_the_quartiles_are_national_and_said_so(
    client, councillor, neighbours
):
    client.force_login(councillor)
    page = client.get("/").content.decode()
    words = text(page)
    assert (
        "Quartiles and ranks are among all English authorities with a figure." in words
    )
    assert "See the overall position among all English authorities" in words
    assert 'href="/position/"' in page
    assert '<option value="" selected>All English authorities</option>' in page
    assert "Statistical neighbours (5)" not in page
    assert "Among statistical" not in words


def test_a_chosen_group_adds_its_column_band_words_and_link(
    client, councillor, neighbours
):
    client.force_login(councillor)
    page = client.get("/", {"group": "neighbours"}).content.decode()
    words = text(page)
    assert '<option value="neighbours" selected>Statistical neighbours</option>' in page
    assert re.search(r"<th[^>]*>\s*Statistical neighbours \(5\)\s*</th>", page)
    assert (
        cell_after(page, "LACStable_2016on") == "2nd quartile, 3rd of 5; average 11.3%"
    )
    assert (
        cell_after(page, "LAC_LongStable%") == "3rd quartile, 3rd of 5; average 71.8%"
    )
    # The finance measure has no polarity: no quartile, but an average.
    assert cell_after(page, "LACFinance").startswith("Not ranked; average £")
    # The national columns are as ever (quartile 2, rank 3 of 8).
    assert "2nd quartile (rank 3 of 8)" in words
    assert "Among statistical neighbours: 0 top, 1 second, 1 third, 0 bottom." in words
    names = ", ".join(sorted(neighbours[la].name for la in NEIGHBOURS))
    assert (
        "That column places Leicestershire among statistical neighbours: "
        f"Leicestershire and 4 other authorities ({names})." in words
    )
    assert "See the overall position among statistical neighbours" in words
    assert 'href="/position/?group=neighbours"' in page


def test_an_unknown_group_is_an_error_and_the_page_stays_national(
    client, councillor, neighbours
):
    client.force_login(councillor)
    page = client.get("/", {"group": "nowhere"}).content.decode()
    words = text(page)
    assert "There is a problem" in words
    assert (
        "Compare with: Select a valid choice. nowhere is not one of the available "
        "choices. Choose one from the list." in words
    )
    assert 'href="#id_group"' in page and "govuk-form-group--error" in page
    assert "Statistical neighbours (5)" not in page
    assert (
        "Quartiles and ranks are among all English authorities with a figure." in words
    )


def test_the_kept_themes_follow_the_group_and_its_members(
    client, councillor, neighbours
):
    """The themes are kept by query string: a group's page never serves the
    national one, nor a named group's old members."""
    client.force_login(councillor)
    assert (
        "Statistical neighbours (5)"
        in client.get("/", {"group": "neighbours"}).content.decode()
    )
    assert "Statistical neighbours (5)" not in client.get("/").content.decode()
    named = ComparatorGroup.objects.create(name="Shire pair", slug="shire-pair")
    named.members.set([neighbours[891]])
    assert "Shire pair (2)" in client.get("/", {"group": "shire-pair"}).content.decode()
    named.members.add(neighbours[885])
    page = client.get("/", {"group": "shire-pair"}).content.decode()
    assert "Shire pair (3)" in page
    # Nottinghamshire 5, Worcestershire 9, Leicestershire 10: 3rd of 3.
    assert (
        cell_after(page, "LACStable_2016on") == "4th quartile, 3rd of 3; average 7.0%"
    )


def test_the_group_column_takes_the_same_queries_for_few_and_many_rows(
    client, councillor, neighbours, home_area
):
    from tests.indicators.test_dashboard import make_indicators

    client.force_login(councillor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as done:
            response = client.get("/", {"group": "neighbours"})
        assert response.status_code == 200
        assert "Statistical neighbours (5)" in response.content.decode()
        return len(done)

    make_indicators(home_area, 3)
    few = queries()
    make_indicators(home_area, 40, start=3)
    many = queries()
    assert few == many, (few, many)


@pytest.mark.parametrize(
    ("place", "said"),
    [
        (
            GroupPlace(2, 12, 32, Decimal("23.44"), 31),
            "2nd quartile, 12th of 32; average 23.4%",
        ),
        (GroupPlace(None, None, None, Decimal("5"), 3), "Not ranked; average 5.0%"),
        (GroupPlace(None, None, None), "Not ranked; no figures from the group"),
        (None, "Not ranked; no figures from the group"),
    ],
)
def test_the_group_cell_in_words(place, said):  # type: ignore[no-untyped-def]
    indicator = SimpleNamespace(unit="percent", decimals=1)
    assert group_place_words(place, SimpleNamespace(indicator=indicator)) == said


def test_the_band_counts_the_groups_quartiles():
    assert group_band_words("all counties", [1, 1, 4, None]) == (
        "Among all counties: 2 top, 0 second, 0 third, 1 bottom, 1 without a quartile."
    )
    assert group_band_words("East Midlands", [2]) == (
        "Among East Midlands: 0 top, 1 second, 0 third, 0 bottom."
    )
