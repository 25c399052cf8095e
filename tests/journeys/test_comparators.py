"""The comparator-group journey (issue 16 item 4), in Chromium on the demo as
`make run` loads it: the performance team uploads a named group of LA codes
(a bad line first: reported by its number, nothing saved), then a
councillor opens an indicator's page, chooses that group under "Compare
with", and sees each member named with its figure and the rank "of n"."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.models import ComparatorGroup
from tests.browser_support import assert_accessible
from tests.journeys.conftest import act_as, assert_clean_console

pytestmark = pytest.mark.django_db(transaction=True)


def upload(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Name of the group").fill("Shire peers")
    page.get_by_label("Or upload a file").set_input_files(path)
    page.get_by_role("button", name="Save group").click()


def test_a_named_group_is_uploaded_and_a_councillor_compares_with_it(
    demo, page, console, tmp_path, live_server
):
    act_as(page, "performance")
    page.goto(f"{live_server.url}/indicators/sw-agency/")
    page.get_by_role("link", name="The comparator groups and their members").click()
    page.get_by_role("link", name="Create a group").click()

    bad = tmp_path / "peers.csv"
    bad.write_text("la_name,la_code\nGloucestershire,916\nNowhere,999\n")
    upload(page, bad)
    page.get_by_text("There is a problem").wait_for()
    message = "Line 3: 999 is not a local authority's ONS code or DfE LA number"
    assert page.get_by_role("link", name=message).count() == 1
    assert not ComparatorGroup.objects.exists()
    assert_accessible(page)

    good = tmp_path / "peers.csv"
    good.write_text(
        "la_name,la_code\nGloucestershire,916\nWarwickshire,E10000031\nNottinghamshire,891\n"
    )
    upload(page, good)
    page.get_by_text("Saved the group Shire peers").wait_for()
    group = ComparatorGroup.objects.get()
    assert sorted(group.members.values_list("la_number", flat=True)) == [
        "891",
        "916",
        "937",
    ]
    row = page.get_by_role("row", name="Shire peers")
    assert "3: Gloucestershire, Nottinghamshire, Warwickshire" in row.inner_text()

    act_as(page, "councillor")
    page.get_by_role("link", name="Agency children's social workers").first.click()
    assert "Compared with statistical neighbours" in page.content()
    page.get_by_label("Compare with").select_option(label="Shire peers")
    page.get_by_role("button", name="Compare").click()
    page.get_by_role("heading", name="Compared with shire peers").wait_for()
    assert "group=shire-peers" in page.url
    table = page.get_by_role("region", name="Each authority in the comparator group")
    rows = [r.inner_text().split("\t") for r in table.get_by_role("row").all()[1:]]
    # Agency rates 2025 (DfE): Warwickshire 0, Nottinghamshire 7.8,
    # Gloucestershire 10.2, Leicestershire 11.6, lower is better.
    assert rows == [
        ["1 of 4", "Warwickshire", "0.0%"],
        ["2 of 4", "Nottinghamshire", "7.8%"],
        ["3 of 4", "Gloucestershire", "10.2%"],
        ["4 of 4", "Leicestershire (this authority)", "11.6%"],
    ]
    assert "This section uses the group “Shire peers”" in page.content()
    assert_accessible(page)
    assert_clean_console(console)
