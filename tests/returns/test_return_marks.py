"""A return carries what a figure is: the optional `provisional` and
`definition_changed` columns (yes or no), and the demo's made-up return
marks its figures illustrative (its job's `illustrative` option)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from indicators.demo import run_import
from indicators.models import ImportJob, Observation
from tests.indicators.import_cases import (
    RETURN_HEADER,
    csv_text,
    media,  # noqa: F401 (an autouse fixture)
    run,
    world,  # noqa: F401 (an autouse fixture)
    write,
)

pytestmark = pytest.mark.django_db
HEADER = RETURN_HEADER + ",provisional,definition_changed"


def figure(label: str) -> Observation:
    return Observation.all_objects.get(
        indicator__code="assess", period__label=label, area__code="E10000018"
    )


def test_a_return_marks_figures_provisional_and_definition_changed(tmp_path: Path):
    content = csv_text(
        HEADER,
        "assess,2019/20 Q3,55,,,,On track,yes,",
        "assess,2019/20 Q4,56,,,,On track,No,YES",
    )
    run("import_returns", write(tmp_path, "r.csv", content), publish=True)
    q3, q4 = figure("2019/20 Q3"), figure("2019/20 Q4")
    assert (q3.provisional, q3.definition_changed) == (True, False)
    assert (q4.provisional, q4.definition_changed) == (False, True)
    assert (q3.illustrative, q3.provenance) == (False, "local")
    # Validated later: the same return without the flag clears it.
    content = csv_text(HEADER, "assess,2019/20 Q3,55,,,,On track,,")
    run("import_returns", write(tmp_path, "r2.csv", content), publish=True)
    assert figure("2019/20 Q3").provisional is False


def test_the_demos_return_marks_its_figures_illustrative():
    run_import(
        ImportJob.Kind.RETURNS,
        ContentFile(csv_text(RETURN_HEADER, "assess,2019/20 Q3,55,,,,Fine"), "d.csv"),
        {"publish": True, "illustrative": True},
        name="d.csv",
        stdout=io.StringIO(),
    )
    q3 = figure("2019/20 Q3")
    assert (q3.illustrative, q3.provenance) == (True, "illustrative")
    assert figure("2019/20 Q2").provenance == "local"  # not from that return
