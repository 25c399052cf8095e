"""A quarterly return's import: read and checked (`returns.imports`), then
its figures written for the home authority as submitted (or published), its
targets through the one target service, all in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators import figure_rules, imports
from indicators.formatting import plain
from indicators.models import Area, ImportJob, Indicator, Observation, Period
from indicators.permissions import can_enter
from indicators.selectors.previews import rate_each
from indicators.services.common import (
    audit_defaults,
    home_area,
    periods_ensure,
    same_value,
)
from indicators.services.jobs import job_path
from indicators.services.ratings import recompute
from returns.imports import IndicatorInfo, ReturnRow, validate_return
from returns.services.periods import entry_window
from returns.services.targets import (
    TargetChange,
    TargetsRefused,
    TargetsResult,
    targets_set,
)


def _indicator_infos() -> dict[str, IndicatorInfo]:
    """Every indicator as validation needs it, by code (and by its lower case:
    a return's code is matched either way). Queries: one."""
    infos = {}
    for pk, code, unit, year_type, decimals, name in Indicator.objects.values_list(
        "pk", "code", "unit", "year_type", "decimals", "name"
    ):
        info = IndicatorInfo(pk, code, unit, year_type, decimals, name)
        infos[code] = info
        infos.setdefault(code.lower(), info)
    return infos


def return_import(
    job: ImportJob, progress: Callable[[int], None]
) -> tuple[imports.Validated, dict[str, int]]:
    """How a quarterly return's import job runs (registered in
    ReturnsConfig.ready): read and checked, each figure entered as its
    uploader may, then written, or its errors returned."""
    # The periods open to whoever imports it: an officer's upload as on the
    # entry page; the performance team's, or one from the command line, may
    # also carry a late figure for a closed period. None may be in the future.
    validated = validate_return(
        job_path(job), _indicator_infos(), progress, window=entry_window(job.created_by)
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
    rows: list[ReturnRow],
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
    plan = _ReturnPlan(
        area=area, job=job, publish=publish, now=timezone.now(),
        # The demo's made-up return (returns.demo) says so.
        illustrative=bool(job and job.options.get("illustrative")),
    )  # fmt: skip
    existing = {
        (o.indicator_id, o.period_id): o
        for o in Observation.all_objects.select_for_update().filter(
            area=area,
            indicator_id__in={r.indicator.id for r in rows},
            period_id__in={p.pk for p in periods.values()},
        )
    }
    for row in rows:
        period = periods[row.period.key]
        plan.add(row, period, existing.get((row.indicator.id, period.pk)), validated)
    targets = _return_targets(rows, periods, job, validated)
    _refuse_unexplained_reds(plan.written, validated)
    if validated.errors:
        transaction.set_rollback(True)
        return {}
    plan.save()
    recompute(indicator_ids={r.indicator.id for r in rows})
    return {
        "created": len(plan.to_create),
        "updated": len(plan.to_update),
        "unchanged": plan.unchanged,
        "targets changed": targets.changed if targets else 0,
    }


# The fields of a figure a return's import writes (with its history).
WRITTEN_FIELDS = [
    "value", "suppression", "numerator", "denominator", "commentary", "status",
    "source", "import_job", "submitted_by", "submitted_at", "published_by",
    "published_at", "rejection_reason", "illustrative", "provisional",
    "definition_changed",
]  # fmt: skip


@dataclass
class _ReturnPlan:
    """What a return's rows will write: the figures to create and to
    change, each with its row (`written`), and how many are as given."""

    area: Area
    job: ImportJob | None
    publish: bool
    now: Any
    illustrative: bool = False
    to_create: list[Observation] = field(default_factory=list)
    to_update: list[Observation] = field(default_factory=list)
    written: list[tuple[ReturnRow, Observation]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def status(self) -> str:
        published = Observation.Status.PUBLISHED
        return published if self.publish else Observation.Status.SUBMITTED

    @property
    def uploader(self) -> Any:
        return self.job.created_by if self.job is not None else None

    def add(
        self,
        row: ReturnRow,
        period: Period,
        current: Observation | None,
        validated: imports.Validated,
    ) -> None:
        """Plan one row: a new figure, a change to the stored one, nothing
        (as stored), or an error (a published figure changed without
        --publish)."""
        fields = {
            "value": row.value,
            "suppression": row.symbol,
            "numerator": row.numerator,
            "denominator": row.denominator,
            "commentary": row.commentary,
            "illustrative": self.illustrative,
            "provisional": row.provisional,
            "definition_changed": row.definition_changed,
        }
        if current is None:
            figure = Observation(
                indicator_id=row.indicator.id, area=self.area, period=period,
                status=self.status, source=Observation.Source.RETURN,
                is_percent=row.indicator.unit == "percent", import_job=self.job,
                **fields,
            )  # fmt: skip
            _stamp(figure, self.uploader, self.now, publish=self.publish)
            self.to_create.append(figure)
            self.written.append((row, figure))
            return
        published = current.status == Observation.Status.PUBLISHED
        # Whether the figure is illustrative says where it came from, not what
        # it is: restating a figure as it stands changes nothing.
        same = all(
            same_value(getattr(current, k), v)
            for k, v in fields.items()
            if k != "illustrative"
        )
        if same and (current.status == self.status or published):
            self.unchanged += 1
            return
        if published and not self.publish and not same:
            validated.error(
                row.row, "value", row.value,
                f"{row.indicator.code} for {row.period.label} is already published with a different figure;"
                " a published figure is revised by the performance team (import with --publish)",
            )  # fmt: skip
            return
        self.change(current, fields, period)
        self.written.append((row, current))

    def change(
        self, current: Observation, fields: dict[str, Any], period: Period
    ) -> None:
        """Give a stored figure the row's fields and the return's status (a
        published one stays published)."""
        for key, value in fields.items():
            setattr(current, key, value)
        if current.status != Observation.Status.PUBLISHED:
            current.status = self.status
        if self.publish:
            current.status = Observation.Status.PUBLISHED
        current.source = Observation.Source.RETURN
        current.import_job = self.job
        current.period = period  # the object in hand: rating it reads no more
        _stamp(current, self.uploader, self.now, publish=self.publish)
        self.to_update.append(current)

    def save(self) -> None:
        """Write the planned figures, each change with its history."""
        audit = audit_defaults(self.job)
        bulk_create_with_history(self.to_create, Observation, **audit)
        bulk_update_with_history(
            self.to_update,
            Observation,
            manager=Observation.all_objects,
            **audit,
            fields=WRITTEN_FIELDS,
        )


def _return_targets(
    rows: list[ReturnRow],
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
                item.change.row or 0, "target", plain(item.change.value), item.reason
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
    written: list[tuple[ReturnRow, Observation]],
    validated: imports.Validated,
) -> None:
    """A return's figures arrive submitted (or published): the submission
    rules of the entry page hold for them too, so a figure that would rate
    red needs commentary. Rated by the same code as recompute, against the
    file's target where the row gives one."""
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
