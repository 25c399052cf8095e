"""The set-based write of benchmark figures on PostgreSQL: COPY into a
temporary table, then one INSERT ... ON CONFLICT DO UPDATE that changes only
figures that differ and writes their history as django-simple-history would
(bench/README.md)."""

from __future__ import annotations

import io
import uuid
from decimal import Decimal
from typing import Any, cast

from django.db import connection
from django.utils import timezone

from indicators.models import (
    ImportJob,
    Indicator,
    Observation,
)
from indicators.services.common import (
    audit_defaults,
)

# (area_id, period_id, value, suppression, numerator, denominator)
Figure = tuple[int, int, Decimal | None, str, Decimal | None, Decimal | None]
FIGURE_FIELDS = ["value", "suppression", "numerator", "denominator"]


def _copy_text(value: Any) -> str:
    """One field of COPY's text format (figures and symbols need no escaping:
    symbols are checked against DfE's list, numbers are decimals)."""
    if value is None:
        return "\\N"
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def figures_upsert_sql(
    indicator: Indicator, figures: list[Figure], job: ImportJob | None
) -> tuple[int, int]:
    """The same as `_figures_upsert_orm` in three statements: COPY the
    figures into a temporary table, then one INSERT ... ON CONFLICT DO UPDATE
    that changes only figures that differ, and writes a history row (as
    django-simple-history would) for each one it changed."""
    if not figures:
        return 0, 0
    table = connection.ops.quote_name(Observation._meta.db_table)
    history_table = Observation.history.model._meta.db_table
    stage = f"benchmark_stage_{uuid.uuid4().hex[:12]}"
    columns, selects, params = _insert_parts(indicator, job)
    history_columns, history_selects, history_params = _history_parts(job)
    changed = [*FIGURE_FIELDS, "status", "import_job_id", "updated_at"]
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in changed)
    differs = " OR ".join(
        f"o.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in [*FIGURE_FIELDS, "status"]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {stage} (area_id bigint, period_id bigint, "
            "value numeric, suppression varchar(4), numerator numeric, "
            "denominator numeric)"
        )
        cursor.copy_expert(
            f"COPY {stage} (area_id, period_id, value, suppression, numerator, "
            "denominator) FROM STDIN",
            _copy_buffer(figures),
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
                INSERT INTO {history_table} ({", ".join(history_columns)})
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


def _insert_parts(
    indicator: Indicator, job: ImportJob | None
) -> tuple[list[str], list[str], list[Any]]:
    """The columns of a figure's row, what each is selected as (a staged
    figure's own, or a parameter), and the parameters: every column not
    staged takes the value a new benchmark figure would get."""
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
        # A concrete field always has a column (None is for the other kinds).
        columns.append(connection.ops.quote_name(cast(str, field.column)))
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
    return columns, selects, params


def _history_parts(job: ImportJob | None) -> tuple[list[str], list[str], list[Any]]:
    """The history table's columns, what each is selected as (the changed
    row's own, or a parameter: when, what, who and why), and the
    parameters."""
    audit = audit_defaults(job)
    user = audit["default_user"]
    stamp = {
        "history_date": timezone.now(),
        "history_type": "~",
        "history_user_id": user.pk if user else None,
        "history_change_reason": audit["default_change_reason"],
    }
    columns, selects, params = [], [], []
    for field in Observation.history.model._meta.concrete_fields:
        if field.attname == "history_id":
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in stamp:
            selects.append("%s")
            params.append(stamp[field.attname])
        else:
            selects.append(f"u.{connection.ops.quote_name(field.column)}")
    return columns, selects, params


def _copy_buffer(figures: list[Figure]) -> io.StringIO:
    """The figures in COPY's text format, ready to read."""
    buffer = io.StringIO()
    for figure in figures:
        buffer.write("\t".join(_copy_text(v) for v in figure))
        buffer.write("\n")
    buffer.seek(0)
    return buffer
