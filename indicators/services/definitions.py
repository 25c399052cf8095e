"""Writing indicator definitions (and new themes) from an import, in one
transaction."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils.text import slugify

from indicators import imports
from indicators.models import (
    ImportJob,
    Indicator,
    Observation,
    Theme,
)
from indicators.services.common import (
    audit_stamp,
    same_value,
)
from indicators.services.jobs import job_path
from indicators.services.ratings import recompute


def indicators_import(
    job: ImportJob, progress: Callable[[int], None]
) -> tuple[imports.Validated, dict[str, int]]:
    """How an import job of indicator definitions runs (registered in
    IndicatorsConfig.ready): read and checked, then written, or its errors
    returned."""
    validated = imports.validate_indicators(job_path(job), progress)
    if validated.errors:
        return validated, {}
    return validated, indicators_write(rows=validated.rows, job=job)


@transaction.atomic
def indicators_write(
    *, rows: list[imports.IndicatorRow], job: ImportJob | None = None
) -> dict[str, int]:
    """Create or update indicator definitions (and new themes) by code."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    existing = {i.code: i for i in Indicator.objects.select_related("theme")}
    themes = {t.name: t for t in Theme.objects.all()}
    changed: list[int] = []
    for row in rows:
        theme = themes.get(row.theme)
        if theme is None:
            theme = themes[row.theme] = Theme.objects.create(
                name=row.theme, slug=_unique_slug(row.theme)
            )
        indicator = existing.get(row.code)
        if indicator is None:
            indicator = Indicator(code=row.code, theme=theme, **row.fields)
            audit_stamp(indicator, job)
            indicator.save()
            counts["created"] += 1
            continue
        new = {**row.fields, "theme_id": theme.pk}
        if all(same_value(getattr(indicator, k), v) for k, v in new.items()):
            counts["unchanged"] += 1
            continue
        for key, value in new.items():
            setattr(indicator, key, value)
        audit_stamp(indicator, job)
        indicator.save()
        changed.append(indicator.pk)
        counts["updated"] += 1
    if changed:
        # Keep the copy of the unit that lets the database check percentages.
        for unit_is_percent in (True, False):
            units = (
                [Indicator.Unit.PERCENT]
                if unit_is_percent
                else [u for u in Indicator.Unit if u != "percent"]
            )
            Observation.all_objects.filter(
                indicator_id__in=changed, indicator__unit__in=units
            ).exclude(is_percent=unit_is_percent).update(is_percent=unit_is_percent)
        recompute(indicator_ids=changed)
    return counts


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "theme"
    slug, n = base, 1
    while Theme.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
