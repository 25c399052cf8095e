"""The report's pages: the forms' validation, object-level rules, and what
changed since the last meeting. Who may open each page, draft and final, is
in the matrix of every URL for every persona (tests/test_access.py)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import services
from reports.models import Paragraph, Report
from tests.factories import IndicatorFactory, ThemeFactory, period
from tests.reports.conftest import rated_figure

pytestmark = pytest.mark.django_db


def url(name: str, report: Report, **extra: Any) -> str:
    return reverse(name, kwargs={**report.url_kwargs(), **extra})


@pytest.fixture
def final_report(small_report, officer, performance_lead) -> Report:  # type: ignore[no-untyped-def]
    """The small report, its red explained and the report finalised."""
    gap = small_report.paragraphs.get(key="indicator:repeat-plans")
    services.paragraph_edit(
        user=officer, paragraph=gap, text="Explained by the service."
    )
    services.report_finalise(user=performance_lead, report=small_report)
    return small_report


def test_a_final_report_is_listed_for_readers_and_not_edited(
    client, councillor, officer, final_report
):
    """Who may open a final report: tests/test_access.py."""
    report = final_report
    client.force_login(councillor)
    page = client.get(reverse("report_list")).content.decode()
    assert url("report_detail", report) in page
    # A final report is not edited: the editor is sent back to it.
    client.force_login(officer)
    paragraph = report.paragraphs.first()
    response = client.get(url("paragraph_edit", report, paragraph_id=paragraph.pk))
    assert response.status_code == 302


def test_a_post_without_a_csrf_token_is_refused(officer, small_report):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    paragraph = small_report.paragraphs.first()
    response = client.post(
        url("paragraph_edit", small_report, paragraph_id=paragraph.pk),
        {"text": "Sneaky."},
    )
    assert response.status_code == 403
    paragraph.refresh_from_db()
    assert not paragraph.edited


def test_editing_a_paragraph_saves_and_returns_to_it(client, officer, small_report):
    paragraph = small_report.paragraphs.get(key="indicator:assessments")
    client.force_login(officer)
    response = client.post(
        url("paragraph_edit", small_report, paragraph_id=paragraph.pk),
        {"text": "Assessments were on time.", "action": "save"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#paragraph-{paragraph.position}")
    paragraph.refresh_from_db()
    assert paragraph.text == "Assessments were on time."
    page = client.get(url("report_detail", small_report)).content.decode()
    assert "Assessments were on time." in page
    assert "Edited by officer" in page


def test_an_empty_paragraph_is_refused_with_a_message(client, officer, small_report):
    paragraph = small_report.paragraphs.get(key="indicator:assessments")
    client.force_login(officer)
    response = client.post(
        url("paragraph_edit", small_report, paragraph_id=paragraph.pk),
        {"text": "   ", "action": "save"},
    )
    assert response.status_code == 200
    assert "Enter the paragraph&#x27;s text" in response.content.decode()
    paragraph.refresh_from_db()
    assert not paragraph.edited


def test_a_paragraph_of_another_report_is_not_found(client, officer, small_report, q2):
    other, _ = services.report_draft(
        user=officer, period=q2, committee_slug=small_report.committee_slug
    )
    stranger = other.paragraphs.first()
    client.force_login(officer)
    response = client.get(url("paragraph_edit", small_report, paragraph_id=stranger.pk))
    assert response.status_code == 404


def test_the_new_report_form_validates_then_drafts(
    client, officer, home_area, theme, q3
):
    indicator = IndicatorFactory(code="visits", theme=theme)
    rated_figure(indicator, home_area, q3, "50.0", rag="green")
    client.force_login(officer)

    response = client.post(
        reverse("report_new"), {"committee_name": "", "period": q3.pk}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the committee&#x27;s name" in page
    assert "Choose at least one theme in the committee&#x27;s remit" in page
    assert not Report.objects.exists()

    response = client.post(
        reverse("report_new"),
        {
            "committee_name": "Children's Scrutiny",
            "themes": [theme.pk],
            "period": q3.pk,
        },
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/reports/childrens-scrutiny/2024-25-q3/"
    assert report.paragraphs.filter(key="indicator:visits").exists()


def test_the_report_page_shows_gaps_numbered_paragraphs_and_the_appendix(
    client, officer, small_report
):
    client.force_login(officer)
    page = client.get(url("report_detail", small_report)).content.decode()
    gap = small_report.paragraphs.get(key="indicator:repeat-plans")
    assert re.search(
        rf'<a class="govuk-link"\s+href="#paragraph-{gap.position}">', page
    )
    assert "is rated red and has no commentary" in page
    # Numbering runs on across sections: the first theme's list starts at 5.
    assert re.search(r'<ol class="govuk-list govuk-list--number"\s+start="5">', page)
    assert "Appendix: performance dashboard" in page
    # The appendix's two rows and the overall position's one theme.
    assert page.count('<th scope="row" class="govuk-table__header">') == 3


def test_finalising_with_a_gap_says_why(client, performance_lead, small_report):
    client.force_login(performance_lead)
    response = client.post(url("report_finalise", small_report), follow=True)
    assert "is rated red and has no commentary" in response.content.decode()
    small_report.refresh_from_db()
    assert not small_report.is_final


def test_an_editor_can_draft_a_known_committees_report_for_another_period(
    client, officer, councillor, small_report, q2
):
    target = reverse(
        "report_detail",
        kwargs={"committee": small_report.committee_slug, "period": "2024-25-q2"},
    )
    client.force_login(councillor)
    assert client.get(target).status_code == 404
    client.force_login(officer)
    assert "Draft the report" in client.get(target).content.decode()
    response = client.post(target + "draft/")
    assert response.status_code == 302 and response["Location"] == target
    assert Report.objects.filter(period=q2).exists()


def test_an_unknown_period_or_committee_is_not_found(client, officer, small_report):
    client.force_login(officer)
    for target in (
        "/reports/childrens-scrutiny/2031-32-q1/",
        "/reports/no-such-committee/2024-25-q3/",
        "/reports/no-such-committee/2024-25-q3/changes/",
    ):
        assert client.get(target).status_code == 404, target


def _report_with(officer: Any, home_area: Any, q3: Any, count: int) -> Report:
    theme = ThemeFactory(name=f"Theme {count}")
    for n in range(count):
        indicator = IndicatorFactory(code=f"page-{count}-{n}", theme=theme)
        rated_figure(indicator, home_area, period("2024/25 Q2"), "40.0")
        rated_figure(
            indicator, home_area, q3, "50.0", direction="improved", rag="green",
            quartile=2, previous_value=Decimal("40.0"),
        )  # fmt: skip
    report, _ = services.report_draft(
        user=officer,
        period=q3,
        committee_name=f"Committee {count}",
        theme_ids=[theme.pk],
    )
    return report


def test_the_report_page_takes_the_same_queries_for_3_or_12_indicators(
    client, officer, home_area, q3
):
    client.force_login(officer)
    counts = []
    for count in (3, 12):
        report = _report_with(officer, home_area, q3, count)
        target = url("report_detail", report)
        client.get(target)  # warm the session and roles
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200
        counts.append(len(queries))
    # session, user, roles; the committee's report periods and the home
    # figures' periods (to read the URL's period); the report, its paragraphs
    # and themes; the glossary.
    assert counts[0] == counts[1]
    assert Paragraph.objects.count() == 4 + 3 + 4 + 12


def test_what_changed_since_the_last_meeting(
    client, councillor, officer, performance_lead, home_area, theme, q2, q3
):
    """The committee's previous report was for Q2: indicators whose RAG,
    direction or quartile differ in Q3 are listed with the reason."""
    worse = IndicatorFactory(code="worse", name="Visits on time", theme=theme,
                             polarity="higher")  # fmt: skip
    same = IndicatorFactory(code="same", name="Steady measure", theme=theme)
    new = IndicatorFactory(code="new", name="New measure", theme=theme)
    rated_figure(worse, home_area, q2, "82.0", rag="green", direction="improved",
                 target=Decimal("80"))  # fmt: skip
    rated_figure(same, home_area, q2, "50.0", rag="green", direction="improved")
    previous, _ = services.report_draft(user=officer, period=q2,
                                        committee_name="Children",
                                        theme_ids=[theme.pk])  # fmt: skip
    # Final, as the committee saw it: a councillor may not see a draft's changes.
    services.report_finalise(user=performance_lead, report=previous)
    rated_figure(worse, home_area, q3, "70.0", rag="red", direction="declined",
                 target=Decimal("80"), previous_value=Decimal("82.0"),
                 previous_period=q2, commentary="Vacancies.")  # fmt: skip
    rated_figure(same, home_area, q3, "51.0", rag="green", direction="improved")
    rated_figure(new, home_area, q3, "10.0", rag="n/a")

    client.force_login(councillor)
    response = client.get("/reports/children/2024-25-q3/changes/")
    assert response.status_code == 200
    changes = response.context["changes"]
    assert changes.previous == q2 and changes.previous_report is not None
    assert [(c.code, c.labels, c.reason) for c in changes.changes] == [
        ("new", ["First reported"], "10.0% in October to December 2024 (quarter 3); no figure at the previous meeting."),
        (
            "worse",
            ["RAG: red (was green)", "Direction: declined (was improved)"],
            "70.0% in October to December 2024 (quarter 3), was 82.0% in July to"
            " September 2024 (quarter 2); target 80.0%.",
        ),
    ]  # fmt: skip
    assert changes.unchanged == 1
    page = response.content.decode()
    assert "RAG: red (was green)" in page
    assert (
        "the committee's previous report (July to September 2024 (quarter 2))" in page
    )


def test_a_report_for_a_committee_takes_its_name_and_remit_and_links_to_it(
    client, performance_lead, small_report, theme, q3
):
    from tests.committees.factories import CommitteeFactory

    committee = CommitteeFactory(
        name="Children and Families Overview and Scrutiny Committee",
        code="CFS",
        slug="cfs",
    )
    committee.remit.add(theme)
    client.force_login(performance_lead)
    response = client.post(
        reverse("report_new"), {"committee": committee.pk, "period": q3.pk}
    )
    assert response.status_code == 302
    report = Report.objects.get(committee_slug="cfs")
    assert report.committee_name == committee.name
    assert list(report.themes.all()) == [theme]
    page = client.get(response["Location"]).content.decode()
    assert 'href="/committees/cfs/"' in page


def test_standing_sections_are_saved_and_too_long_a_text_changes_nothing(
    client: Client, officer, small_report
) -> None:
    client.force_login(officer)
    address = url("standing_sections_edit", small_report)
    response = client.post(
        address, {"purpose": "To note the quarter.", "background": "x" * 5001}
    )
    assert response.status_code == 200
    assert "Keep it to 5,000 characters or fewer" in response.content.decode()
    small_report.refresh_from_db()
    assert (small_report.purpose, small_report.background) == ("", "")
    response = client.post(
        address, {"purpose": "  To note the quarter. ", "background_papers": "None."}
    )
    assert response.status_code == 302
    small_report.refresh_from_db()
    assert small_report.purpose == "To note the quarter."
    assert small_report.background_papers == "None."
    page = client.get(url("report_detail", small_report)).content.decode()
    assert page.index("Purpose of the report") < page.index("To note the quarter.")
    assert page.index("To note the quarter.") < page.index(">Summary<")
    assert page.index("Appendix: performance dashboard") > page.index("None.")


def test_a_final_reports_standing_sections_are_not_edited(
    client: Client, officer, final_report
) -> None:
    client.force_login(officer)
    response = client.post(
        url("standing_sections_edit", final_report),
        {"purpose": "Changed."},
        follow=True,
    )
    assert "This report is final" in response.content.decode()
    final_report.refresh_from_db()
    assert final_report.purpose == ""
