"""Writing one indicator's national, regional and authority figures from an
EES benchmark file, in one transaction: areas created or updated by code,
the home authority's own figure kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from simple_history.utils import bulk_update_with_history

from indicators import imports
from indicators.formatting import plain
from indicators.imports.benchmark_areas import assign_areas
from indicators.models import (
    Area,
    ImportJob,
    Indicator,
    Observation,
    Period,
)
from indicators.services.authorities import authority_resolver
from indicators.services.benchmark_sql import (
    FIGURE_FIELDS,
    Figure,
    figures_upsert_sql,
)
from indicators.services.common import (
    audit_defaults,
    periods_ensure,
    same_value,
)
from indicators.services.jobs import job_path
from indicators.services.ratings import recompute


def benchmarks_import(
    job: ImportJob, progress: Callable[[int], None]
) -> tuple[imports.Validated, dict[str, int]]:
    """How a benchmark import job runs (registered in IndicatorsConfig.ready):
    the file read for its indicator with the job's options, then written, or
    its errors returned."""
    options = imports.benchmark_options(job.options)  # the shape every path stores
    try:
        indicator = Indicator.objects.get(code=options["indicator"])
    except Indicator.DoesNotExist:
        raise imports.FileRejected(
            f"unknown indicator code '{options['indicator']}'",
            column="--indicator",
        ) from None
    validated = imports.validate_benchmarks(
        job_path(job),
        year_type=indicator.year_type,
        value_column=options["value_column"],
        filters=options["filters"],
        numerator_column=options["numerator_column"],
        denominator_column=options["denominator_column"],
        progress=progress,
    )
    if validated.errors:
        return validated, {}
    return validated, benchmarks_write(
        indicator=indicator, rows=validated.rows, job=job, validated=validated
    )


@transaction.atomic
def benchmarks_write(
    *,
    indicator: Indicator,
    rows: list[imports.BenchmarkRow],
    job: ImportJob | None,
    validated: imports.Validated,
    set_based: bool | None = None,
) -> dict[str, int]:
    """Upsert one indicator's national, regional and authority figures as
    published benchmarks. Areas are created or updated by code. The home
    authority's figure from a return is kept; the difference is reported.

    On PostgreSQL the figures are staged with COPY and written by one
    set-based upsert that also writes their history (`figures_upsert_sql`);
    elsewhere (the SQLite demo) the ORM does the same (`_figures_upsert_orm`).
    `set_based` chooses one explicitly, so that tests can compare the two."""
    # Each figure under the area it belongs to (DESIGN.md, "Authorities that
    # change code"): the one rule, whichever path writes benchmarks.
    rows = assign_areas(rows, authority_resolver(), validated.notes)
    areas = _areas_upsert(rows)
    periods = periods_ensure(r.period for r in rows)
    figures = _benchmark_figures(indicator, rows, areas, periods, validated)
    counts = {"kept_from_return": len(rows) - len(figures)}
    joint = sum(1 for r in rows if r.joint)
    if joint:
        counts["from_joint_returns"] = joint
    if set_based is None:
        set_based = connection.vendor == "postgresql"
    upsert = figures_upsert_sql if set_based else _figures_upsert_orm
    counts["created"], counts["updated"] = upsert(indicator, figures, job)
    counts["unchanged"] = len(figures) - counts["created"] - counts["updated"]
    recompute(indicator_ids=[indicator.pk])
    return counts


def _benchmark_figures(
    indicator: Indicator,
    rows: list[imports.BenchmarkRow],
    areas: dict[str, Area],
    periods: dict[Any, Period],
    validated: imports.Validated,
) -> list[Figure]:
    """The figures to write. A home figure that came from a return or a form
    is kept, and a difference is noted; inconsistent published counts of a
    percentage (numerator above denominator) are dropped, keeping the rate."""
    home_code = settings.SCRUTINEER_HOME_AREA
    home = areas.get(home_code)
    own = (
        dict(
            Observation.all_objects.filter(
                indicator=indicator,
                area=home,
                period_id__in={p.pk for p in periods.values()},
            )
            .exclude(source=Observation.Source.BENCHMARK)
            .values_list("period_id", "value")
        )
        if home is not None
        else {}
    )
    figures: list[Figure] = []
    for row in rows:
        area, period = areas[row.code], periods[row.period.key]
        if row.code == home_code and period.pk in own:
            current = own[period.pk]
            if not same_value(current, row.value):
                validated.notes.append(
                    f"{area.name} {row.period.label}: kept the return's figure {plain(current)}; the benchmark file says {plain(row.value) or row.symbol}"
                )
            continue
        numerator, denominator = row.numerator, row.denominator
        if (
            indicator.is_percent
            and numerator is not None
            and denominator is not None
            and numerator > denominator
        ):
            numerator = denominator = None
        figures.append(
            (area.pk, period.pk, row.value, row.symbol, numerator, denominator)
        )
    return figures


def _figures_upsert_orm(
    indicator: Indicator, figures: list[Figure], job: ImportJob | None
) -> tuple[int, int]:
    """Create new figures; update changed ones with their history."""
    existing = {
        (o.area_id, o.period_id): o
        for o in Observation.all_objects.filter(
            indicator=indicator, period_id__in={f[1] for f in figures}
        )
    }
    to_create, to_update = [], []
    for area_id, period_id, *values in figures:
        fields = dict(zip(FIGURE_FIELDS, values, strict=True))
        current = existing.get((area_id, period_id))
        if current is None:
            to_create.append(
                Observation(
                    indicator=indicator,
                    area_id=area_id,
                    period_id=period_id,
                    status=Observation.Status.PUBLISHED,
                    source=Observation.Source.BENCHMARK,
                    is_percent=indicator.is_percent,
                    import_job=job,
                    **fields,
                )  # fmt: skip
            )
            continue
        if (
            all(same_value(getattr(current, k), v) for k, v in fields.items())
            and current.status == Observation.Status.PUBLISHED
        ):
            continue
        for key, value in fields.items():
            setattr(current, key, value)
        current.status = Observation.Status.PUBLISHED
        current.import_job = job
        to_update.append(current)
    # New national figures are recorded by their import job; a change to a
    # figure already held is audited with its old and new values.
    Observation.all_objects.bulk_create(to_create, batch_size=2000)
    bulk_update_with_history(
        to_update,
        Observation,
        [*FIGURE_FIELDS, "status", "import_job"],
        batch_size=2000,
        manager=Observation.all_objects,
        **audit_defaults(job),
    )
    return len(to_create), len(to_update)


def _areas_upsert(rows: list[imports.BenchmarkRow]) -> dict[str, Area]:
    """Create areas new to us; fill in a missing LA number or region. Names
    are not overwritten: sources spell them differently, codes are the key."""
    codes = {r.code for r in rows} | {r.region_code for r in rows if r.region_code}
    areas = {a.code: a for a in Area.objects.filter(code__in=codes)}
    for row in rows:
        if row.level != "local_authority" and row.code not in areas:
            areas[row.code] = Area.objects.create(
                code=row.code, name=row.name or row.code, level=row.level
            )
    for row in rows:
        if row.level != "local_authority":
            continue
        region = areas.get(row.region_code)
        if region is None and row.region_code:
            region = areas[row.region_code] = Area.objects.create(
                code=row.region_code,
                name=row.region_name or row.region_code,
                level=Area.Level.REGIONAL,
            )
        area = areas.get(row.code)
        if area is None:
            areas[row.code] = Area.objects.create(
                code=row.code, name=row.name or row.code, level=Area.Level.LOCAL_AUTHORITY,
                la_number=row.la_number, region=region,
            )  # fmt: skip
        elif (not area.la_number and row.la_number) or (
            area.region_id is None and region is not None
        ):
            area.la_number = area.la_number or row.la_number
            area.region = area.region or region
            area.save(update_fields=["la_number", "region"])
    return areas
