"""`import_lait` run again and with a newer file: nothing changes the second
time; a revised or final release supersedes the provisional figure and is
marked so; a newer file says what it added, revised and removed. Bad files
are rejected whole, with their row numbers. Slices of the real file."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators import imports
from indicators.models import Area, ImportJob, Indicator, Observation
from indicators.services.lait_import import lait_import
from tests.indicators.lait.slices import (
    measures_for_every_form,
    real_table,
    stored_value,
    write_slice,
)
from tests.indicators.lait.support import DICTIONARY

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def marked() -> pa.Table:
    """The real rows of the first measure with a `(Rev)` year."""
    table = real_table()
    first = table.filter(pc.match_substring(table["Years"], "(Rev)"))
    measure = first["Short Desc"][0].as_py()
    return table.filter(pc.equal(table["Short Desc"], measure))


def with_years(table: pa.Table, old: str, new: str) -> pa.Table:
    years = pc.replace_substring(table["Years"], old, new)
    return table.set_column(table.schema.get_field_index("Years"), "Years", years)


def observations() -> list[tuple]:
    return sorted(
        Observation.all_objects.values_list(
            "indicator_id", "area_id", "period_id", "value", "suppression", "revised"
        )
    )


def test_a_second_run_of_the_same_file_changes_nothing(tmp_path, media):
    """On the slice of every year form and kind of value (float noise too)."""
    data = write_slice(tmp_path / "lait.parquet", measures_for_every_form())
    call_command("import_lait", str(data), "--dictionary", str(DICTIONARY))
    before, history = observations(), Observation.history.count()
    definitions = Indicator.history.count()
    call_command("import_lait", str(data), "--dictionary", str(DICTIONARY))
    job = ImportJob.objects.order_by("-pk").first()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.counts["created"] == job.counts["updated"] == job.counts["removed"] == 0
    assert job.counts["unchanged"] == len(before) > 1000
    assert job.message.startswith("Imported: nothing changed")
    assert observations() == before
    assert Observation.history.count() == history
    assert Indicator.history.count() == definitions  # no definition re-saved


def test_a_revised_release_supersedes_the_provisional_figure(tmp_path, marked):
    rev = pc.match_substring(marked["Years"], "(Rev)")
    released = marked.filter(rev)
    text = released["Years"][0].as_py()  # e.g. '2018 (Rev)'
    released = released.filter(pc.equal(released["Years"], text))
    provisional = with_years(released, "(Rev)", "(prov)")
    provisional = provisional.set_column(
        provisional.schema.get_field_index("Values"), "Values",
        pa.array(["1"] * provisional.num_rows),
    )  # fmt: skip
    # One file with both: only the revised release is kept, marked revised.
    both = tmp_path / "both.parquet"
    pq.write_table(pa.concat_tables([provisional, released]), both)
    validated, counts = lait_import(both, DICTIONARY)
    assert validated.errors == []
    assert counts["superseded"] == provisional.num_rows
    assert counts["created"] == released.num_rows
    values = [stored_value(v)[0] for v in released["Values"].to_pylist()]
    got = Observation.all_objects.order_by("area__la_number")
    assert sorted(o.value for o in got if o.value is not None) == sorted(
        v for v in values if v is not None
    )
    assert {(o.revised, o.revision_note) for o in got} == {(True, "Revised release")}


def test_a_newer_file_says_what_it_added_revised_and_removed(tmp_path, marked):
    rev = pc.match_substring(marked["Years"], "(Rev)")
    text = marked.filter(rev)["Years"][0].as_py()
    older = with_years(marked, text, text.replace(" (Rev)", " (prov)"))
    # The provisional figures differ from the revised ones by one.
    years, values = older["Years"].to_pylist(), older["Values"].to_pylist()
    values = [
        str(float(v) + 1) if y.endswith("(prov)") and v != "-" else v
        for y, v in zip(years, values, strict=True)
    ]
    older = older.set_column(
        older.schema.get_field_index("Values"), "Values", pa.array(values)
    )
    plain = sorted(y for y in set(marked["Years"].to_pylist()) if "(" not in y)
    oldest, added = plain[0], plain[-1]
    first = tmp_path / "older.parquet"
    pq.write_table(older.filter(pc.invert(pc.equal(older["Years"], added))), first)
    lait_import(first, DICTIONARY)
    # The newer file: the revised release, a year added, the oldest year gone.
    newer = tmp_path / "newer.parquet"
    pq.write_table(marked.filter(pc.invert(pc.equal(marked["Years"], oldest))), newer)
    validated, counts = lait_import(newer, DICTIONARY)
    assert validated.errors == []
    is_rev = pc.equal(marked["Years"], text)
    changed = [
        v for v in marked.filter(is_rev)["Values"].to_pylist() if v != "-"
    ]  # a `-` stays a `-`: not a revision
    assert counts["updated"] == len(changed) > 0
    assert counts["created"] == marked.filter(pc.equal(marked["Years"], added)).num_rows
    assert (
        counts["removed"] == marked.filter(pc.equal(marked["Years"], oldest)).num_rows
    )
    revised = Observation.all_objects.filter(revised=True)
    releases = pc.match_substring_regex(marked["Years"], r"\((Rev|Final)\)$")
    assert revised.count() == marked.filter(releases).num_rows


# --- Bad files: rejected whole, with the row ----------------------------------------


def bad_file(tmp_path, marked, column, row, value):
    table = marked.slice(0, 50)
    cells = table[column].to_pylist()
    # The first authority's row from `row` on (aggregates are 970 and above).
    numbers = table["LA Number"].to_pylist()
    row = next(n for n in range(row, 52) if numbers[n - 2] < 970)
    cells[row - 2] = value
    at = table.schema.get_field_index(column)
    table = table.set_column(at, column, pa.array(cells, table[column].type))
    path = tmp_path / "bad.parquet"
    pq.write_table(table, path)
    return path, row


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("LA Number", 123.0, "no authority has this LA number"),
        ("Short Desc", "NotAMeasure", "not in the dictionary"),
        ("Years", "20X9", "not a year LAIT writes"),
    ],
)
def test_a_bad_row_rejects_the_whole_file(tmp_path, marked, column, value, reason):
    areas = Area.objects.count()
    data, row = bad_file(tmp_path, marked, column, 17, value)
    validated, counts = lait_import(data, DICTIONARY)
    assert counts == {}
    assert [(e.row, e.column) for e in validated.errors] == [(row, column)]
    assert reason in validated.errors[0].reason
    assert Observation.all_objects.count() == 0
    assert Indicator.objects.count() == 0
    assert Area.objects.count() == areas


def test_a_file_missing_a_column_is_rejected(tmp_path, marked, media):
    data = tmp_path / "no-values.parquet"
    pq.write_table(marked.drop_columns(["Values"]), data)
    with pytest.raises(imports.FileRejected, match="missing column Values"):
        lait_import(data, DICTIONARY)
    with pytest.raises(CommandError):
        call_command("import_lait", str(data), "--dictionary", str(DICTIONARY))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REJECTED
    assert job.errors[0]["column"] == "Values"
    assert Observation.all_objects.count() == Indicator.objects.count() == 0


def test_the_predecessor_authorities_are_kept_as_terminated_areas(tmp_path, marked):
    """Cumbria (909) and the others are matched by LA number to their
    terminated areas; one unknown to the database is created terminated."""
    Area.objects.filter(la_number="836").delete()  # Poole, as if never loaded
    table = real_table()
    rows = [
        table.filter(pc.equal(table["LA Number"], number)).slice(0, 200)
        for number in (909.0, 836.0)
    ]
    data = tmp_path / "old.parquet"
    pq.write_table(pa.concat_tables(rows).sort_by("Short Desc"), data)
    validated, _ = lait_import(data, DICTIONARY)
    assert validated.errors == []
    stored = Area.objects.filter(observations__isnull=False).distinct()
    assert {(a.la_number, a.code) for a in stored} == {
        ("909", "E10000006"), ("836", "E06000029"),
    }  # fmt: skip
    assert all(a.terminated_on is not None for a in stored)


def test_a_measure_whose_rows_are_apart_is_rejected(tmp_path, marked):
    """Each measure is written as soon as its rows end (memory holds one
    measure), so a file must keep a measure's rows together, as DfE's does."""
    table = real_table()
    other = table.slice(table.num_rows - 5, 5)  # the file's last measure
    assert other["Short Desc"][0] != marked["Short Desc"][0]
    apart = pa.concat_tables([marked.slice(0, 5), other, marked.slice(5, 5)])
    data = tmp_path / "apart.parquet"
    pq.write_table(apart, data)
    validated, counts = lait_import(data, DICTIONARY)
    assert counts == {}
    assert [(e.row, e.column) for e in validated.errors] == [(12, "Short Desc")]
    assert "not together" in validated.errors[0].reason
    assert Observation.all_objects.count() == Indicator.objects.count() == 0
