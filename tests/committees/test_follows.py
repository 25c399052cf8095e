"""A committee follows a set of indicators: following and unfollowing
(clerks and the performance team only, with history kept), the catalogue
(search by words, filter by theme, a preview of the latest position, a
constant number of queries) and the committee's dashboard, which shows the
indicators it follows and no other."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import services
from committees.views import follows as follow_views
from indicators.models import Rating
from tests.committees.factories import CommitteeFactory
from tests.factories import IndicatorFactory, ObservationFactory, ThemeFactory, period

pytestmark = pytest.mark.django_db


def _published(indicator, area, value="50", label="2024/25 Q2", **rating):  # type: ignore[no-untyped-def]
    figure = ObservationFactory(
        indicator=indicator, area=area, period=period(label), value=Decimal(value)
    )
    Rating.objects.create(
        observation=figure, **{"direction": "n/a", "rag": "n/a", **rating}
    )
    return figure


@pytest.fixture
def two(home_area):  # type: ignore[no-untyped-def]
    """Two indicators with published home figures, in two themes."""
    care = ThemeFactory(name="Children in care", slug="children-in-care")
    schools = ThemeFactory(name="Schools", slug="schools")
    placements = IndicatorFactory(
        code="placements-3plus",
        name="Children in care with three or more placements",
        theme=care,
        description="Placement stability over the year",
    )
    ks2 = IndicatorFactory(
        code="ks2-sen-rwm",
        name="Key Stage 2 reading, writing and maths: pupils with SEN support",
        theme=schools,
    )
    _published(
        placements, home_area, "9.5", rag="green", quartile=1, rank=12, rank_of=152
    )
    _published(ks2, home_area, "21.0", rag="red", quartile=4)
    return placements, ks2


def test_follow_and_unfollow_change_the_set_and_keep_history(committee, clerk, two):  # type: ignore[no-untyped-def]
    placements, _ = two
    assert services.indicator_follow(
        user=clerk, committee=committee, indicator=placements
    )
    assert not services.indicator_follow(
        user=clerk, committee=committee, indicator=placements
    )  # already followed: nothing changes
    assert list(committee.follows.all()) == [placements]
    latest = committee.history.latest()
    assert latest.history_user == clerk
    assert latest.history_change_reason == "Follows placements-3plus"
    assert [f.indicator_id for f in latest.follows.all()] == [placements.pk]
    assert services.indicator_unfollow(
        user=clerk, committee=committee, indicator=placements
    )
    assert not committee.follows.exists()
    assert committee.history.latest().history_change_reason == (
        "No longer follows placements-3plus"
    )


def test_the_performance_team_may_follow_too(committee, performance_lead, two):  # type: ignore[no-untyped-def]
    services.indicator_follow(
        user=performance_lead, committee=committee, indicator=two[1]
    )
    assert list(committee.follows.all()) == [two[1]]


@pytest.mark.parametrize("who", ["councillor", "officer", "outsider"])
def test_other_roles_may_not_follow_or_unfollow(request, committee, clerk, two, who):  # type: ignore[no-untyped-def]
    placements, ks2 = two
    committee.follows.add(ks2)
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.indicator_follow(user=user, committee=committee, indicator=placements)
    with pytest.raises(PermissionDenied):
        services.indicator_unfollow(user=user, committee=committee, indicator=ks2)
    url = reverse("committee_follow", args=[committee.slug])
    client = request.getfixturevalue("client")
    client.force_login(user)
    answer = client.post(url, {"indicator": placements.code, "follow": "yes"})
    assert answer.status_code == 403
    assert list(committee.follows.all()) == [ks2]
    page = client.get(reverse("committee_catalogue", args=[committee.slug]))
    assert page.status_code == (403 if who == "outsider" else 200)
    if who != "outsider":  # readers see what is followed, without buttons
        assert "Follow<span" not in page.content.decode()


def test_the_catalogue_searches_words_and_filters_by_theme(
    client, committee, councillor, two
):  # type: ignore[no-untyped-def]
    client.force_login(councillor)
    url = reverse("committee_catalogue", args=[committee.slug])

    def names(query):  # type: ignore[no-untyped-def]
        rows = client.get(url, query).context["rows"]
        return [indicator.code for indicator, _, _ in rows]

    assert names({}) == ["placements-3plus", "ks2-sen-rwm"]  # by theme, then name
    assert names({"q": "stability placement"}) == ["placements-3plus"]  # description
    assert names({"q": "ks2-sen"}) == ["ks2-sen-rwm"]  # code
    assert names({"q": "maths care"}) == []  # every word must match
    assert names({"theme": "schools"}) == ["ks2-sen-rwm"]
    assert names({"theme": "schools", "q": "placements"}) == []
    committee.follows.add(two[1])
    assert names({"following": "yes"}) == ["ks2-sen-rwm"]
    assert names({"following": "no"}) == ["placements-3plus"]


def test_the_catalogue_previews_the_latest_position(client, committee, clerk, two):  # type: ignore[no-untyped-def]
    placements, _ = two
    _published(placements, placements.observations.first().area, "8.1", "2024/25 Q1")
    committee.follows.add(placements)
    client.force_login(clerk)
    page = client.get(reverse("committee_catalogue", args=[committee.slug]))
    rows = {i.code: (latest, followed) for i, latest, followed in page.context["rows"]}
    latest, followed = rows["placements-3plus"]
    assert followed and not rows["ks2-sen-rwm"][1]
    assert latest.figure == "9.5%"  # Q2, not the earlier Q1
    assert latest.period == "July to September 2024 (quarter 2)"
    assert (latest.rag, latest.quartile) == ("green", "1st quartile (rank 12 of 152)")
    html = page.content.decode()
    assert 'Unfollow<span class="govuk-visually-hidden"> Children in care' in html
    assert 'Follow<span class="govuk-visually-hidden"> Key Stage 2' in html


def _catalogue_queries(client, committee, how_many, home_area):  # type: ignore[no-untyped-def]
    theme = ThemeFactory(name="Measures", slug="measures")
    for n in range(how_many):
        indicator = IndicatorFactory(code=f"m-{how_many}-{n}", theme=theme)
        _published(indicator, home_area, str(n), rag="amber", quartile=2)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("committee_catalogue", args=[committee.slug]))
    assert len(page.context["rows"]) >= how_many
    return len(queries)


def test_the_catalogue_takes_the_same_queries_for_10_or_100_indicators(  # type: ignore[no-untyped-def]
    client, committee, clerk, home_area, monkeypatch
):
    monkeypatch.setattr(follow_views, "CATALOGUE_PAGE", 500)  # every row shown
    client.force_login(clerk)
    ten = _catalogue_queries(client, committee, 10, home_area)
    hundred = _catalogue_queries(client, committee, 90, home_area)
    assert ten == hundred


def test_the_committees_dashboard_shows_only_what_it_follows(
    client, committee, councillor, two
):  # type: ignore[no-untyped-def]
    placements, ks2 = two
    committee.follows.add(placements)
    client.force_login(councillor)
    url = reverse("committee_dashboard", args=[committee.slug])
    # The view's own table (context_data): the themes' tables rendered inside
    # the page also carry a "table" in their template contexts.
    page = client.get(url)
    codes = [row.record.indicator.code for row in page.context_data["table"].rows]
    assert codes == ["placements-3plus"]
    before = page.context["summary"]
    assert "The 1 indicator the" in page.content.decode()
    whole = client.get(reverse("dashboard")).context_data["table"].rows
    assert sorted(row.record.indicator.code for row in whole) == sorted(
        ["placements-3plus", "ks2-sen-rwm"]
    )
    committee.follows.add(ks2)  # followed since: the kept rows are not stale
    committee.follows.remove(placements)
    page = client.get(url)
    codes = [row.record.indicator.code for row in page.context_data["table"].rows]
    assert codes == ["ks2-sen-rwm"]
    # The summary is the new set's (kept under the set, not the committee).
    assert page.context["summary"] != before and before


def test_the_migration_follows_each_committees_remit(two):  # type: ignore[no-untyped-def]
    placements, ks2 = two
    committee = CommitteeFactory(code="CYP", slug="cyp", name="Young people")
    other = CommitteeFactory(code="ADU", slug="adults", name="Adults")
    committee.remit.add(placements.theme)
    migration = importlib.import_module(
        "committees.migrations.0004_seed_follows_from_remit"
    )
    migration.follow_remit(apps, None)
    assert list(committee.follows.all()) == [placements]
    assert not other.follows.exists()


def test_the_committees_overall_position_covers_what_it_follows(
    client, committee, councillor, two
):  # type: ignore[no-untyped-def]
    placements, ks2 = two
    committee.follows.add(placements)
    client.force_login(councillor)
    page = client.get(reverse("committee_position", args=[committee.slug]))
    assert page.status_code == 200
    codes = [
        placed.observation.indicator.code
        for block in page.context["page"].themes
        for placed in block.rows
    ]
    assert codes == ["placements-3plus"]
    assert f"The measures {committee.name} follows, compared" in " ".join(
        page.content.decode().split()
    )
    # The whole authority's page still covers both.
    whole = client.get(reverse("overall_position")).context["page"].themes
    assert sorted(p.observation.indicator.code for b in whole for p in b.rows) == [
        "ks2-sen-rwm",
        "placements-3plus",
    ]
