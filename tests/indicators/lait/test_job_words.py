"""A LAIT import says what it did in the issue's words, on the job page and
in the command's output: how many figures were added, revised, unchanged
and removed, and how many rows a later release superseded (the stored
count keys stay `created`, `updated`, ..., which other code reads)."""

from __future__ import annotations

import re
from io import StringIO

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.urls import reverse

from indicators.models import ImportJob
from tests.indicators.lait.slices import dictionary_rows, write_slice
from tests.indicators.lait.support import DICTIONARY

pytestmark = pytest.mark.django_db
MEASURES = ["RTA"]  # 1,190 rows, none superseded


def import_lait(data, user) -> tuple[ImportJob, str]:  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command(
        "import_lait", str(data), "--dictionary", str(DICTIONARY),
        "--user", user.username, stdout=out,
    )  # fmt: skip
    return ImportJob.objects.latest("pk"), out.getvalue()


def words_on_page(client, job: ImportJob) -> str:  # type: ignore[no-untyped-def]
    html = client.get(reverse("import_job", args=[job.pk])).content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_job_page_and_command_say_added_revised_and_removed(
    tmp_path, media, client, performance_lead
):
    data = write_slice(tmp_path / "rta.parquet", MEASURES)
    rows = pq.read_table(data).num_rows
    job, out = import_lait(data, performance_lead)
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.counts["created"] == rows  # the stored key, unchanged
    said = (
        f"Imported: {rows} figures added, 0 revised, 0 unchanged, 0 removed, "
        "0 superseded by a later release."
    )
    assert said in out
    assert (
        f"Counts: indicators defined {len(dictionary_rows())}, "
        f"figures added {rows}, figures revised 0, "
        "figures unchanged 0, figures removed 0, rows superseded by a later "
        "release 0, ratings worked out 7" in out  # Leicestershire's 7 years
    )
    client.force_login(performance_lead)
    page = words_on_page(client, job)
    assert said in page
    assert f"Figures added {rows} Figures revised 0 Figures unchanged 0" in page
    assert "Figures removed 0" in page
    assert "Created" not in page and "Updated" not in page

    again, out = import_lait(data, performance_lead)
    assert again.message.startswith("Imported: nothing changed (0 figures added")
    assert f"Figures unchanged {rows}" in words_on_page(client, again)
    assert f"figures unchanged {rows}" in out
