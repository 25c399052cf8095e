"""Importing DfE's LAIT (data file and dictionary) in one transaction: an
indicator for every measure, every figure for every authority, region and
England as published national figures, written by the benchmark import's
set-based upsert, then the ratings recomputed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators import files, imports, lait, rating
from indicators.models import ImportJob, Indicator, Observation, Period, Theme
from indicators.services.benchmark_sql import Figure, figures_upsert_sql

# The benchmark import's writers, one for PostgreSQL and one for the SQLite
# demo: LAIT's figures are national benchmarks and are written the same way.
from indicators.services.benchmarks import _figures_upsert_orm
from indicators.services.common import audit_defaults, periods_ensure
from indicators.services.jobs import job_path
from indicators.services.lait_rows import Cells, measures_years, read_lait
from indicators.services.ratings import recompute

INDICATOR_FIELDS = [
    "name", "theme", "unit", "polarity", "rag_method", "frequency", "decimals",
    "source", "description", "year_type", "banded", "measured", "span_years",
    "next_update",
]  # fmt: skip


def lait_dictionary_store(handle: IO[bytes], filename: str) -> str:
    """Store an uploaded data dictionary beside the import files; the job's
    options name it (a job holds one file: the data file)."""
    name = files.safe_filename(filename) or "lait_data_dictionary.csv"
    return default_storage.save(f"imports/lait/{name}", File(handle))


def lait_job(
    job: ImportJob, progress: Callable[[int], None]
) -> tuple[imports.Validated, dict[str, int]]:
    """How a LAIT import job runs (registered in IndicatorsConfig.ready): the
    job's file is the data file; the dictionary is stored beside it, named
    in the job's options."""
    data = job_path(job)
    rows = lait.lait_row_count(data)
    if rows is not None:
        job.options = {**job.options, "rows_expected": rows}
        ImportJob.objects.filter(pk=job.pk).update(options=job.options)
    dictionary = Path(default_storage.path(job.options["dictionary"]))
    return lait_import(data, dictionary, job=job, progress=progress)


def lait_import(
    data: Path,
    dictionary: Path,
    *,
    job: ImportJob | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[imports.Validated, dict[str, int]]:
    """Read and check the whole file, then write all of it or nothing: the
    errors (with row numbers) when there are any, else the counts of
    figures added, revised, unchanged and removed."""
    try:
        measures = lait.read_dictionary(dictionary)
    except lait.LaitDictionaryError as exc:
        raise imports.FileRejected(f"the dictionary cannot be used: {exc}") from None
    validated = imports.Validated()
    years = measures_years(data, measures)
    spans = {short: y.span for short, y in years.items()}
    with transaction.atomic():
        indicators = indicators_upsert(measures, job, spans)
        counts = {"indicators": len(indicators), "created": 0, "updated": 0,
                  "unchanged": 0, "removed": 0}  # fmt: skip
        write = MeasureWriter(indicators, job, counts)
        read = read_lait(data, measures, validated, progress, write, years)
        if validated.errors:
            transaction.set_rollback(True)  # and the areas a failed file created
            return validated, {}
        counts["superseded"] = read.superseded
        counts["ratings"] = recompute(indicator_ids=[i.pk for i in indicators.values()])
    return validated, counts


class MeasureWriter:
    """Writes one measure's figures as `read_lait` finishes reading it: the
    benchmark import's upsert, revised releases marked, and the figures of
    this measure that the file no longer holds removed."""

    def __init__(
        self, indicators: dict[str, Indicator], job: ImportJob | None,
        counts: dict[str, int],
    ) -> None:  # fmt: skip
        self.indicators, self.job, self.counts = indicators, job, counts
        self.periods: dict[tuple[str, str, date], Period] = {}
        self.upsert = (
            figures_upsert_sql
            if connection.vendor == "postgresql"
            else _figures_upsert_orm
        )
        self.kept: dict[int, set[tuple[int, int]]] = defaultdict(set)
        for indicator_id, area_id, period_id in (
            Observation.all_objects.filter(indicator__in=indicators.values())
            .exclude(source=Observation.Source.BENCHMARK)
            .values_list("indicator_id", "area_id", "period_id")
        ):  # the home authority's own figures: never overwritten or removed
            self.kept[indicator_id].add((area_id, period_id))

    def __call__(
        self,
        short: str,
        cells: Cells,
        specs: dict[tuple[str, str, date], rating.Period],
    ) -> None:
        indicator = self.indicators[short]
        wanted = {key for _, key in cells} - self.periods.keys()
        self.periods |= periods_ensure(specs[key] for key in wanted)
        kept = self.kept[indicator.pk]
        figures: list[Figure] = []
        revised: list[tuple[int, int, str]] = []
        for (area_id, key), (value, symbol, note) in cells.items():
            period_id = self.periods[key].pk
            if (area_id, period_id) in kept:
                continue
            figures.append((area_id, period_id, value, symbol, None, None))
            if note:
                revised.append((area_id, period_id, note))
        created, updated = self.upsert(indicator, figures, self.job)
        self.counts["created"] += created
        self.counts["updated"] += updated
        self.counts["unchanged"] += len(figures) - created - updated
        _mark_revised(indicator, revised)
        self.counts["removed"] += _remove_missing(indicator, figures, self.job)


def _mark_revised(indicator: Indicator, revised: list[tuple[int, int, str]]) -> None:
    """Mark the figures of a revised or final release so, with its note: one
    update per period and note (a release covers a period's authorities)."""
    groups: dict[tuple[int, str], list[int]] = {}
    for area_id, period_id, note in revised:
        groups.setdefault((period_id, note), []).append(area_id)
    for (period_id, note), areas in groups.items():
        Observation.all_objects.filter(
            indicator=indicator, period_id=period_id, area_id__in=areas
        ).exclude(revised=True, revision_note=note).update(
            revised=True, revision_note=note
        )


def _remove_missing(
    indicator: Indicator, figures: list[Figure], job: ImportJob | None
) -> int:
    """Delete the national figures of this measure that a newer file no
    longer holds (with their history, as django-simple-history records a
    deletion). Every figure of the file is stored by now, so when the counts
    agree nothing is to go, and nothing more is read."""
    benchmarks = Observation.all_objects.filter(
        indicator=indicator, source=Observation.Source.BENCHMARK
    )
    if benchmarks.count() == len(figures):
        return 0
    present = {(f[0], f[1]) for f in figures}
    stored = benchmarks.values_list("pk", "area_id", "period_id")
    gone = [pk for pk, area, period in stored if (area, period) not in present]
    if not gone:
        return 0
    audit = audit_defaults(job)
    for observation in Observation.all_objects.filter(pk__in=gone):
        observation._history_user = audit["default_user"]  # type: ignore[attr-defined]
        observation._change_reason = audit["default_change_reason"]  # type: ignore[attr-defined]
        observation.delete()
    return len(gone)


def _theme(topic: str, themes: dict[str, Theme]) -> Theme:
    """The theme for a LAIT topic, found by its slug or its name in any case,
    so that a theme already named the same ("Children's social care") is the
    one used; created if new."""
    slug = slugify(topic)[:200] or "lait"
    found = themes.get(slug) or themes.get(topic.casefold())
    if found is None:
        found = Theme.objects.create(slug=slug, name=topic[:200])
    themes[slug] = themes[topic.casefold()] = found
    return found


def next_update_words(next_update: date | str | None) -> str:
    """The dictionary's next update as the definition says it: a date in
    words ("1 February 2026"), else DfE's own words ("Discontinued")."""
    if isinstance(next_update, date):
        return f"{next_update.day} {next_update:%B %Y}"
    return (next_update or "")[:100]


def indicator_for(measure: lait.LaitMeasure, theme: Theme, span: int = 1) -> Indicator:
    """An indicator definition from a dictionary measure (not saved); `span`
    is how many years each of its figures covers (`MeasureYears.span`)."""
    quartiles = measure.polarity != rating.Polarity.NONE and measure.banded
    return Indicator(
        code=measure.code,
        name=measure.name[:300] or measure.short,
        theme=theme,
        unit=(measure.unit or lait.Unit.NUMBER).value,
        polarity=measure.polarity.value,
        rag_method=(
            Indicator.RagMethod.QUARTILE if quartiles else Indicator.RagMethod.NONE
        ),
        frequency=Indicator.Frequency.ANNUAL,
        decimals=measure.decimals,
        source=measure.source or "DfE Local Authority Interactive Tool (LAIT)",
        description=measure.description,
        next_update=next_update_words(measure.next_update),
        span_years=span,
        year_type=(
            measure.year_type.year_type.value
            if measure.year_type
            else Indicator.YearType.FINANCIAL
        ),
        banded=measure.banded,
        measured=lait.measured_for(measure.name, measure.year_type).value,
    )


def indicators_upsert(
    measures: list[lait.LaitMeasure],
    job: ImportJob | None,
    spans: dict[str, int] | None = None,
) -> dict[str, Indicator]:
    """Create or update an indicator for every measure, by its code, with the
    span of years its figures cover (`spans` by measure; 1 if not given); a
    changed definition is recorded in the indicator's history."""
    spans = spans or {}
    themes = {k: t for t in Theme.objects.all() for k in (t.slug, t.name.casefold())}
    existing = {
        i.code: i for i in Indicator.objects.filter(code__in=[m.code for m in measures])
    }
    result, new, changed = {}, [], []
    for measure in measures:
        theme = _theme(measure.topic, themes)
        wanted = indicator_for(measure, theme, spans.get(measure.short, 1))
        current = existing.get(measure.code)
        if current is None:
            new.append(wanted)
            result[measure.short] = wanted
            continue
        if any(getattr(current, f) != getattr(wanted, f) for f in INDICATOR_FIELDS):
            for name in INDICATOR_FIELDS:
                setattr(current, name, getattr(wanted, name))
            changed.append(current)
        result[measure.short] = current
    bulk_create_with_history(new, Indicator, **audit_defaults(job))
    created = {
        i.code: i for i in Indicator.objects.filter(code__in=[i.code for i in new])
    }
    for short, indicator in result.items():
        if indicator.pk is None:
            result[short] = created[indicator.code]
    if changed:
        bulk_update_with_history(
            changed, Indicator, INDICATOR_FIELDS, **audit_defaults(job)
        )
    return result
