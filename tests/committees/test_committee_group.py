"""Issue 16: a committee's own comparator group (`Committee.comparator_group`),
chosen by whoever chooses what it follows, kept in its history; its
dashboard and overall position compare with it unless another group is
asked for (all authorities included), and say it is the committee's."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from committees import services
from indicators.models import Area
from indicators.services import recompute
from tests.factories import IndicatorFactory, ObservationFactory, ThemeFactory, period

pytestmark = pytest.mark.django_db

OWN = "the committee's comparator group"


@pytest.fixture
def followed(committee, home_area):  # type: ignore[no-untyped-def]
    """One indicator the committee follows, with figures for every county."""
    counties = Area.objects.filter(
        level=Area.Level.LOCAL_AUTHORITY, code__startswith="E10",
        terminated_on__isnull=True,
    ).exclude(pk=home_area.pk)  # fmt: skip
    indicator = IndicatorFactory(
        code="ks2", name="Key Stage 2", theme=ThemeFactory(), polarity="higher"
    )
    for k, area in enumerate([home_area, *counties]):
        ObservationFactory(
            indicator=indicator, area=area, period=period("2024/25"),
            value=Decimal(40 + k),
        )  # fmt: skip
    recompute()
    committee.follows.add(indicator)
    return len(counties) + 1


def _page(client, url: str, **query: str) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(client.get(url, query).content.decode())


# --- The service --------------------------------------------------------------------


def test_the_performance_team_chooses_the_group_and_the_history_says_so(
    committee, performance_lead, home_area
):  # type: ignore[no-untyped-def]
    assert services.comparator_group_choose(
        user=performance_lead, committee=committee, slug="counties"
    )
    committee.refresh_from_db()
    assert committee.comparator_group == "counties"
    last = committee.history.first()
    assert (last.history_user, last.history_change_reason) == (
        performance_lead,
        "Compares with All counties",
    )
    assert last.comparator_group == "counties"
    # The same again changes nothing and writes no history.
    count = committee.history.count()
    assert not services.comparator_group_choose(
        user=performance_lead, committee=committee, slug="counties"
    )
    assert committee.history.count() == count
    # None: all authorities again.
    assert services.comparator_group_choose(
        user=performance_lead, committee=committee, slug=""
    )
    committee.refresh_from_db()
    assert committee.comparator_group == ""


def test_an_unknown_group_and_a_councillor_are_refused(
    committee, clerk, councillor, home_area
):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.comparator_group_choose(user=clerk, committee=committee, slug="nope")
    with pytest.raises(PermissionDenied):
        services.comparator_group_choose(
            user=councillor, committee=committee, slug="counties"
        )
    assert services.comparator_group_choose(
        user=clerk, committee=committee, slug="region"
    )
    committee.refresh_from_db()
    assert committee.comparator_group == "region"


# --- The catalogue page -------------------------------------------------------------


def test_the_catalogue_offers_the_choice_and_refuses_an_unknown_group(
    client, committee, performance_lead, councillor, home_area
):  # type: ignore[no-untyped-def]
    url = reverse("committee_comparator", args=[committee.slug])
    catalogue = reverse("committee_catalogue", args=[committee.slug])
    client.force_login(performance_lead)
    page = client.get(catalogue).content.decode()
    assert "Save the comparator group" in page and "has no comparator group" in page
    refused = client.post(url, {"comparator_group": "made-up"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "There is a problem" in text
    assert "Choose a comparator group from the list" in text
    committee.refresh_from_db()
    assert committee.comparator_group == ""
    detail = reverse("committee_detail", args=[committee.slug])
    assert "its comparator group" not in _page(client, detail)
    done = client.post(url, {"comparator_group": "counties"}, follow=True)
    assert "The committee now compares with: All counties." in done.content.decode()
    assert "compare it with: <strong>All counties</strong>" in done.content.decode()
    committee.refresh_from_db()
    assert committee.comparator_group == "counties"
    said = "compare it with its comparator group: <strong>All counties</strong>."
    assert said in _page(client, detail)
    client.force_login(councillor)
    assert "Save the comparator group" not in client.get(catalogue).content.decode()
    assert client.post(url, {"comparator_group": ""}).status_code == 403


# --- The dashboard and the overall position -----------------------------------------


def test_the_dashboard_compares_with_the_committees_group_unless_asked(
    client, committee, councillor, followed
):  # type: ignore[no-untyped-def]
    committee.comparator_group = "counties"
    committee.save()
    client.force_login(councillor)
    url = reverse("committee_dashboard", args=[committee.slug])
    position = reverse("committee_position", args=[committee.slug])
    page = _page(client, url)
    assert f"All counties ({followed})" in page
    assert f"Compared with all counties, {OWN}." in page
    assert '<option value="counties" selected>' in page
    assert f'href="{position}?group=counties"' in page
    # All authorities, asked for outright (the select's empty value, or the
    # position page's `national`): no group column, and the link says so.
    for asked in ("", "national"):
        page = _page(client, url, group=asked)
        assert "All counties (" not in page and OWN not in page
        assert '<option value="" selected>All English authorities' in page
        assert f'href="{position}?group=national"' in page
    # Another group asked for wins, and is not said to be the committee's.
    page = _page(client, url, group="region")
    assert "All counties (" not in page and OWN not in page


def test_without_a_group_or_with_one_no_longer_offered_all_authorities(
    client, committee, councillor, followed
):  # type: ignore[no-untyped-def]
    client.force_login(councillor)
    url = reverse("committee_dashboard", args=[committee.slug])
    position = reverse("committee_position", args=[committee.slug])
    page = _page(client, url)
    assert "All counties (" not in page and f'href="{position}"' in page
    committee.comparator_group = "a-deleted-group"
    committee.save()
    page = _page(client, url)
    assert "There is a problem" not in page and "All counties (" not in page
    page = _page(client, position)
    assert "There is a problem" not in page and "with all authorities." in page


def test_the_overall_position_is_among_the_committees_group_unless_asked(
    client, committee, councillor, followed
):  # type: ignore[no-untyped-def]
    committee.comparator_group = "counties"
    committee.save()
    client.force_login(councillor)
    url = reverse("committee_position", args=[committee.slug])
    page = _page(client, url)
    assert f"compared\n        with all counties, {OWN}." in page
    assert "Overall position, among all counties" in page
    page = _page(client, url, group="national")
    assert "with all authorities." in page and OWN not in page
    # The whole council's page has no committee, and no default but all.
    page = _page(client, reverse("overall_position"))
    assert "with all authorities." in page and OWN not in page
