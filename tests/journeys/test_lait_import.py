"""Journey: the performance team imports DfE's LAIT through the web (the data
file and its dictionary, on the demo as `make run` loads it), watches the job
finish and reads its counts; the same file again changes nothing. A slice of
the real file (three measures) keeps the journey short; tests/indicators/lait
covers the whole file's rules."""

from __future__ import annotations

import re

import pytest

from indicators import lait
from indicators.models import ImportJob, Indicator, Observation
from tests.browser_support import assert_accessible
from tests.indicators.lait.slices import write_slice
from tests.journeys.conftest import act_as, assert_clean_console, upload_lait

pytestmark = pytest.mark.django_db(transaction=True)
MEASURES = ["A3A", "KS2RWM_Expected_STD", "LAC_Start_Rate"]


def test_performance_imports_lait_and_sees_the_job_finish_with_its_counts(
    demo, page, console, tmp_path
):
    data = write_slice(tmp_path / "lait-slice.parquet", MEASURES)
    codes = [lait.lait_code(m) for m in MEASURES]
    assert not Observation.all_objects.filter(indicator__code__in=codes).exists()
    act_as(page, "performance")
    job = upload_lait(page, data)
    assert job.kind == ImportJob.Kind.LAIT
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.errors)
    stored = Observation.all_objects.filter(indicator__code__in=codes).count()
    assert job.counts["created"] == stored > 3000
    progress = page.locator("#import-progress").inner_text()
    superseded = job.counts["superseded"]
    assert (
        f"Imported: {stored} figures added, 0 revised, 0 unchanged, 0 removed, "
        f"{superseded} superseded by a later release." in progress
    )
    assert re.search(rf"Figures added\s+{stored}\s+Figures revised\s+0", progress)
    assert "Created" not in progress
    assert Indicator.objects.filter(code__in=codes).count() == 3
    assert_accessible(page)

    again = upload_lait(page, data)
    assert again.counts["created"] == again.counts["updated"] == 0
    progress = page.locator("#import-progress").inner_text()
    assert "Imported: nothing changed (0 figures added, 0 revised" in progress
    assert re.search(rf"Figures unchanged\s+{stored}", progress)
    assert Observation.all_objects.filter(indicator__code__in=codes).count() == stored
    assert_clean_console(console)
