"""The action tracker: overdue first then by due date, its filters, its
counts by status, its exports (neutralised against formula injection) and
its printable view; its query count does not grow with the actions."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.committees.factories import CommitteeFactory, MeetingFactory, make_action
from tests.factories import IndicatorFactory, ObservationFactory, UserFactory, period

pytestmark = pytest.mark.django_db

D = datetime.date
# The council's "today" in these tests: 10 March 2026.
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def actions(clerk, resolution):  # type: ignore[no-untyped-def]
    """Six actions, one in each state, two of them overdue."""
    return {
        "due_later": make_action(clerk, resolution=resolution, due_date=D(2026, 4, 1)),
        "overdue_old": make_action(
            clerk, resolution=resolution, due_date=D(2025, 12, 1), status="in_progress"
        ),
        "due_soon": make_action(clerk, resolution=resolution, due_date=D(2026, 3, 12)),
        "overdue_new": make_action(
            clerk, resolution=resolution, due_date=D(2026, 3, 9)
        ),
        "answered": make_action(
            clerk, resolution=resolution, due_date=D(2026, 1, 5), status="answered"
        ),
        "closed": make_action(
            clerk, resolution=resolution, due_date=D(2025, 11, 1), status="closed"
        ),
    }


def tracker_references(client, query: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("action_tracker") + query)
    assert response.status_code == 200
    return [row.record.reference for row in response.context["table"].paginated_rows]


def ref(actions, *names):  # type: ignore[no-untyped-def]
    return [actions[name].reference for name in names]


def test_overdue_come_first_then_by_due_date(client, councillor, actions):  # type: ignore[no-untyped-def]
    client.force_login(councillor)
    assert tracker_references(client, "?status=any") == ref(
        actions,
        "overdue_old",
        "overdue_new",
        "closed",
        "answered",
        "due_soon",
        "due_later",
    )


def test_closed_actions_are_hidden_until_asked_for(client, councillor, actions):  # type: ignore[no-untyped-def]
    """Closed actions are done with: the tracker opens without them (in the
    same order otherwise), and says how to see them."""
    client.force_login(councillor)
    shown = ["overdue_old", "overdue_new", "answered", "due_soon", "due_later"]
    assert tracker_references(client) == ref(actions, *shown)
    assert tracker_references(client, "?committee=") == ref(actions, *shown)
    page = client.get(reverse("action_tracker")).content.decode()
    assert "Closed actions are not listed" in page
    assert tracker_references(client, "?status=closed") == ref(actions, "closed")
    # The counts still count them.
    assert "Closed: 1" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=open", ["overdue_new", "due_soon", "due_later"]),
        (
            "?status=outstanding",
            ["overdue_old", "overdue_new", "due_soon", "due_later"],
        ),
        ("?status=closed", ["closed"]),
        ("?overdue=yes", ["overdue_old", "overdue_new"]),
        ("?overdue=no", ["answered", "due_soon", "due_later"]),
        ("?overdue=no&status=any", ["closed", "answered", "due_soon", "due_later"]),
        (
            "?due_before=2026-03-12",
            ["overdue_old", "overdue_new", "answered"],
        ),
        ("?status=open&overdue=yes", ["overdue_new"]),
    ],
)
def test_filters(client, councillor, actions, query, expected):  # type: ignore[no-untyped-def]
    client.force_login(councillor)
    assert tracker_references(client, query) == ref(actions, *expected)


def test_filter_by_committee_lead_and_indicator(
    client, councillor, clerk, officer, actions
):  # type: ignore[no-untyped-def]
    other = CommitteeFactory(code="AH", slug="adults", name="Adults and Health")
    from tests.committees.factories import AgendaItemFactory, ResolutionFactory

    elsewhere = ResolutionFactory(
        item=AgendaItemFactory(meeting=MeetingFactory(committee=other))
    )
    indicator = IndicatorFactory(code="adoption")
    theirs = make_action(
        clerk,
        resolution=elsewhere,
        lead_officer=officer,
        lead_name="",
        lead_email="",
        indicators=[indicator],
    )
    client.force_login(councillor)
    assert tracker_references(client, "?committee=adults") == [theirs.reference]
    assert tracker_references(client, f"?lead={officer.pk}") == [theirs.reference]
    assert tracker_references(client, "?indicator=adoption") == [theirs.reference]
    # Five of its six: the closed one is hidden until asked for.
    assert len(tracker_references(client, "?committee=children-and-families")) == 5
    assert (
        len(tracker_references(client, "?committee=children-and-families&status=any"))
        == 6
    )


def test_the_indicator_filter_offers_only_indicators_with_committee_business(
    client, councillor, clerk, actions
):  # type: ignore[no-untyped-def]
    """At national scale the list of every indicator is thousands of options;
    the filter offers those linked to an action or a resolution."""
    from tests.committees.factories import ResolutionFactory

    acted_on = IndicatorFactory(code="adoption", name="Adoption timeliness")
    make_action(clerk, indicators=[acted_on])
    resolved = IndicatorFactory(code="placements", name="Placement stability")
    ResolutionFactory().indicators.add(resolved)
    IndicatorFactory(code="quiet", name="Never discussed")
    client.force_login(councillor)
    page = client.get(reverse("action_tracker")).content.decode()
    assert 'value="adoption"' in page and 'value="placements"' in page
    assert 'value="quiet"' not in page
    # The indicator page links here for an indicator with resolutions only:
    # no error, and no actions.
    response = client.get(reverse("action_tracker") + "?indicator=placements")
    assert "There is a problem" not in response.content.decode()
    assert list(response.context["table"].paginated_rows) == []


def test_a_bad_filter_says_so_and_lists_nothing(client, councillor, actions):  # type: ignore[no-untyped-def]
    client.force_login(councillor)
    response = client.get(reverse("action_tracker") + "?due_before=not-a-date")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert list(response.context["table"].paginated_rows) == []


def test_a_named_lead_officer_is_shown(client, councillor, actions):  # type: ignore[no-untyped-def]
    client.force_login(councillor)
    page = client.get(reverse("action_tracker")).content.decode()
    assert "Director of Children&#x27;s Services" in page


def test_counts_by_status_above_the_table(client, councillor, actions):  # type: ignore[no-untyped-def]
    client.force_login(councillor)
    response = client.get(reverse("action_tracker") + "?status=closed")
    counts = response.context["counts"]
    # The counts break down the other filters' choice, whatever the status.
    assert (
        counts.open,
        counts.in_progress,
        counts.answered,
        counts.closed,
        counts.overdue,
        counts.total,
    ) == (3, 1, 1, 1, 2, 6)
    page = response.content.decode()
    assert "Overdue: 2" in page
    assert "Open: 3" in page


def test_an_action_about_a_red_indicator_says_so(
    client, councillor, clerk, resolution, home_area
):  # type: ignore[no-untyped-def]
    indicator = IndicatorFactory(code="adoption", name="Adopted within 18 months")
    observation = ObservationFactory(
        indicator=indicator, area=home_area, period=period("2025/26 Q2")
    )
    from indicators.models import Rating

    Rating.objects.create(observation=observation, direction="declined", rag="red")
    make_action(clerk, resolution=resolution, indicators=[indicator])
    client.force_login(councillor)
    page = client.get(reverse("action_tracker")).content.decode()
    assert "Red indicator" in page


def queries_for_tracker(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("action_tracker"))
        assert response.status_code == 200
    return len(captured)


def test_the_trackers_query_count_does_not_grow_with_actions(  # type: ignore[no-untyped-def]
    client, councillor, clerk, resolution, home_area
):
    indicators = [IndicatorFactory() for _ in range(3)]
    leads = [UserFactory(roles=["Officers"]) for _ in range(3)]

    def add(n: int) -> None:
        for i in range(n):
            make_action(
                clerk,
                resolution=resolution,
                due_date=D(2026, 1, 1) + datetime.timedelta(days=i),
                lead_officer=leads[i % 3],
                lead_name="",
                lead_email="",
                indicators=indicators[: i % 3 + 1],
            )

    client.force_login(councillor)
    add(5)
    five = queries_for_tracker(client)
    add(95)
    hundred = queries_for_tracker(client)
    # 1 session, 2 user, 3 the user's groups (roles), 4 the page count,
    # 5 the status counts, 6-8 the committee, lead officer and indicator
    # filters' choices, 9 the rows (committee, lead, meetings joined; last
    # update and overdue in the same query), 10 their indicators with RAG.
    assert five == hundred == 10


def test_csv_export_is_neutralised_against_formulas(
    client, councillor, clerk, resolution
):  # type: ignore[no-untyped-def]
    make_action(
        clerk,
        resolution=resolution,
        description='=HYPERLINK("http://evil.example","click")',
        lead_name="@SUM(A1:A2)",
        lead_email="evil@example.org",
    )
    client.force_login(councillor)
    response = client.get(reverse("action_tracker") + "?_export=csv")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "scrutineer-actions-2026-03-10.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["description"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[0]["lead_officer"] == "'@SUM(A1:A2)"
    assert rows[0]["reference"] == "CFS (25/26) 01"
    assert rows[0]["due_date"] == "2025-09-01"
    assert rows[0]["overdue"] == "yes"


def test_xlsx_export_keeps_dates_and_neutralises_text(
    client, councillor, clerk, resolution
):  # type: ignore[no-untyped-def]
    make_action(
        clerk,
        resolution=resolution,
        description="-1+2",
        lead_name="+44 116 000 0000",
        lead_email="someone@example.org",
    )
    client.force_login(councillor)
    response = client.get(reverse("action_tracker") + "?_export=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell for cell in sheet[2]], strict=True))
    assert row["description"].value == "'-1+2"
    assert row["description"].data_type == "s"
    assert row["lead_officer"].value == "'+44 116 000 0000"
    assert row["due_date"].is_date


def test_the_printable_view_lists_outstanding_actions_by_default(
    client, councillor, actions
):  # type: ignore[no-untyped-def]
    client.force_login(councillor)
    response = client.get(reverse("action_print"))
    assert response.status_code == 200
    listed = [a.reference for a in response.context["actions"]]
    assert listed == ref(actions, "overdue_old", "overdue_new", "due_soon", "due_later")
    page = response.content.decode()
    assert "govuk-service-navigation" in page  # the print stylesheet hides it
    response = client.get(reverse("action_print") + "?status=closed")
    assert [a.reference for a in response.context["actions"]] == ref(actions, "closed")
