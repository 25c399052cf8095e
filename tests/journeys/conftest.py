"""Journey tests: each performs one journey of the README in Debian's
Chromium as a user would (by labels, roles and button texts, never ids),
then checks what the user sees and that the data really changed.

Shared here: the demo as `make run` loads it, signing in and out, and the
checks every journey makes on every page it visits (no CSP violation or
script error; no page-level sideways scroll)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from tests.browser_support import PASSWORD, ConsoleLog, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_USERS = ("councillor", "officer", "performance", "clerk", "admin")


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """The demo exactly as `make run` loads it, with a known password."""
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    settings.SCRUTINEER_HOME_AREA = "E10000018"
    call_command("seed_demo", stdout=_Discard())


class _Discard:
    def write(self, *_: Any, **__: Any) -> None:
        pass

    def flush(self) -> None:
        pass


def act_as(page: Any, username: str) -> None:
    """Sign out whoever is signed in, then sign in as `username`."""
    if page.get_by_role("button", name="Sign out").count():
        sign_out(page)
    sign_in(page, username)


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("networkidle")


def assert_no_sideways_scroll(page: Any) -> None:
    """WCAG 1.4.10 reflow: the page itself never scrolls sideways; a wide
    table scrolls inside its own labelled container."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def assert_clean_console(console: ConsoleLog) -> None:
    assert console.csp_violations() == []
    assert [m for m in console if m.startswith(("error", "pageerror"))] == []


def demo_latest_quarter() -> Any:
    """The demo's latest quarter, read from its data: the newest quarter with
    a published figure for the home authority (returns/demo.py makes it
    the last quarter out six weeks before the day the demo is loaded)."""
    from indicators.models import Observation, Period

    return (
        Period.objects.filter(
            kind=Period.Kind.QUARTER,
            observations__area__code="E10000018",
            observations__status=Observation.Status.PUBLISHED,
        )
        .order_by("-end")
        .first()
    )


@pytest.fixture
def collecting(time_machine: Any, request: pytest.FixtureRequest) -> Any:
    """The demo on a day when a quarter is being collected: ten days after
    the latest quarter to end before today. That quarter has ended, so it is
    open for officers' figures (figure_rules.EntryWindow), and it is not yet
    in the demo, whose latest quarter is the one before it. Derived from
    today, so that it holds every year. Returns the quarter being collected
    (stored)."""
    import datetime

    from django.utils import timezone

    from indicators import figure_rules, rating
    from returns.services import open_quarters

    ended = rating.previous_period(figure_rules.quarter_of(timezone.localdate()))
    day = ended.end + datetime.timedelta(days=10)
    time_machine.move_to(
        datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC),
        tick=True,
    )
    request.getfixturevalue("demo")
    quarter = open_quarters()[0]
    assert quarter.label == ended.label
    latest = demo_latest_quarter()
    assert latest is not None and latest.end < quarter.start, latest
    return quarter


def unfold_theme_holding(page: Any, name: str) -> None:
    """On the dashboard, open the folded theme whose table holds the link
    `name`, as a councillor would (its summary), so that the link shows."""
    theme = page.locator("details").filter(has=page.locator("a", has_text=name)).first
    if theme.get_attribute("open") is None:
        theme.locator("summary").click()


def upload_lait(page: Any, data: Any) -> Any:
    """As the performance team: import LAIT's data file `data` (a slice of
    the real one, tests.indicators.lait.slices) with the real dictionary
    through the web, and wait for the job to finish; the job."""
    from indicators.models import ImportJob
    from tests.indicators.lait.support import DICTIONARY

    page.get_by_role("link", name="Imports", exact=True).click()
    page.get_by_role(
        "link", name="Import DfE's LAIT (the data file and its dictionary)"
    ).click()
    page.get_by_role("heading", name="Import DfE's LAIT").wait_for()
    page.get_by_label("LAIT data file").set_input_files(data)
    page.get_by_label("LAIT data dictionary").set_input_files(DICTIONARY)
    page.get_by_role("button", name="Import").click()
    page.get_by_role("heading", name=data.name).wait_for()
    page.get_by_text("Imported:").wait_for()
    return ImportJob.objects.latest("pk")
