"""Property-based tests through the import job: a file is imported completely
or not at all; the counts of figures, audit records, areas and periods
never move on a rejected file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import event, given

from indicators import rating
from indicators.models import Area, ImportJob, Observation, Period, Target
from tests.factories import AreaFactory, IndicatorFactory
from tests.trust.benchmark_strategies import (
    DENOMINATOR,
    NUMERATOR,
    VALUE,
    benchmark_files,
    benchmark_table,
    expect_benchmarks,
    expect_placement,
)
from tests.trust.parser_strategies import (
    CSV_FIELD_LIMIT,
    HOME,
    JOB_PROPERTY,
    Expectation,
    write_csv,
)
from tests.trust.return_strategies import (
    INDICATORS,
    expect_return,
    return_files,
    return_table,
)

# --- Through the import job: all or nothing ------------------------------------------------


def all_certainly_good(expected: Expectation, longest: int) -> bool:
    """Every row is known to be valid (or blank or filtered out) and at least
    one is data: such a file must be imported."""
    return (
        bool(expected.accept)
        and not expected.refuse
        and len(expected.accept) + len(expected.skip) == expected.rows
        and longest <= CSV_FIELD_LIMIT
    )


def counts_now() -> dict[str, int]:
    return {
        "figures": Observation.all_objects.count(),
        "history": Observation.history.count(),
        "targets": Target.objects.count(),
        "areas": Area.objects.count(),
        "periods": Period.objects.count(),
    }


def run_job(path: Path, kind: str, options: dict[str, Any]) -> ImportJob:
    from indicators.services import import_job_create, import_job_wait

    job = import_job_create(kind=kind, file=path, filename=path.name, options=options)
    try:
        return import_job_wait(job=job, timeout=60)
    finally:
        job.file.delete(save=False)


@pytest.fixture
def return_indicators(db, settings):  # type: ignore[no-untyped-def]
    settings.SCRUTINEER_HOME_AREA = HOME
    AreaFactory(code=HOME, la_number="855", name="Leicestershire")
    for info in INDICATORS.values():
        # Not rated: a red needs commentary, a rule of its own tests
        # (tests/indicators/import_return_cases.py), which rows here ignore.
        IndicatorFactory(
            code=info.code, unit=info.unit, year_type=info.year_type,
            rag_method="none", polarity="none",
        )  # fmt: skip


@JOB_PROPERTY
@given(return_files(max_rows=8))
def test_a_return_import_writes_every_row_or_none(
    return_indicators, tmp_path_factory, spec
):
    order, header, rows, layout = spec
    path = tmp_path_factory.mktemp("returns") / "return.csv"
    table, longest = return_table(order, rows)
    write_csv(path, header, table, layout)
    expected = expect_return(rows, today=timezone.localdate())
    with transaction.atomic():
        before = counts_now()
        job = run_job(path, ImportJob.Kind.RETURNS, {})
        after = counts_now()
        stored = {
            (o.indicator.code, o.period.label): o
            for o in Observation.all_objects.filter(area__code=HOME).select_related(
                "indicator", "period"
            )
        }
        transaction.set_rollback(True)
    event(f"job {job.status}")  # shown by --hypothesis-show-statistics
    assert job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.REJECTED), (
        job.status,
        job.message,
    )
    if job.status == ImportJob.Status.REJECTED:
        assert after == before, "a rejected file wrote something"
        assert job.errors and job.message
        assert not all_certainly_good(expected, longest), job.errors[:3]
        return
    assert not expected.refuse, f"accepted a file with bad rows {expected.refuse}"
    written = [r for n, r in enumerate(rows, start=2) if n not in expected.skip]
    assert after["figures"] == before["figures"] + len(written)
    assert after["history"] == before["history"] + len(written)
    for number, want in expected.accept.items():
        row = rows[number - 2]
        info = INDICATORS[row.code.symbol]
        label = rating.parse_period(row.period.text, info.year_type).label
        figure = stored[(info.code, label)]
        assert figure.status == Observation.Status.SUBMITTED
        assert figure.suppression == want["symbol"]
        if want["value"] is None:
            assert figure.value is None
        else:  # stored to six decimal places, as the column holds
            assert abs(figure.value - want["value"]) <= Decimal("0.0000005")


@pytest.fixture
def benchmark_indicator(db, settings):  # type: ignore[no-untyped-def]
    settings.SCRUTINEER_HOME_AREA = HOME
    return IndicatorFactory(
        code="cpp", unit="number", year_type="reporting", rag_method="quartile"
    )


@JOB_PROPERTY
@given(benchmark_files(max_rows=8))
def test_a_benchmark_import_writes_every_row_or_none(
    benchmark_indicator, tmp_path_factory, spec
):
    order, header, rows, layout = spec
    path = tmp_path_factory.mktemp("benchmarks") / "ees.csv"
    table, longest = benchmark_table(order, rows)
    write_csv(path, header, table, layout)
    expected = expect_benchmarks(rows)
    options = {
        "indicator": "cpp",
        "value_column": VALUE,
        "filters": {"category": "Total"},
        "numerator_column": NUMERATOR,
        "denominator_column": DENOMINATOR,
    }
    with transaction.atomic():
        before = counts_now()
        job = run_job(path, ImportJob.Kind.BENCHMARKS, options)
        after = counts_now()
        stored = {
            (o.area.code, o.period.label): o
            for o in Observation.all_objects.filter(
                indicator=benchmark_indicator
            ).select_related("area", "period")
        }
        transaction.set_rollback(True)
    event(f"job {job.status}")  # shown by --hypothesis-show-statistics
    assert job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.REJECTED), (
        job.status,
        job.message,
    )
    if job.status == ImportJob.Status.REJECTED:
        assert after == before, "a rejected file wrote something"
        assert not all_certainly_good(expected, longest), job.errors[:3]
        return
    assert not expected.refuse, f"accepted a file with bad rows {expected.refuse}"
    assert after["figures"] - before["figures"] == job.counts["created"]
    placed = expect_placement(expected, rows)
    assert len(stored) == sum(len(areas) for areas in placed.values())
    for number, want in expected.accept.items():
        for area in placed[number]:
            figure = stored[(area, want["period"])]
            assert figure.suppression == want["symbol"]
            if want["value"] is None:
                assert figure.value is None
            else:
                assert abs(figure.value - want["value"]) <= Decimal("0.0000005")
