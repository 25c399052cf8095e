"""The writes of each import, all in one transaction: definitions,
neighbours, returns and benchmarks."""

from __future__ import annotations

import io
import uuid
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators import imports
from indicators.models import (
    Area,
    ImportJob,
    Indicator,
    Observation,
    Period,
    StatisticalNeighbour,
    Theme,
)
from indicators.services.common import (
    audit_defaults,
    audit_stamp,
    home_area,
    periods_ensure,
    same_value,
)
from indicators.services.jobs import Runner, _path
from indicators.services.ratings import recompute
from indicators.services.targets import (
    TargetChange,
    TargetsRefused,
    TargetsResult,
    targets_set,
)

# --- Indicator definitions -----------------------------------------------------------------


def _run_indicators(
    job: ImportJob, progress: Callable[[int], None]
) -> tuple[imports.Validated, dict[str, int]]:
    validated = imports.validate_indicators(_path(job), progress)
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


# --- Statistical neighbours ------------------------------------------------------------------


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


def _run_neighbours(
    job: ImportJob, progress: Callable[[int], None]
) -> tuple[imports.Validated, dict[str, int]]:
    validated = imports.validate_neighbours(_path(job), area_resolver(), progress)
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


def _indicator_infos() -> dict[str, imports.IndicatorInfo]:
    infos = {}
    for pk, code, unit, year_type, decimals, name in Indicator.objects.values_list(
        "pk", "code", "unit", "year_type", "decimals", "name"
    ):
        info = imports.IndicatorInfo(pk, code, unit, year_type, decimals, name)
        infos[code] = info
        infos.setdefault(code.lower(), info)
    return infos


def _run_returns(
    job: ImportJob, progress: Callable[[int], None]
) -> tuple[imports.Validated, dict[str, int]]:
    from indicators.services.figures import entry_window

    # The periods open to whoever imports it: an officer's upload as on the
    # entry page; the performance team's, or one from the command line, may
    # also carry a late figure for a closed period. None may be in the future.
    validated = imports.validate_return(
        _path(job), _indicator_infos(), progress, window=entry_window(job.created_by)
    )
    if validated.errors:
        return validated, {}
    if job.created_by is not None:
        _check_ownership(job, validated)
        if validated.errors:
            return validated, {}
    publish = bool(job.options.get("publish"))
    return validated, return_write(
        rows=validated.rows, publish=publish, job=job, validated=validated
    )


def _check_ownership(job: ImportJob, validated: imports.Validated) -> None:
    """An upload through the web enters figures as its uploader: an officer
    only for the indicators they (or their team) own, as on the entry page."""
    from indicators.services.figures import can_enter

    codes = {row.indicator.code for row in validated.rows}
    allowed = {
        indicator.code
        for indicator in Indicator.objects.filter(code__in=codes)
        .select_related("team")
        .prefetch_related("team__members")
        if can_enter(job.created_by, indicator)
    }
    for row in validated.rows:
        if row.indicator.code not in allowed:
            validated.error(
                row.row, "indicator", row.indicator.code,
                f"you do not enter figures for {row.indicator.code}: ask its owner"
                " or the performance team",
            )  # fmt: skip


@transaction.atomic
def return_write(
    *,
    rows: list[imports.ReturnRow],
    publish: bool,
    job: ImportJob | None,
    validated: imports.Validated,
) -> dict[str, int]:
    """Write a return's figures for the home authority as submitted (or
    published). A published figure is never changed silently: changing one
    needs --publish (the performance team), else the row is an error."""
    area = home_area()
    periods = periods_ensure(r.period for r in rows)
    # Lock the periods, as the entry page does, so that a return and a form
    # (or two returns) writing the same quarter's figures take turns rather
    # than both inserting them.
    list(
        Period.objects.select_for_update()
        .filter(pk__in=[p.pk for p in periods.values()])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    status = Observation.Status.PUBLISHED if publish else Observation.Status.SUBMITTED
    uploader = job.created_by if job is not None else None
    now = timezone.now()
    written: list[tuple[imports.ReturnRow, Observation]] = []
    existing = {
        (o.indicator_id, o.period_id): o
        for o in Observation.all_objects.select_for_update().filter(
            area=area,
            indicator_id__in={r.indicator.id for r in rows},
            period_id__in={p.pk for p in periods.values()},
        )
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0, "targets changed": 0}
    to_create: list[Observation] = []
    to_update: list[Observation] = []
    for row in rows:
        period = periods[row.period.key]
        fields = {
            "value": row.value,
            "suppression": row.symbol,
            "numerator": row.numerator,
            "denominator": row.denominator,
            "commentary": row.commentary,
        }
        current = existing.get((row.indicator.id, period.pk))
        if current is None:
            figure = Observation(
                indicator_id=row.indicator.id,
                area=area,
                period=period,
                status=status,
                source=Observation.Source.RETURN,
                is_percent=row.indicator.unit == "percent",
                import_job=job,
                **fields,
            )  # fmt: skip
            _stamp(figure, uploader, now, publish=publish)
            to_create.append(figure)
            written.append((row, figure))
            continue
        same = all(same_value(getattr(current, k), v) for k, v in fields.items())
        if same and (
            current.status == status or current.status == Observation.Status.PUBLISHED
        ):
            counts["unchanged"] += 1
            continue
        if current.status == Observation.Status.PUBLISHED and not publish and not same:
            validated.error(
                row.row, "value", row.value,
                f"{row.indicator.code} for {row.period.label} is already published with a different figure;"
                " a published figure is revised by the performance team (import with --publish)",
            )  # fmt: skip
            continue
        for key, value in fields.items():
            setattr(current, key, value)
        current.status = (
            status if current.status != Observation.Status.PUBLISHED else current.status
        )
        if publish:
            current.status = Observation.Status.PUBLISHED
        current.source = Observation.Source.RETURN
        current.import_job = job
        current.period = period  # the object in hand: rating it reads no more
        _stamp(current, uploader, now, publish=publish)
        to_update.append(current)
        written.append((row, current))
    targets = _return_targets(rows, periods, job, validated)
    _refuse_unexplained_reds(written, validated)
    if validated.errors:
        transaction.set_rollback(True)
        return {}
    bulk_create_with_history(to_create, Observation, **audit_defaults(job))
    bulk_update_with_history(
        to_update,
        Observation,
        manager=Observation.all_objects,
        **audit_defaults(job),
        fields=[
            "value",
            "suppression",
            "numerator",
            "denominator",
            "commentary",
            "status",
            "source",
            "import_job",
            "submitted_by",
            "submitted_at",
            "published_by",
            "published_at",
            "rejection_reason",
        ],
    )
    counts["created"], counts["updated"] = len(to_create), len(to_update)
    counts["targets changed"] = targets.changed if targets else 0
    recompute(indicator_ids={r.indicator.id for r in rows})
    return counts


def _return_targets(
    rows: list[imports.ReturnRow],
    periods: dict[Any, Period],
    job: ImportJob | None,
    validated: imports.Validated,
) -> TargetsResult | None:
    """A return's target column, through the one target service: set as its
    uploader's right allows (a command-line import without --user is an
    administrator's); a target its uploader may not set is a row error."""
    try:
        return targets_set(
            changes=[
                TargetChange(
                    row.indicator.id, periods[row.period.key], row.target, row=row.row
                )
                for row in rows
                if row.target is not None
            ],
            user=job.created_by if job is not None else None,
            job=job,
            rerate=False,  # return_write recomputes these indicators anyway
        )
    except TargetsRefused as refused:
        for item in refused.refused:
            validated.error(
                item.change.row or 0, "target", _plain(item.change.value), item.reason
            )
        return None


def _stamp(figure: Observation, uploader: Any, now: Any, *, publish: bool) -> None:
    """Who submitted a return's figure, and when: the job's uploader (none
    from the command line without --user); and who published it, with
    --publish. A figure sent back and now sent again is no longer sent back."""
    if figure.status == Observation.Status.SUBMITTED or publish:
        figure.submitted_by, figure.submitted_at = uploader, now
        figure.rejection_reason = ""
    if publish:
        figure.published_by, figure.published_at = uploader, now


def _refuse_unexplained_reds(
    written: list[tuple[imports.ReturnRow, Observation]],
    validated: imports.Validated,
) -> None:
    """A return's figures arrive submitted (or published): the submission
    rules of the entry page hold for them too, so a figure that would rate
    red needs commentary. Rated by the same code as recompute, against the
    file's target where the row gives one."""
    from indicators import figure_rules
    from indicators.services.figures import rate_each

    unexplained = [
        (row, figure) for row, figure in written if not figure.commentary.strip()
    ]
    if not unexplained:
        return
    rated = rate_each(
        [figure for _, figure in unexplained],
        targets=[row.target for row, _ in unexplained],
    )
    for (row, figure), rating_fields in zip(unexplained, rated, strict=True):
        problems = figure_rules.submission_problems(
            value=figure.value,
            symbol=figure.suppression,
            rag=rating_fields.get("rag", "n/a"),
            commentary=figure.commentary,
        )
        for column, reasons in problems.items():
            for reason in reasons:
                validated.error(row.row, column, "", reason)


# --- Benchmarks ------------------------------------------------------------------------------


def _run_benchmarks(
    job: ImportJob, progress: Callable[[int], None]
) -> tuple[imports.Validated, dict[str, int]]:
    options = imports.benchmark_options(job.options)  # the shape every path stores
    try:
        indicator = Indicator.objects.get(code=options["indicator"])
    except Indicator.DoesNotExist:
        raise imports.FileRejected(
            f"unknown indicator code '{options['indicator']}'",
            column="--indicator",
        ) from None
    validated = imports.validate_benchmarks(
        _path(job),
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
    set-based upsert that also writes their history (`_figures_upsert_sql`);
    elsewhere (the SQLite demo) the ORM does the same (`_figures_upsert_orm`).
    `set_based` chooses one explicitly, so that tests can compare the two."""
    areas = _areas_upsert(rows)
    periods = periods_ensure(r.period for r in rows)
    figures = _benchmark_figures(indicator, rows, areas, periods, validated)
    counts = {"kept_from_return": len(rows) - len(figures)}
    if set_based is None:
        set_based = connection.vendor == "postgresql"
    upsert = _figures_upsert_sql if set_based else _figures_upsert_orm
    counts["created"], counts["updated"] = upsert(indicator, figures, job)
    counts["unchanged"] = len(figures) - counts["created"] - counts["updated"]
    recompute(indicator_ids=[indicator.pk])
    return counts


# (area_id, period_id, value, suppression, numerator, denominator)
Figure = tuple[int, int, Decimal | None, str, Decimal | None, Decimal | None]
FIGURE_FIELDS = ["value", "suppression", "numerator", "denominator"]


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
                    f"{area.name} {row.period.label}: kept the return's figure {_plain(current)}; the benchmark file says {_plain(row.value) or row.symbol}"
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


def _plain(value: Decimal | None) -> str:
    """A figure as people write it: 40, not 4E+1 or 40.000000."""
    return "" if value is None else format(value.normalize(), "f")


def _copy_text(value: Any) -> str:
    """One field of COPY's text format (figures and symbols need no escaping:
    symbols are checked against DfE's list, numbers are decimals)."""
    if value is None:
        return "\\N"
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _figures_upsert_sql(
    indicator: Indicator, figures: list[Figure], job: ImportJob | None
) -> tuple[int, int]:
    """The same as `_figures_upsert_orm` in three statements: COPY the
    figures into a temporary table, then one INSERT ... ON CONFLICT DO UPDATE
    that changes only figures that differ, and writes a history row (as
    django-simple-history would) for each one it changed."""
    if not figures:
        return 0, 0
    table = connection.ops.quote_name(Observation._meta.db_table)
    history = Observation.history.model._meta
    stage = f"benchmark_stage_{uuid.uuid4().hex[:12]}"
    # Every other column takes the value a new benchmark figure would get.
    template = Observation(
        indicator=indicator,
        status=Observation.Status.PUBLISHED,
        source=Observation.Source.BENCHMARK,
        is_percent=indicator.is_percent,
        import_job=job,
    )
    staged = {"area_id", "period_id", *FIGURE_FIELDS}
    columns, selects, params = [], [], []
    for field in Observation._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in staged:
            selects.append(f"s.{field.attname}")
            continue
        value = (
            field.pre_save(template, add=True)
            if getattr(field, "auto_now", False)
            else getattr(template, field.attname)
        )
        selects.append("%s")
        params.append(field.get_db_prep_save(value, connection))
    changed = [*FIGURE_FIELDS, "status", "import_job_id", "updated_at"]
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in changed)
    differs = " OR ".join(
        f"o.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in [*FIGURE_FIELDS, "status"]
    )
    audit = audit_defaults(job)
    user = audit["default_user"]
    history_columns, history_selects, history_params = [], [], []
    for field in history.concrete_fields:
        if field.attname == "history_id":
            continue
        history_columns.append(connection.ops.quote_name(field.column))
        if field.attname in {
            "history_date",
            "history_type",
            "history_user_id",
            "history_change_reason",
        }:
            history_selects.append("%s")
            history_params.append(
                {
                    "history_date": timezone.now(),
                    "history_type": "~",
                    "history_user_id": user.pk if user else None,
                    "history_change_reason": audit["default_change_reason"],
                }[field.attname]
            )
        else:
            history_selects.append(f"u.{connection.ops.quote_name(field.column)}")
    buffer = io.StringIO()
    for figure in figures:
        buffer.write("\t".join(_copy_text(v) for v in figure))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {stage} (area_id bigint, period_id bigint, "
            "value numeric, suppression varchar(4), numerator numeric, "
            "denominator numeric)"
        )
        cursor.copy_expert(
            f"COPY {stage} (area_id, period_id, value, suppression, numerator, "
            "denominator) FROM STDIN",
            buffer,
        )
        # Identifiers come from the models' metadata; every value is a parameter.
        cursor.execute(
            # One line first, so that pg_stat_activity's view of the statement
            # names the table (the fault tests watch for it).
            f"""WITH upserted AS (INSERT INTO {table} AS o ({", ".join(columns)})
                SELECT {", ".join(selects)} FROM {stage} s
                ON CONFLICT (indicator_id, area_id, period_id) DO UPDATE SET {sets}
                WHERE {differs}
                RETURNING o.*, (o.xmax = 0) AS inserted
            ), audited AS (
                INSERT INTO {history.db_table} ({", ".join(history_columns)})
                SELECT {", ".join(history_selects)} FROM upserted u
                WHERE NOT u.inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
            FROM upserted
            """,  # noqa: S608
            [*params, *history_params],
        )
        created, updated = cursor.fetchone()
        cursor.execute(f"DROP TABLE {stage}")
    return created, updated


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


RUNNERS: dict[str, Runner] = {
    ImportJob.Kind.INDICATORS: _run_indicators,
    ImportJob.Kind.NEIGHBOURS: _run_neighbours,
    ImportJob.Kind.RETURNS: _run_returns,
    ImportJob.Kind.BENCHMARKS: _run_benchmarks,
}
