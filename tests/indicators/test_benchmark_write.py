"""The two ways a benchmark file is written give the same figures and the same
audit trail: the set-based upsert that PostgreSQL uses (COPY into a staging
table, one INSERT ... ON CONFLICT) and the ORM path that the SQLite demo uses.

Each scenario runs twice, once per path, on two indicators defined alike, and
everything a user could see of the result is compared."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from indicators import imports
from indicators.models import ImportJob, Observation, Rating
from indicators.services.benchmarks import benchmarks_write
from tests.factories import (
    AreaFactory,
    IndicatorFactory,
    ObservationFactory,
    UserFactory,
    period,
)

pytestmark = pytest.mark.django_db

HEADER = [
    "time_period", "time_identifier", "geographic_level", "country_code",
    "country_name", "region_code", "region_name", "old_la_code", "new_la_code",
    "la_name", "rate", "count", "base",
]  # fmt: skip
AUTHORITIES = [
    ("855", "E10000018", "Leicestershire"),
    ("856", "E06000016", "Leicester"),
    ("857", "E06000017", "Rutland"),
    ("830", "E10000007", "Derbyshire"),
    ("891", "E10000024", "Nottinghamshire"),
]


def ees_file(path: Path, figures: dict[tuple[str, str], tuple[str, str, str]]) -> Path:
    """An EES tidy file: England, the East Midlands and five authorities for
    each year. `figures` overrides (code, year) -> (rate, count, base)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for year in ("2022", "2023", "2024"):
            geo = [year, "Reporting year"]
            out.writerow([*geo, "National", "E92000001", "England", "", "", "", "", "", "50", "500", "1000"])  # fmt: skip
            out.writerow([*geo, "Regional", "E92000001", "England", "E12000004", "East Midlands", "", "", "", "48", "48", "100"])  # fmt: skip
            for n, (number, code, name) in enumerate(AUTHORITIES):
                rate, count, base = figures.get(
                    (code, year), (str(40 + n * 5), str(40 + n * 5), "100")
                )
                out.writerow([*geo, "Local authority", "E92000001", "England", "E12000004", "East Midlands", number, code, name, rate, count, base])  # fmt: skip
    return path


def write(
    indicator: Any, path: Path, *, set_based: bool, job: ImportJob | None
) -> tuple[dict[str, int], list[str]]:
    validated = imports.validate_benchmarks(
        path,
        year_type=indicator.year_type,
        value_column="rate",
        filters={},
        numerator_column="count",
        denominator_column="base",
    )
    assert not validated.errors
    counts = benchmarks_write(
        indicator=indicator, rows=validated.rows, job=job, validated=validated,
        set_based=set_based,
    )  # fmt: skip
    return counts, validated.notes


def snapshot(indicator: Any) -> dict[str, Any]:
    """What a user could see: every figure, its audit trail and the home
    authority's ratings, keyed without database ids."""
    figures = {
        (o.area.code, o.period.label): (
            o.value,
            o.suppression,
            o.numerator,
            o.denominator,
            o.status,
            o.source,
            o.is_percent,
            o.import_job_id,
            o.revised,
            o.commentary,
        )  # fmt: skip
        for o in Observation.all_objects.filter(indicator=indicator).select_related(
            "area", "period"
        )
    }
    history = sorted(
        (
            h.area.code,
            h.period.label,
            h.history_type,
            h.value,
            h.numerator,
            h.denominator,
            h.suppression,
            h.status,
            h.source,
            h.is_percent,
            h.import_job_id,
            h.history_user_id,
            h.history_change_reason,
        )  # fmt: skip
        for h in Observation.history.filter(indicator=indicator).select_related(
            "area", "period"
        )
    )
    ratings = {
        r.observation.period.label: (
            r.rag,
            r.quartile,
            r.rank,
            r.rank_of,
            r.england_value,
        )
        for r in Rating.objects.filter(observation__indicator=indicator).select_related(
            "observation__period"
        )
    }
    return {"figures": figures, "history": history, "ratings": ratings}


@pytest.fixture
def pair(home_area):  # type: ignore[no-untyped-def]
    """Two indicators defined alike, with the home authority's own 2024
    figure from a return, and a draft figure for Rutland in 2023."""
    for _, code, name in AUTHORITIES[1:]:
        AreaFactory(code=code, name=name, level="local_authority")
    indicators = []
    for code in ("via_orm", "via_sql"):
        indicator = IndicatorFactory(
            code=code, unit="percent", polarity="higher", rag_method="quartile",
            frequency="annual", year_type="reporting",
        )  # fmt: skip
        ObservationFactory(
            indicator=indicator, area=home_area, period=period("2024", "reporting"),
            value=Decimal("61"), source=Observation.Source.RETURN,
        )  # fmt: skip
        indicators.append(indicator)
    return indicators


def revised_file(path: Path) -> Path:
    """The revised file: one rate changes, one becomes suppressed, one has
    counts that contradict the rate (kept as the rate alone), the home
    authority's 2024 figure differs from its return."""
    return ees_file(
        path,
        {
            ("E06000016", "2023"): ("46", "46", "100"),
            ("E06000017", "2022"): ("c", "c", "c"),
            ("E10000007", "2024"): ("55", "120", "100"),
            ("E10000018", "2024"): ("38", "38", "100"),
        },
    )


def write_three_times(
    indicator, first: Path, second: Path, user, *, set_based: bool
) -> list[Any]:  # type: ignore[no-untyped-def]
    """The first file, the same again, then the revised one, each as its own
    job; then a snapshot of what is stored."""
    steps = []
    for name, path in (("first", first), ("again", first), ("second", second)):
        job = ImportJob.objects.create(
            kind=ImportJob.Kind.BENCHMARKS, filename=f"{name}.csv", created_by=user
        )
        steps.append(write(indicator, path, set_based=set_based, job=job))
        if name == "first":
            # A figure held as a draft is published by the same file.
            Observation.all_objects.filter(
                indicator=indicator, area__code="E06000017", period__label="2023"
            ).update(status=Observation.Status.DRAFT)
    steps.append(snapshot(indicator))
    return steps


def normalised(state: dict[str, Any], jobs: dict[int, int]) -> dict[str, Any]:
    """Job ids differ between the two runs; each job's place instead."""
    return {
        "figures": {k: (*v[:7], jobs.get(v[7]), *v[8:]) for k, v in state["figures"].items()},
        "history": sorted((*h[:10], jobs.get(h[10]), *h[11:-1], (h[-1] or "").split(" (")[-1]) for h in state["history"]),
        "ratings": state["ratings"],
    }  # fmt: skip


def assert_counts_and_notes(steps: list[Any]) -> None:
    (created, notes1), (again, _), (changed, notes2) = steps[:3]
    assert created == {
        "created": 20,
        "updated": 0,
        "unchanged": 0,
        "kept_from_return": 1,
    }
    assert again == {"created": 0, "updated": 1, "unchanged": 19, "kept_from_return": 1}
    assert changed == {
        "created": 0,
        "updated": 3,
        "unchanged": 17,
        "kept_from_return": 1,
    }
    assert notes1 == [
        "Leicestershire 2024: kept the return's figure 61; the benchmark file says 40"
    ]
    assert notes2 == [
        "Leicestershire 2024: kept the return's figure 61; the benchmark file says 38"
    ]


def assert_figures(state: dict[str, Any]) -> None:
    assert state["figures"][("E06000016", "2023")][:4] == (
        Decimal("46"),
        "",
        Decimal("46"),
        Decimal("100"),
    )
    assert state["figures"][("E06000017", "2022")][:4] == (None, "c", None, None)
    assert state["figures"][("E10000007", "2024")][:4] == (
        Decimal("55"),
        "",
        None,
        None,
    )
    assert state["figures"][("E06000017", "2023")][4] == Observation.Status.PUBLISHED
    assert state["figures"][("E10000018", "2024")][:2] == (Decimal("61"), "")


def assert_history(state: dict[str, Any], user) -> None:  # type: ignore[no-untyped-def]
    """Every change carries who and which job; creations are recorded by job."""
    changes = [h for h in state["history"] if h[2] == "~"]
    assert len(changes) == 4
    assert {h[11] for h in changes} == {user.pk}
    assert all(h[12].startswith("import job ") for h in changes)
    assert sorted((h[0], h[1], h[3]) for h in changes) == [
        ("E06000016", "2023", Decimal("46")),
        ("E06000017", "2022", None),
        ("E06000017", "2023", Decimal("50")),
        ("E10000007", "2024", Decimal("55")),
    ]


def test_both_paths_write_the_same_figures_and_history(pair, tmp_path):
    orm, sql = pair
    user = UserFactory()
    first = ees_file(tmp_path / "first.csv", {})
    second = revised_file(tmp_path / "second.csv")
    orm_steps = write_three_times(orm, first, second, user, set_based=False)
    sql_steps = write_three_times(sql, first, second, user, set_based=True)

    # Job ids differ between the two runs; compare each job's place instead.
    jobs = {j.pk: n % 3 for n, j in enumerate(ImportJob.objects.order_by("pk"))}
    assert orm_steps[:3] == sql_steps[:3]
    assert normalised(orm_steps[3], jobs) == normalised(sql_steps[3], jobs)

    # And what they say is what happened.
    assert_counts_and_notes(sql_steps)
    assert_figures(sql_steps[3])
    assert_history(sql_steps[3], user)


def test_a_long_file_name_still_fits_the_audit_reason(pair, tmp_path):
    _, sql = pair
    path = ees_file(tmp_path / "first.csv", {})
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.BENCHMARKS, filename="x" * 250 + ".csv"
    )
    write(sql, path, set_based=True, job=job)
    changed = ees_file(
        tmp_path / "second.csv", {("E06000016", "2023"): ("46", "46", "100")}
    )
    write(sql, changed, set_based=True, job=job)
    reason = Observation.history.get(history_type="~").history_change_reason
    assert reason.startswith(f"import job {job.pk} (xxx")
    assert len(reason) == 100
