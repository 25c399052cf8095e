"""Drafting from published figures, regenerating, editing and finalising."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import services as indicator_services
from indicators.models import Area, Observation, Rating, StatisticalNeighbour
from indicators.permissions import roles_of
from reports import selectors, services
from reports.models import Paragraph, Report
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    ObservationFactory,
    ThemeFactory,
    period,
)
from tests.reports.conftest import rated_figure

pytestmark = pytest.mark.django_db


def texts(report: Report) -> dict[str, str]:
    return {p.key: p.text for p in report.paragraphs.order_by("position")}


def test_overview_counts_equal_the_dashboard_summary(
    client, councillor, officer, home_area, q2, q3
):
    """One implementation: the report's overview says what the dashboard's
    summary says for the same figures."""
    themes = [ThemeFactory(name="Child protection"), ThemeFactory(name="Youth justice")]
    specs = [
        ("improved", "green", 1, "higher"),
        ("improved", "amber", 2, "lower"),
        ("declined", "red", 4, "higher"),
        ("no significant change", "green", None, "higher"),
        ("n/a", "n/a", None, "none"),
        ("n/a", "amber", 3, "lower"),  # no earlier figure
    ]
    for n, (direction, rag, quartile, polarity) in enumerate(specs):
        indicator = IndicatorFactory(
            code=f"ind-{n}", theme=themes[n % 2], polarity=polarity
        )
        rated_figure(indicator, home_area, q3, "50", direction=direction, rag=rag,
                     quartile=quartile, commentary="Explained.")  # fmt: skip
    report, _ = services.report_draft(
        user=officer, period=q3, committee_name="Everything",
        theme_ids=[t.pk for t in themes],
    )  # fmt: skip

    client.force_login(councillor)
    dashboard_summary = client.get("/", {"period": q3.label}).context["summary"]

    overview = texts(report)
    assert " ".join(
        [
            overview["overview:direction"],
            overview["overview:quartiles"],
            overview["overview:rag"],
        ]
    ) == " ".join(dashboard_summary)


def test_a_report_shaped_like_the_minutes_reproduces_their_counts(
    officer, home_area, q3
):
    """29 measures: 18 improved, 8 no significant change, 3 declined, and 1
    without polarity; 21 with a national benchmark: 5, 10, 4 and 2."""
    theme = ThemeFactory(name="Children and families")
    directions = ["improved"] * 18 + ["no significant change"] * 8 + ["declined"] * 3
    quartiles = [1] * 5 + [2] * 10 + [3] * 4 + [4] * 2 + [None] * 8
    for n, (direction, quartile) in enumerate(zip(directions, quartiles, strict=True)):
        indicator = IndicatorFactory(code=f"m{n:02d}", theme=theme, polarity="lower")
        rated_figure(indicator, home_area, q3, "20", direction=direction,
                     quartile=quartile, rag="green")  # fmt: skip
    unpolarised = IndicatorFactory(code="m29", theme=theme, polarity="none")
    rated_figure(unpolarised, home_area, q3, "640")

    report, _ = services.report_draft(
        user=officer, period=q3, committee_name="Children and Families",
        theme_ids=[theme.pk],
    )  # fmt: skip

    first = list(report.paragraphs.order_by("position")[:3])
    assert [p.position for p in first] == [1, 2, 3]
    assert first[0].text == (
        "This report covers 30 measures in October to December 2024 (quarter 3), under"
        " Children and families, from published figures only."
    )
    assert first[1].text == (
        "From 29 measures, 18 have improved, 8 show no significant change and 3 have"
        " declined. 1 further measure has no polarity, so no direction of travel."
    )
    assert first[2].text == (
        "From 21 measures with a national benchmark, 5 are in the top quartile, 10 in"
        " the second quartile, 4 in the third quartile and 2 in the bottom quartile."
    )
    assert report.paragraphs.filter(key__startswith="indicator:").count() == 30


def test_a_paragraph_from_figures_rated_by_recompute(officer, home_area, q2, q3):
    """End to end: national data, neighbours, England and the home figures go
    through the rating rules; the paragraph says what they found."""
    theme = ThemeFactory(name="Child protection")
    indicator = IndicatorFactory(
        code="repeat-plans", name="Repeat child protection plans", theme=theme,
        polarity="lower", rag_method="quartile", year_type="reporting",
    )  # fmt: skip
    national_year = period("2024", "reporting")
    england = AreaFactory(code="E92000001", name="England", level=Area.Level.NATIONAL)
    ObservationFactory(indicator=indicator, area=england, period=national_year,
                       value=Decimal("16.5"), source="benchmark")  # fmt: skip
    others = []
    for n, value in enumerate([10, 12, 14, 16, 18, 20, 22, 24]):
        area = AreaFactory(code=f"E0900000{n}", name=f"Authority {n}")
        others.append(area)
        ObservationFactory(indicator=indicator, area=area, period=national_year,
                           value=Decimal(value), source="benchmark")  # fmt: skip
    for rank, area in enumerate(others[2:5], start=1):  # 14, 16 and 18
        StatisticalNeighbour.objects.create(area=home_area, neighbour=area, rank=rank)
    ObservationFactory(indicator=indicator, area=home_area, period=q2,
                       value=Decimal("17.3"), numerator=Decimal(36),
                       denominator=Decimal(208))  # fmt: skip
    ObservationFactory(indicator=indicator, area=home_area, period=q3,
                       value=Decimal("15.2"), numerator=Decimal(28),
                       denominator=Decimal(184))  # fmt: skip
    indicator_services.recompute()

    report, _ = services.report_draft(
        user=officer, period=q3, committee_name="Children", theme_ids=[theme.pk]
    )

    assert texts(report)["indicator:repeat-plans"] == (
        "The percentage of repeat child protection plans decreased by 2.1 percentage"
        " points to 15.2% (28 children) in October to December 2024 (quarter 3), lower"
        " (better) than 17.3% in July to September 2024 (quarter 2). This improvement"
        " moves Leicestershire from the third quartile into the second quartile of local"
        " authorities by available comparisons (year to 31 March 2024), ranked 4th of 9."
        " It is better than England's 16.5% and the statistical neighbours' average of"
        " 16.0% (3 neighbours), both for the year to 31 March 2024. It is rated amber by"
        " its national quartile."
    )
    paragraph = report.paragraphs.get(key="indicator:repeat-plans")
    assert paragraph.series == [
        ["July to September 2024 (quarter 2)", "17.300000"],
        ["October to December 2024 (quarter 3)", "15.200000"],
    ]


def test_drafts_use_published_figures_only(officer, home_area, theme, q2, q3):
    indicator = IndicatorFactory(code="visits", name="Visits on time", theme=theme)
    rated_figure(indicator, home_area, q2, "40.0", rag="green")
    # Submitted and draft figures for the report's own period: not yet public.
    rated_figure(indicator, home_area, q3, "99.9",
                 status=Observation.Status.SUBMITTED)  # fmt: skip
    hidden = IndicatorFactory(code="hidden", name="Draft only", theme=theme)
    rated_figure(hidden, home_area, q3, "77.7", status=Observation.Status.DRAFT)

    report, _ = services.report_draft(
        user=officer, period=q3, committee_name="Children", theme_ids=[theme.pk]
    )

    paragraphs = texts(report)
    assert set(paragraphs) == {
        "overview:intro", "overview:direction", "overview:quartiles", "overview:rag",
        "indicator:visits",
    }  # fmt: skip
    assert paragraphs["indicator:visits"].startswith(
        "Visits on time: 40.0% in July to September 2024 (quarter 2)."
    )
    assert (
        "Latest available: July to September 2024 (quarter 2)"
        in paragraphs["indicator:visits"]
    )
    everything = " ".join(paragraphs.values())
    assert "99.9" not in everything and "77.7" not in everything
    assert "This report covers 1 measure" in paragraphs["overview:intro"]


def _correct(code: str, period_label: str, value: str) -> None:
    """A data correction: the figure and its rating change."""
    figure = Observation.all_objects.get(
        indicator__code=code, period__label=period_label
    )
    Observation.all_objects.filter(pk=figure.pk).update(value=Decimal(value))
    Rating.objects.filter(observation=figure).update(rag="amber")


def test_regenerating_keeps_edits_and_flags_those_whose_facts_changed(
    small_report, officer
):
    edited = small_report.paragraphs.get(key="indicator:assessments")
    other = small_report.paragraphs.get(key="indicator:repeat-plans")
    services.paragraph_edit(user=officer, paragraph=edited, text="Our own words.")
    original_other = other.text

    # Regenerating with the same figures changes nothing.
    again = services.report_regenerate(user=officer, report=small_report)
    assert (again.created, again.updated, again.flagged) == (0, 0, 0)

    _correct("assessments", "2024/25 Q3", "79.0")
    _correct("repeat-plans", "2024/25 Q3", "22.0")
    result = services.report_regenerate(user=officer, report=small_report)

    edited.refresh_from_db()
    other.refresh_from_db()
    assert edited.text == "Our own words."
    assert "79.0%" in edited.drafted_text
    assert edited.facts_changed
    assert result.flagged == 1
    assert other.text != original_other and "22.0%" in other.text
    assert not other.edited

    # Saving the edit again marks it as checked against the new figures.
    services.paragraph_edit(user=officer, paragraph=edited, text="Checked: 79.0%.")
    edited.refresh_from_db()
    assert not edited.facts_changed


def test_an_edit_keeps_the_draft_and_records_who_and_when(small_report, officer):
    paragraph = small_report.paragraphs.get(key="indicator:assessments")
    drafted = paragraph.text

    services.paragraph_edit(user=officer, paragraph=paragraph, text="  New words.  ")

    paragraph.refresh_from_db()
    assert paragraph.text == "New words."
    assert paragraph.drafted_text == drafted
    assert paragraph.edited_by == officer and paragraph.edited_at is not None
    latest = paragraph.history.latest()
    assert latest.history_user == officer
    assert latest.history_change_reason == "page: edit paragraph"
    assert [h.text for h in paragraph.history.order_by("history_date")] == [
        drafted,
        "New words.",
    ]

    services.paragraph_revert(user=officer, paragraph=paragraph)
    paragraph.refresh_from_db()
    assert paragraph.text == drafted and not paragraph.edited


def test_an_edit_must_have_text(small_report, officer):
    paragraph = small_report.paragraphs.get(key="indicator:assessments")
    with pytest.raises(ValidationError):
        services.paragraph_edit(user=officer, paragraph=paragraph, text="   ")
    paragraph.refresh_from_db()
    assert not paragraph.edited


def test_a_red_without_commentary_blocks_finalising(
    small_report, officer, performance_lead
):
    [gap] = services.report_gaps(small_report)
    assert gap.key == "indicator:repeat-plans"
    assert "commentary from the service is required" in gap.text
    with pytest.raises(ValidationError) as caught:
        services.report_finalise(user=performance_lead, report=small_report)
    assert "rated red and has no commentary" in str(caught.value)
    small_report.refresh_from_db()
    assert not small_report.is_final

    # An officer explains the red in the paragraph itself: the gap closes.
    services.paragraph_edit(
        user=officer,
        paragraph=gap,
        text="Repeat plans are high: an audit is under way.",
    )
    assert services.report_gaps(small_report) == []
    with pytest.raises(PermissionDenied):
        services.report_finalise(user=officer, report=small_report)
    services.report_finalise(user=performance_lead, report=small_report)
    small_report.refresh_from_db()
    assert small_report.is_final
    assert small_report.finalised_by == performance_lead


def test_commentary_on_the_figure_closes_the_gap(small_report, officer):
    Observation.all_objects.filter(indicator__code="repeat-plans").update(
        commentary="Audit of repeat plans under way."
    )
    services.report_regenerate(user=officer, report=small_report)
    assert services.report_gaps(small_report) == []
    paragraph = small_report.paragraphs.get(key="indicator:repeat-plans")
    assert paragraph.text.endswith(
        "Service commentary: “Audit of repeat plans under way.”"
    )


def test_a_final_report_is_not_changed_until_reopened(
    small_report, officer, performance_lead
):
    gap = small_report.paragraphs.get(key="indicator:repeat-plans")
    services.paragraph_edit(user=officer, paragraph=gap, text="Explained.")
    services.report_finalise(user=performance_lead, report=small_report)
    paragraph = small_report.paragraphs.get(key="indicator:assessments")
    with pytest.raises(ValidationError):
        services.paragraph_edit(user=officer, paragraph=paragraph, text="Too late.")
    with pytest.raises(ValidationError):
        services.report_regenerate(user=officer, report=small_report)
    services.report_reopen(user=performance_lead, report=small_report)
    services.paragraph_edit(
        user=officer, paragraph=paragraph, text="Now it can change."
    )


def test_an_edited_paragraph_the_data_no_longer_supports_is_kept_and_flagged(
    small_report, officer
):
    edited = small_report.paragraphs.get(key="indicator:assessments")
    services.paragraph_edit(user=officer, paragraph=edited, text="Kept words.")
    # Both figures are withdrawn from publication.
    Observation.all_objects.filter(
        indicator__code__in=["assessments", "repeat-plans"]
    ).update(status=Observation.Status.SUBMITTED)
    result = services.report_regenerate(user=officer, report=small_report)

    # The unedited paragraph goes, and so do the overview's counts (none now).
    assert result.removed == 4
    assert not small_report.paragraphs.filter(key="indicator:repeat-plans").exists()
    edited.refresh_from_db()
    assert edited.text == "Kept words." and not edited.in_draft and edited.facts_changed
    assert edited.position == small_report.paragraphs.count()


def test_only_officers_and_the_performance_team_draft(councillor, clerk, q3, theme):
    for user in (councillor, clerk):
        with pytest.raises(PermissionDenied):
            services.report_draft(
                user=user, period=q3, committee_name="X", theme_ids=[theme.pk]
            )
    assert not Report.objects.exists()


def test_a_new_period_takes_the_committees_remit(small_report, officer, theme, q2):
    report, _ = services.report_draft(
        user=officer, period=q2, committee_slug=small_report.committee_slug
    )
    assert report.committee_name == "Children's Scrutiny"
    assert list(report.themes.all()) == [theme]
    assert report.paragraphs.filter(key="indicator:assessments").exists()


def _figures(home_area, q3, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    theme = ThemeFactory(name=f"Theme of {count}")
    for n in range(count):
        indicator = IndicatorFactory(code=f"size-{count}-{n}", theme=theme)
        rated_figure(indicator, home_area, q3, "50", direction="improved", rag="green",
                     quartile=2)  # fmt: skip
    return [theme.pk]


def test_drafting_takes_the_same_queries_for_3_or_12_indicators(officer, home_area, q3):
    counts = []
    for size in (3, 12):
        theme_ids = _figures(home_area, q3, size)
        with CaptureQueriesContext(connection) as queries:
            selectors.report_drafts(q3, theme_ids)
        counts.append(len(queries))
    # home area, rows (with previous quartiles and the region's name), theme
    # names, the comparisons' quarters, chart series
    assert counts == [5, 5]

    roles_of(officer)  # the user's roles are looked up once, then cached
    counts = []
    for size in (3, 12):
        theme_ids = _figures(home_area, q3, size + 100)
        with CaptureQueriesContext(connection) as queries:
            services.report_draft(
                user=officer, period=q3, committee_name=f"Size {size}",
                theme_ids=theme_ids,
            )  # fmt: skip
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert Paragraph.objects.count() == 2 * 4 + 103 + 112
