"""Journeys: an officer enters the quarter's figures at /entry/ on the demo.

The demo's illustrative figures run to 2025/26 Q2 (youth reoffending, reported
two quarters in arrears, to 2024/25 Q4). The clock is set to 10 February 2026
(in 2025/26 Q4), so that the quarters open for entry are 2025/26 Q3 (nothing
entered yet), Q2, Q1 and 2024/25 Q4 (see figure_rules.EntryWindow).

Each journey is done as an officer does it, by labels and buttons, and ends
with what the officer sees and what the database holds."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from indicators.models import Observation, Period
from tests.browser_support import assert_accessible
from tests.journeys.conftest import (
    act_as,
    assert_clean_console,
    assert_no_sideways_scroll,
)

pytestmark = pytest.mark.django_db(transaction=True)

FEBRUARY_2026 = datetime.datetime(2026, 2, 10, 10, 0, tzinfo=datetime.UTC)
ADOPTION = "Children adopted within 18 months of entering care"
CLA = "Number of children looked after"
REREFERRALS = "Re-referrals to children's social care within 12 months"
YOUTH = "Young people who reoffend within 12 months"


@pytest.fixture
def february(time_machine: Any, request: pytest.FixtureRequest) -> None:
    """The demo, on 10 February 2026."""
    time_machine.move_to(FEBRUARY_2026, tick=True)
    request.getfixturevalue("demo")


def figure(code: str, label: str) -> Observation | None:
    return (
        Observation.all_objects.filter(
            indicator__code=code, area__code="E10000018", period__label=label
        )
        .select_related("submitted_by")
        .first()
    )


def open_q3(page: Any) -> None:
    """From the front page to 2025/26 Q3's entry form, by the links."""
    page.get_by_role("link", name="Enter figures").click()
    page.get_by_role("link", name="2025/26 Q3", exact=True).click()
    page.get_by_role("heading", name="2025/26 Q3").wait_for()


def row(page: Any, name: str) -> Any:
    """An indicator's part of the form (a fieldset named by its legend)."""
    return page.get_by_role("group", name=name)


def test_entry_by_value(page, console, february):
    act_as(page, "officer")
    open_q3(page)
    assert_accessible(page)
    # A count has only a value: no numerator or denominator to fill in.
    assert page.get_by_label(f"Numerator, {CLA}").count() == 0
    page.get_by_label(f"Value, {CLA}").fill("712")
    page.get_by_role("button", name="Save as draft").click()

    page.get_by_text("1 figure saved as a draft for 2025/26 Q3.").wait_for()
    assert "Draft: 712" in row(page, CLA).inner_text()
    assert page.get_by_label(f"Value, {CLA}").input_value() == "712"
    saved = figure("cla-number", "2025/26 Q3")
    assert (saved.value, saved.status, saved.source) == (
        Decimal("712"),
        Observation.Status.DRAFT,
        Observation.Source.ENTRY,
    )
    assert_clean_console(console)


def test_entry_by_count_and_base(page, console, february):
    act_as(page, "officer")
    open_q3(page)
    page.get_by_label(f"Numerator, {ADOPTION}").fill("7")
    page.get_by_label(f"Denominator, {ADOPTION}").fill("9")
    page.get_by_role("button", name="Save as draft").click()

    page.get_by_text("1 figure saved as a draft for 2025/26 Q3.").wait_for()
    shown = " ".join(row(page, ADOPTION).inner_text().split())
    assert "Draft: 77.8% (7 of 9), worked out from the counts" in shown
    saved = figure("adoption-18-months", "2025/26 Q3")
    assert saved.value == Decimal("77.777778")
    assert (saved.numerator, saved.denominator) == (Decimal(7), Decimal(9))
    assert_clean_console(console)


def test_a_value_that_disagrees_with_its_counts_is_refused(page, console, february):
    act_as(page, "officer")
    open_q3(page)
    page.get_by_label(f"Value, {ADOPTION}").fill("50")
    page.get_by_label(f"Numerator, {ADOPTION}").fill("1")
    page.get_by_label(f"Denominator, {ADOPTION}").fill("10")
    page.get_by_role("button", name="Save as draft").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    message = (
        f"{ADOPTION}: Value does not agree with the numerator and denominator:"
        " 1 of 10 is 10.0%"
    )
    assert message in summary.inner_text()
    # The link takes the officer to the box, where the message is repeated.
    summary.get_by_role("link", name=message, exact=False).click()
    assert page.evaluate("document.activeElement.name").endswith("-value")
    assert "1 of 10 is 10.0%" in row(page, ADOPTION).inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    assert figure("adoption-18-months", "2025/26 Q3") is None
    assert_clean_console(console)


def test_a_saved_draft_whose_count_changes_gets_the_new_value(page, console, february):
    act_as(page, "officer")
    open_q3(page)
    page.get_by_label(f"Numerator, {ADOPTION}").fill("7")
    page.get_by_label(f"Denominator, {ADOPTION}").fill("9")
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_text("1 figure saved as a draft").wait_for()

    # The worked-out value is not put back in the Value box as if typed...
    assert page.get_by_label(f"Value, {ADOPTION}").input_value() == ""
    # ... so a new count gives a new value, not the stale one.
    page.get_by_label(f"Numerator, {ADOPTION}").fill("8")
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_text("1 figure saved as a draft").wait_for()
    shown = " ".join(row(page, ADOPTION).inner_text().split())
    assert "Draft: 88.9% (8 of 9), worked out from the counts" in shown
    saved = figure("adoption-18-months", "2025/26 Q3")
    assert (saved.value, saved.numerator) == (Decimal("88.888889"), Decimal(8))
    assert_clean_console(console)


def test_a_submitted_figure_changed_with_save_returns_to_draft(page, console, february):
    act_as(page, "officer")
    open_q3(page)
    page.get_by_label(f"Value, {CLA}").fill("712")
    page.get_by_role("button", name="Submit for publication").click()
    page.get_by_text("1 figure submitted for publication for 2025/26 Q3.").wait_for()
    assert figure("cla-number", "2025/26 Q3").status == Observation.Status.SUBMITTED

    page.get_by_label(f"Value, {CLA}").fill("0")
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_text("1 figure saved as a draft for 2025/26 Q3.").wait_for()
    assert "Draft: 0" in row(page, CLA).inner_text()
    saved = figure("cla-number", "2025/26 Q3")
    assert saved.status == Observation.Status.DRAFT
    assert (saved.value, saved.submitted_by, saved.submitted_at) == (
        Decimal(0),
        None,
        None,
    )
    # The publishing queue no longer offers it.
    act_as(page, "performance")
    page.get_by_role("link", name="Publish").click()
    assert CLA not in page.get_by_role("main").inner_text()
    assert_clean_console(console)


def test_a_red_without_commentary_is_refused_on_submit(page, console, february):
    act_as(page, "officer")
    open_q3(page)
    page.get_by_label(f"Value, {REREFERRALS}").fill("40")
    page.get_by_role("button", name="Check").click()
    assert "Red" in row(page, REREFERRALS).inner_text()

    page.get_by_role("button", name="Submit for publication").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    assert (
        f"{REREFERRALS}: Commentary is required for a figure that rates red:"
        " explain it in the commentary" in summary.inner_text()
    )
    assert_accessible(page)
    assert figure("re-referrals", "2025/26 Q3") is None

    page.get_by_label(f"Commentary, {REREFERRALS}").fill(
        "Two schools referred the same families again; reviewed with them."
    )
    page.get_by_role("button", name="Submit for publication").click()
    page.get_by_text("1 figure submitted for publication").wait_for()
    saved = figure("re-referrals", "2025/26 Q3")
    assert saved.status == Observation.Status.SUBMITTED
    assert saved.submitted_by.username == "officer"
    assert_clean_console(console)


@pytest.mark.parametrize(
    ("label", "message"),
    [
        (
            "2099/00 Q4",
            "2099/00 Q4 has not ended: its figures can be entered from 1 April 2100.",
        ),
        (
            "2025/26 Q4",
            "2025/26 Q4 has not ended: its figures can be entered from 1 April 2026.",
        ),
        (
            "2024/25 Q3",
            "2024/25 Q3 is closed for entry (it was open until 31 December 2025):"
            " ask the performance team to enter a late figure.",
        ),
    ],
)
def test_a_quarter_not_open_is_refused_when_typed_by_hand(
    page, console, february, label, message
):
    from indicators import rating
    from indicators.services import periods_ensure

    spec = rating.parse_period(label, "financial")
    quarter = periods_ensure([spec])[spec.key]
    before = Observation.all_objects.count()

    act_as(page, "officer")
    page.goto(f"/entry/{quarter.pk}/")
    assert message in " ".join(page.get_by_role("main").inner_text().split())
    assert page.get_by_role("button", name="Save as draft").count() == 0
    assert page.get_by_label(f"Value, {ADOPTION}").count() == 0
    assert_accessible(page)
    assert Observation.all_objects.count() == before
    assert Period.objects.filter(pk=quarter.pk).exists()
    assert_clean_console(console)


def test_the_indicator_two_quarters_late_has_somewhere_to_go(page, console, february):
    act_as(page, "officer")
    page.get_by_role("link", name="Enter figures").click()
    late = page.get_by_role("listitem").filter(has_text=YOUTH)
    assert "2025/26 Q1" in late.inner_text() and "2025/26 Q2" in late.inner_text()
    late.get_by_role("link", name=f"2025/26 Q1 for {YOUTH}").click()
    page.get_by_role("heading", name="2025/26 Q1").wait_for()
    assert_accessible(page)
    # The others' figures for the quarter are published: shown, not offered.
    assert page.get_by_label(f"Value, {ADOPTION}").count() == 0
    published = figure("adoption-18-months", "2025/26 Q1")
    assert published.status == Observation.Status.PUBLISHED
    shown = page.get_by_role("region", name=ADOPTION).inner_text()
    assert f"Published: {published.value:.1f}%" in shown

    page.get_by_label(f"Numerator, {YOUTH}").fill("11")
    page.get_by_label(f"Denominator, {YOUTH}").fill("52")
    page.get_by_label(f"Commentary, {YOUTH}").fill("Reported two quarters in arrears.")
    page.get_by_role("button", name="Submit for publication").click()
    page.get_by_text("1 figure submitted for publication for 2025/26 Q1.").wait_for()
    saved = figure("youth-reoffending", "2025/26 Q1")
    assert saved.status == Observation.Status.SUBMITTED
    assert saved.value == Decimal("21.153846")

    page.get_by_role("link", name="Back to quarters").click()
    late = page.get_by_role("listitem").filter(has_text=YOUTH)
    assert "2025/26 Q1" not in late.inner_text()
    assert "2025/26 Q2" in late.inner_text()
    assert_clean_console(console)


def test_the_entry_page_reflows_at_320_and_1366_pixels(page, console, february):
    act_as(page, "officer")
    open_q3(page)
    page.get_by_label(f"Value, {ADOPTION}").fill("150")
    for width in (320, 1366):
        page.set_viewport_size({"width": width, "height": 800})
        page.get_by_role("button", name="Check").click()
        page.get_by_text("Value is over 100 for a percentage").first.wait_for()
        assert_no_sideways_scroll(page)
        assert_accessible(page)
    assert not Observation.all_objects.filter(period__label="2025/26 Q3").exists()
    assert_clean_console(console)
