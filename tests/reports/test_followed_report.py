"""A committee's report covers the indicators the committee follows,
grouped under their themes as ever (whatever the themes the report was
drafted with); a report without a committee, or whose committee follows
none, covers its themes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from committees import services as committee_services
from reports import services
from reports.selectors import OVERVIEW
from tests.committees.factories import CommitteeFactory
from tests.factories import IndicatorFactory, ThemeFactory
from tests.reports.conftest import rated_figure

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(home_area, q2, q3, theme):  # type: ignore[no-untyped-def]
    """Two indicators in the report's theme and a LAIT-like one in another."""
    schools = ThemeFactory(name="Schools", slug="schools")
    local = IndicatorFactory(
        code="assessments", name="Assessments on time", theme=theme
    )
    other = IndicatorFactory(code="repeat-plans", name="Repeat plans", theme=theme)
    national = IndicatorFactory(
        code="lait-ks2-sen", name="KS2 expected standard: SEN support", theme=schools
    )
    for indicator in (local, other, national):
        rated_figure(indicator, home_area, q3, "40", rag="amber", quartile=3)
    rated_figure(national, home_area, q2, "35", previous_value=Decimal("35"), rag="red")
    return local, other, national


def _drafted(report):  # type: ignore[no-untyped-def]
    return {
        p.key: p.subsection
        for p in report.paragraphs.filter(key__startswith="indicator:")
    }


def test_the_report_covers_the_followed_indicators_under_their_themes(  # type: ignore[no-untyped-def]
    officer, clerk, theme, q3, agenda
):
    local, other, national = agenda
    committee = CommitteeFactory(code="CYP", slug="cyp", name="Young People")
    for indicator in (local, national):
        committee_services.indicator_follow(
            user=clerk, committee=committee, indicator=indicator
        )
    report, _ = services.report_draft(
        user=officer, period=q3, committee=committee, theme_ids=[theme.pk]
    )
    assert _drafted(report) == {
        "indicator:assessments": "Child protection",
        "indicator:lait-ks2-sen": "Schools",
    }
    overview = report.paragraphs.filter(section=OVERVIEW).first()
    assert overview.facts["themes"] == ["Child protection", "Schools"]
    # Unfollowed, and followed: the next regeneration follows the set.
    committee_services.indicator_unfollow(
        user=clerk, committee=committee, indicator=national
    )
    committee_services.indicator_follow(
        user=clerk, committee=committee, indicator=other
    )
    services.report_regenerate(user=officer, report=report)
    assert _drafted(report) == {
        "indicator:assessments": "Child protection",
        "indicator:repeat-plans": "Child protection",
    }


def test_without_followed_indicators_the_report_covers_its_themes(  # type: ignore[no-untyped-def]
    officer, theme, q3, agenda
):
    committee = CommitteeFactory(code="NEW", slug="new", name="New committee")
    report, _ = services.report_draft(
        user=officer, period=q3, committee=committee, theme_ids=[theme.pk]
    )
    assert set(_drafted(report)) == {"indicator:assessments", "indicator:repeat-plans"}
