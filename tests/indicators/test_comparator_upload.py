"""Saving a named comparator group: every path (pasted codes, an uploaded
CSV or XLSX, the real DfE LA code list) goes through one validation; a bad
code is reported by its line and nothing is saved."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from indicators.models import ComparatorGroup
from indicators.services import comparator_group_save, lines_of_file, lines_of_text

LAIT = Path("/work/shared/data/lait")
pytestmark = pytest.mark.django_db


def save(name: str, text: str):  # type: ignore[no-untyped-def]
    return comparator_group_save(name=name, lines=lines_of_text(text))


# text, the errors reported (by line)
BAD = [
    ("855\nE99000001\n916", ["Line 2: E99000001 is not a local authority's ONS code or DfE LA number"]),
    ("855\n\n\n999", ["Line 4: 999 is not a local authority's ONS code or DfE LA number"]),
    ("916\nE10000013", ["Line 2: E10000013 names the same authority as line 1"]),
    ("Leicestershire\n855", ["Line 1: Leicestershire is not a local authority's ONS code or DfE LA number"]),
    ("", ["Give at least one authority"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "errors"), BAD)
def test_a_bad_line_is_reported_by_its_number_and_nothing_is_saved(text, errors):
    saved = save("Peers", text)
    assert saved.group is None
    assert saved.errors == errors
    assert not ComparatorGroup.objects.exists()


def test_a_bad_line_leaves_an_existing_group_as_it_was():
    group = save("Peers", "916\n937").group
    saved = comparator_group_save(
        name="Peers renamed", lines=lines_of_text("855\nXX"), group=group
    )
    assert saved.errors == [
        "Line 2: XX is not a local authority's ONS code or DfE LA number"
    ]
    group.refresh_from_db()
    assert group.name == "Peers"
    assert sorted(group.members.values_list("la_number", flat=True)) == ["916", "937"]


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("Counties", "Counties is the name of a built-in group: choose another"),
        ("  ", "Enter a name with letters or numbers"),
        ("peers", "There is already a group called peers"),
    ],
)
def test_a_name_that_is_taken_is_refused(name, error):
    save("Peers", "916")
    saved = save(name, "937")
    assert saved.errors == [error]
    assert ComparatorGroup.objects.count() == 1


def test_editing_replaces_the_members_and_keeps_the_slug_free_for_itself():
    group = save("Peers", "916\n937").group
    saved = comparator_group_save(name="Peers", lines=lines_of_text("891"), group=group)
    assert saved.errors == []
    assert list(group.members.values_list("name", flat=True)) == ["Nottinghamshire"]


def test_a_csv_with_an_la_code_column_is_read_by_its_lines(tmp_path):
    path = tmp_path / "group.csv"
    path.write_text(
        "la_name,la_code\nGloucestershire,916\nNowhere,123\nWarwickshire,E10000031\n"
    )
    saved = comparator_group_save(name="Peers", lines=lines_of_file(path))
    assert saved.errors == [
        "Line 3: 123 is not a local authority's ONS code or DfE LA number"
    ]


def test_a_plain_list_file_counts_its_first_line_as_a_code(tmp_path):
    path = tmp_path / "group.csv"
    path.write_text("916\n937\n")
    saved = comparator_group_save(name="Peers", lines=lines_of_file(path))
    assert saved.errors == []
    assert saved.group.members.count() == 2


def test_dfe_s_la_code_list_uploads_as_it_is_published_but_for_its_aggregates():
    # DfE's list names each authority by LA Number (read as 301, or 301.0)
    # and ends with England (970) and the regions, which are not authorities.
    lines = lines_of_file(LAIT / "la_code_list.xlsx")
    assert lines[0] == (2, "301")
    saved = comparator_group_save(name="Every authority", lines=lines)
    aggregates = [(n, code) for n, code in lines if int(code) >= 970]
    assert len(aggregates) == 13
    assert saved.errors == [
        f"Line {n}: {code} is not a local authority's ONS code or DfE LA number"
        for n, code in aggregates
    ]
    assert not ComparatorGroup.objects.exists()
    authorities = [line for line in lines if line not in aggregates]
    saved = comparator_group_save(name="Every authority", lines=authorities)
    assert saved.errors == []
    assert saved.group.members.count() == len(authorities) == 158


def test_the_command_saves_through_the_same_validation(tmp_path):
    path = tmp_path / "group.csv"
    path.write_text("la_code\n916\nE99\n")
    with pytest.raises(CommandError, match="Line 3: E99 is not a local authority"):
        call_command("comparator_group", "Peers", str(path))
    assert not ComparatorGroup.objects.exists()
    path.write_text("la_code\n916\n937\n")
    call_command("comparator_group", "Peers", str(path), stdout=StringIO())
    assert ComparatorGroup.objects.get().members.count() == 2
