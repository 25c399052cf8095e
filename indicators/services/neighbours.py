"""Writing statistical neighbours from an import, in one transaction (each
authority's code or LA number resolved by `services.authorities`)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from indicators import imports
from indicators.models import (
    Area,
    ImportJob,
    StatisticalNeighbour,
)
from indicators.services.authorities import area_resolver
from indicators.services.jobs import job_path
from indicators.services.ratings import recompute


def neighbours_import(
    job: ImportJob, progress: Callable[[int], None]
) -> tuple[imports.Validated, dict[str, int]]:
    """How an import job of statistical neighbours runs (registered in
    IndicatorsConfig.ready): read and checked, then written, or its errors
    returned."""
    validated = imports.validate_neighbours(job_path(job), area_resolver(), progress)
    if validated.errors:
        return validated, {}
    return validated, neighbours_write(rows=validated.rows)


@transaction.atomic
def neighbours_write(*, rows: list[imports.NeighbourRow]) -> dict[str, int]:
    """Replace the neighbours of every authority named in the file."""
    areas = {
        a.code: a.pk
        for a in Area.objects.filter(
            code__in={r.area_code for r in rows} | {r.neighbour_code for r in rows}
        )
    }
    named = {areas[r.area_code] for r in rows}
    before = set(
        StatisticalNeighbour.objects.filter(area_id__in=named).values_list(
            "area_id", "neighbour_id", "rank", "closeness"
        )
    )
    after = {
        (areas[r.area_code], areas[r.neighbour_code], r.rank, r.closeness) for r in rows
    }
    if before == after:
        return {"created": 0, "updated": 0, "unchanged": len(after)}
    StatisticalNeighbour.objects.filter(area_id__in=named).delete()
    StatisticalNeighbour.objects.bulk_create(
        StatisticalNeighbour(area_id=a, neighbour_id=n, rank=r, closeness=c)
        for a, n, r, c in sorted(after)
    )
    recompute()
    return {
        "created": len(after - before),
        "updated": 0,
        "unchanged": len(after & before),
        "removed": len(before - after),
    }
