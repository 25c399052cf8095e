"""What officers found wrong with drafting and downloading the report: two
drafts of the same report at once make one report and no error; a second
click on Finalise is no error; the Word document is A4 with appendix
columns as wide as their content needs."""

from __future__ import annotations

import io
import threading

import pytest
from django.db import connection
from django.urls import reverse
from docx import Document
from docx.shared import Mm

from reports import exports, services
from reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_two_drafts_of_one_report_at_once_make_one_report(  # type: ignore[no-untyped-def]
    home_area, officer, theme, q2, q3
):
    """On PostgreSQL the second insert waits for the first to commit, then
    meets the unique constraint: the service takes the first's report and
    regenerates it instead of failing."""
    from tests.factories import IndicatorFactory
    from tests.reports.conftest import rated_figure

    indicator = IndicatorFactory(code="visits", name="Visits", theme=theme)
    rated_figure(indicator, home_area, q3, "50.0", rag="green")
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def draft() -> None:
        try:
            start.wait()
            report, result = services.report_draft(
                user=officer, period=q3, committee_name="Children's Scrutiny",
                theme_ids=[theme.pk],
            )  # fmt: skip
            outcomes.append((report.pk, result.new_report))
        except Exception as error:  # noqa: BLE001 (the test reports it)
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=draft) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = Report.objects.get()
    assert sorted(outcomes, key=str) == [(report.pk, False), (report.pk, True)]
    assert report.paragraphs.filter(key="indicator:visits").count() == 1


def test_drafting_an_existing_report_says_it_was_already_saved(  # type: ignore[no-untyped-def]
    client, officer, small_report
):
    client.force_login(officer)
    response = client.post(
        reverse("report_new"),
        {
            "committee_name": small_report.committee_name,
            "themes": [t.pk for t in small_report.themes.all()],
            "period": small_report.period_id,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "This report was already saved" in response.content.decode()
    assert Report.objects.count() == 1


def test_finalising_twice_is_no_error(client, performance_lead, small_report):  # type: ignore[no-untyped-def]
    small_report.paragraphs.filter(key="indicator:repeat-plans").update(
        facts={
            **small_report.paragraphs.get(key="indicator:repeat-plans").facts,
            "commentary": "Audit under way.",
        }  # fmt: skip
    )
    client.force_login(performance_lead)
    url = reverse("report_finalise", kwargs=small_report.url_kwargs())
    client.post(url)
    page = client.post(url, follow=True).content.decode()
    assert "The report is final" in page
    assert "There is a problem" not in page
    small_report.refresh_from_db()
    assert small_report.is_final


def test_the_word_document_is_a4_with_columns_by_content(small_report):  # type: ignore[no-untyped-def]
    document = Document(io.BytesIO(exports.render_docx(small_report)))
    body, appendix = document.sections
    assert (round(body.page_width.mm), round(body.page_height.mm)) == (210, 297)
    assert (round(appendix.page_width.mm), round(appendix.page_height.mm)) == (297, 210)
    table = document.tables[-1]  # the appendix, after the overall position
    widths = [cell.width for cell in table.rows[0].cells]
    assert len(set(widths)) > 3, widths  # not ten equal columns
    usable = appendix.page_width - appendix.left_margin - appendix.right_margin
    assert abs(sum(widths) - usable) < Mm(1)
    # The indicator's name and the period ("October to December 2024
    # (quarter 3)", as long as the fixture's names) get the most room; no
    # column is narrower than its longest word.
    assert max(widths[0], widths[1]) == max(widths)
    assert widths[0] == max(widths[0], *widths[2:])
    for index, cell in enumerate(table.rows[0].cells):
        longest = max(
            len(word) for row in table.rows for word in row.cells[index].text.split()
        )
        assert widths[index] >= Mm(longest * exports.CHAR_MM), cell.text


@pytest.mark.parametrize(
    ("columns", "total"),
    [
        # Everything fits on one line: each gets its text and an equal share
        # of what is left.
        ([["ab"], ["abcd"]], 100.0),
        # Little room: each keeps its longest word, the rest is shared by
        # how much more each would take.
        ([["Single assessments completed within 45 working days"], ["Red"]], 40.0),
    ],
)
def test_column_widths_add_up_and_keep_words_whole(columns, total):  # type: ignore[no-untyped-def]
    widths = exports.column_widths(columns, total)
    assert abs(sum(widths) - total) < 1e-6
    for width, cells in zip(widths, columns, strict=True):
        longest = max(len(w) for c in cells for w in c.split())
        assert width >= longest * exports.CHAR_MM


def test_a_meeting_item_links_to_the_committees_report_on_its_period(  # type: ignore[no-untyped-def]
    client, officer, councillor, performance_lead, small_report
):
    """The committees app offers the hook; the reports app fills it: an
    item on a period links to the committee's report on it, a draft only
    for those who may see drafts."""
    from tests.committees.factories import (
        AgendaItemFactory,
        CommitteeFactory,
        MeetingFactory,
    )

    committee = CommitteeFactory(code="CS", name="Children's Scrutiny", slug=small_report.committee_slug)  # fmt: skip
    # The report was drafted under a typed name before the committee was
    # added: drafting it for the committee links it (the link is the join).
    services.report_draft(user=officer, period=small_report.period, committee=committee)  # fmt: skip
    meeting = MeetingFactory(committee=committee)
    AgendaItemFactory(meeting=meeting, number=4, title="Performance", period=small_report.period)  # fmt: skip
    AgendaItemFactory(meeting=meeting, number=5, title="Fostering")
    url = reverse("meeting_detail", args=[meeting.pk])
    report_url = reverse("report_detail", kwargs=small_report.url_kwargs())
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert f'href="{report_url}">The quarterly performance report for October to December 2024 (quarter 3) (draft)</a>' in page  # fmt: skip
    assert page.count(report_url) == 1
    client.force_login(councillor)
    assert report_url not in client.get(url).content.decode()
    small_report.paragraphs.filter(key="indicator:repeat-plans").update(
        facts={
            **small_report.paragraphs.get(key="indicator:repeat-plans").facts,
            "commentary": "Audit under way.",
        }  # fmt: skip
    )
    services.report_finalise(user=performance_lead, report=small_report)
    page = client.get(url).content.decode()
    assert f'href="{report_url}">The quarterly performance report for October to December 2024 (quarter 3)</a>' in page  # fmt: skip
