"""A draft report is its editors' business: readers may not learn that it
exists, nor its committee's name, from its "what changed" page. And a
committee's name typed on the drafting form cannot land on another
committee's web addresses."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.models import Rating
from reports import services
from reports.models import Report
from tests.committees.factories import CommitteeFactory
from tests.factories import IndicatorFactory, ObservationFactory, ThemeFactory, period

pytestmark = pytest.mark.django_db

SECRET_NAME = "Special Educational Needs Task Group"


@pytest.fixture
def q2():  # type: ignore[no-untyped-def]
    return period("2025/26 Q2")


@pytest.fixture
def theme(home_area, q2):  # type: ignore[no-untyped-def]
    theme = ThemeFactory(name="Child protection", slug="child-protection")
    indicator = IndicatorFactory(code="repeat", name="Repeat plans", theme=theme)
    figure = ObservationFactory(
        indicator=indicator, area=home_area, period=q2, value=Decimal("20")
    )
    Rating.objects.create(observation=figure, direction="n/a", rag="green")
    return theme


@pytest.fixture
def draft(officer, theme, q2) -> Report:  # type: ignore[no-untyped-def]
    report, _ = services.report_draft(
        user=officer, period=q2, committee_name=SECRET_NAME, theme_ids=[theme.pk]
    )
    return report


def changes_url(report: Report, period_slug: str = "") -> str:
    kwargs = report.url_kwargs()
    if period_slug:
        kwargs["period"] = period_slug
    return reverse("report_changes", kwargs=kwargs)


def test_readers_cannot_open_a_drafts_changes_page(  # type: ignore[no-untyped-def]
    client, councillor, clerk, officer, performance_lead, draft
):
    for reader in (councillor, clerk):
        client.force_login(reader)
        response = client.get(changes_url(draft))
        assert response.status_code == 404
        assert SECRET_NAME not in response.content.decode()
    for editor in (officer, performance_lead):
        client.force_login(editor)
        response = client.get(changes_url(draft))
        assert response.status_code == 200
        assert SECRET_NAME in response.content.decode()
    services.report_finalise(user=performance_lead, report=draft)
    client.force_login(councillor)
    response = client.get(changes_url(draft))
    assert response.status_code == 200
    assert SECRET_NAME in response.content.decode()


def test_a_period_without_a_report_does_not_reveal_the_committees_draft(  # type: ignore[no-untyped-def]
    client, councillor, officer, home_area, draft
):
    """The page falls back on the committee's latest report for its name and
    remit: a draft one is no more a reader's than the draft itself."""
    q1 = period("2025/26 Q1")
    figure = ObservationFactory(
        indicator=IndicatorFactory(code="other"), area=home_area, period=q1,
        value=Decimal("5"),
    )  # fmt: skip
    Rating.objects.create(observation=figure, direction="n/a", rag="green")
    client.force_login(officer)
    response = client.get(changes_url(draft, "2025-26-q1"))
    assert response.status_code == 200
    assert SECRET_NAME in response.content.decode()
    client.force_login(councillor)
    response = client.get(changes_url(draft, "2025-26-q1"))
    assert response.status_code == 404
    assert SECRET_NAME not in response.content.decode()


# --- A typed committee name keeps to its own addresses ----------------------------


def test_a_typed_name_cannot_take_a_committees_address(client, officer, theme, q2):  # type: ignore[no-untyped-def]
    committee = CommitteeFactory(
        code="CFS", name="Children and Families Overview and Scrutiny Committee",
        slug="children-and-families",
    )  # fmt: skip
    client.force_login(officer)
    response = client.post(
        reverse("report_new"),
        {"committee_name": "Children and Families!", "period": q2.pk,
         "themes": [theme.pk]},
        follow=True,
    )  # fmt: skip
    assert not Report.objects.exists()
    page = response.content.decode()
    assert "would share the web address of the committee" in page
    assert committee.name in page
    # Chosen from the list, it is that committee's report.
    response = client.post(
        reverse("report_new"),
        {"committee": committee.pk, "period": q2.pk, "themes": [theme.pk]},
    )
    assert response.status_code == 302
    assert Report.objects.get().committee_slug == committee.slug


def test_a_typed_name_cannot_take_another_typed_committees_reports(  # type: ignore[no-untyped-def]
    officer, theme, q2
):
    first, _ = services.report_draft(
        user=officer, period=q2, committee_name="Children's Scrutiny",
        theme_ids=[theme.pk],
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.report_draft(
            user=officer, period=q2, committee_name="Childrens Scrutiny",
            theme_ids=[theme.pk],
        )  # fmt: skip
    assert "type its name as \u201cChildren's Scrutiny\u201d" in str(refused.value)
    first.refresh_from_db()
    assert first.committee_name == "Children's Scrutiny"
    # The same committee, typed again with other spacing or case, is itself.
    again, _ = services.report_draft(
        user=officer, period=q2, committee_name="  children's   scrutiny ",
        theme_ids=[theme.pk],
    )  # fmt: skip
    assert again.pk == first.pk
    assert Report.objects.count() == 1
