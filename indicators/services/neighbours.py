"""Writing statistical neighbours from an import, in one transaction, and
resolving an authority's code or LA number."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db import transaction

from indicators import imports
from indicators.models import (
    Area,
    ImportJob,
    StatisticalNeighbour,
)
from indicators.services.jobs import job_path
from indicators.services.ratings import recompute


def area_resolver() -> Callable[[str], str | None]:
    """Resolve an ONS code or a DfE LA number to a local authority's ONS code.
    An LA number shared by a terminated and a live authority (North Yorkshire,
    Somerset) resolves to the live one."""
    by_code: dict[str, str] = {}
    by_number: dict[str, list[tuple[bool, str]]] = defaultdict(list)
    for code, number, ended in Area.objects.filter(
        level=Area.Level.LOCAL_AUTHORITY
    ).values_list("code", "la_number", "terminated_on"):
        by_code[code.upper()] = code
        if number:
            by_number[number].append((ended is None, code))

    def resolve(raw: str) -> str | None:
        text = raw.strip().upper()
        if text in by_code:
            return by_code[text]
        candidates = sorted(
            by_number.get(text.zfill(3) if text.isdigit() else text, []), reverse=True
        )
        return candidates[0][1] if candidates else None

    return resolve


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
