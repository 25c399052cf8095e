"""The reads behind the officers' and the performance team's pages: the
targets in force, the figures sent back, and the publishing queue with its
checks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max, Min, Q, QuerySet

from indicators import formatting, rating
from indicators.models import (
    Area,
    ImportJob,
    Indicator,
    Observation,
    Period,
    Rating,
    Target,
)
from indicators.permissions import PUBLISH, has_role
from indicators.selectors.dashboard import home_area, home_area_or_none
from indicators.selectors.facts import IndicatorFacts, facts_for


def targets_in_force(
    indicator_ids: Iterable[int], periods: Iterable[Period]
) -> dict[tuple[int, int], rating.TargetInForce]:
    """For each indicator and period, the target that applies to it (its own,
    its year's, or the latest set before it: `rating.target_in_force`).

    Queries: one, whatever the number of indicators and periods."""
    by_indicator: dict[int, list[tuple[rating.Period, Decimal]]] = defaultdict(list)
    for target in Target.objects.filter(
        indicator_id__in=list(indicator_ids)
    ).select_related("period"):
        by_indicator[target.indicator_id].append(
            (target.period.as_rule(), target.value)
        )
    found = {}
    for period in periods:
        spec = period.as_rule()
        for indicator_id, targets in by_indicator.items():
            in_force = rating.target_in_force(spec, targets)
            if in_force is not None:
                found[(indicator_id, period.pk)] = in_force
    return found


def quarter_targets(
    targets: Iterable[Target], quarters: Iterable[rating.Period]
) -> list[tuple[rating.Period, rating.TargetInForce | None]]:
    """The target each of these periods takes from an indicator's targets
    (read with their periods: select_related("period")). No queries."""
    set_targets = [(t.period.as_rule(), t.value) for t in targets]
    return [(q, rating.target_in_force(q, set_targets)) for q in quarters]


# --- Figures sent back ---------------------------------------------------------------


def sent_back(
    indicators: Iterable[Indicator], periods: Iterable[Period]
) -> dict[int, list[Observation]]:
    """Per period id, the home figures of these indicators that the
    performance team sent back and their officer has not yet resubmitted
    (each with its reason and indicator).

    Queries: one."""
    found: dict[int, list[Observation]] = defaultdict(list)
    for row in (
        Observation.all_objects.filter(
            area=home_area_or_none(),
            period__in=list(periods),
            indicator__in=list(indicators),
            status=Observation.Status.DRAFT,
        )
        .exclude(rejection_reason="")
        .select_related("indicator")
        .order_by("indicator__name")
    ):
        found[row.period_id].append(row)
    return found


# --- Publishing queue ----------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One check on a figure before it is published: which rule, in words."""

    rule: str
    text: str


@dataclass
class QueueRow:
    """A submitted figure with what the performance team weighs before
    publishing it."""

    obs: Observation
    rated: dict[str, Any]  # the rating it would get if published now
    target: rating.TargetInForce | None
    change: Decimal | None
    checks: list[Check]

    @property
    def held_back(self) -> bool:
        """Publishing would hold it back: a red without commentary."""
        return any(c.rule == "commentary" for c in self.checks)

    @property
    def target_is_own(self) -> bool:
        return self.target is not None and self.target.is_own(self.obs.period.as_rule())


def publish_checks(
    obs: Observation,
    rated: dict[str, Any],
    history: list[Decimal | None],
    national: tuple[Decimal | None, Decimal | None],
) -> list[Check]:
    """The checks on one submitted figure, each saying which rule fired: a red
    without commentary; small numbers (a small base, or a count that moved by
    two or fewer); a change over three times the usual; a value outside every
    national figure so far. `history`: earlier published figures of the same
    kind of period, oldest first."""
    indicator = obs.indicator
    checks = []
    if rating.needs_commentary(rag=rated["rag"], commentary=obs.commentary):
        checks.append(
            Check(
                "commentary",
                "Rates red and has no commentary: it will not be published. "
                "Send it back for the officer to explain it.",
            )
        )
    previous_count = rated["previous_numerator"]
    for rule in rating.small_number_rules(
        denominator=obs.denominator,
        numerator=obs.numerator,
        previous_numerator=previous_count,
    ):
        if rule is rating.SmallNumberRule.SMALL_BASE:
            text = (
                f"Small number: based on {formatting.plain(obs.denominator)}"
                f" (fewer than {rating.SMALL_DENOMINATOR})"
            )
        else:
            moved = abs(obs.numerator - previous_count)
            text = (
                f"Small number: the count changed by {formatting.plain(moved)}"
                f" ({formatting.plain(previous_count)} to {formatting.plain(obs.numerator)}),"
                f" {rating.SMALL_NUMERATOR_CHANGE} or fewer"
            )
        checks.append(Check(rule.value, text))
    unusual = rating.unusual_change(obs.value, history)
    if unusual is not None:
        change, usual = unusual
        checks.append(
            Check(
                "unusual change",
                f"Changed by {formatting.format_change(change, indicator.unit, indicator.decimals)},"
                " more than three times the usual change"
                f" ({formatting.format_change(usual, indicator.unit, indicator.decimals)})",
            )
        )
    low, high = national
    if rating.outside_range(obs.value, low, high):
        checks.append(
            Check(
                "outside national range",
                f"Outside every national figure so far ({formatting.plain(low)} to {formatting.plain(high)})",
            )
        )
    return checks


def publish_queue(home: Area | None) -> dict[Period, dict[str, list[QueueRow]]]:
    """Submitted home figures by period (newest first) and theme, each with
    the rating it would get (RAG, target in force), its change from the
    previous period and its checks.

    Queries: a fixed number, whatever the number of figures: the figures;
    the rules' facts for their indicators (`facts_for`); the national range
    of each indicator."""
    if home is None:
        return {}
    submitted = list(
        Observation.all_objects.filter(area=home, status=Observation.Status.SUBMITTED)
        .select_related("indicator__theme", "period", "submitted_by")
        .order_by("-period__end", "indicator__theme__name", "indicator__name")
    )
    if not submitted:
        return {}
    indicators = {o.indicator_id: o.indicator for o in submitted}
    facts = {f.indicator.pk: f for f in facts_for(list(indicators.values()))}
    ranges = {
        row["indicator_id"]: (row["low"], row["high"])
        for row in Observation.objects.filter(
            indicator_id__in=list(indicators), source=Observation.Source.BENCHMARK
        )
        .values("indicator_id")
        .annotate(low=Min("value"), high=Max("value"))
        .order_by()
    }
    groups: dict[Period, dict[str, list[QueueRow]]] = {}
    for obs in submitted:
        row = _queue_row(
            obs, facts[obs.indicator_id], ranges.get(obs.indicator_id, (None, None))
        )
        groups.setdefault(obs.period, {}).setdefault(
            obs.indicator.theme.name, []
        ).append(row)
    return groups


def _queue_row(
    obs: Observation,
    facts: IndicatorFacts,
    national: tuple[Decimal | None, Decimal | None],
) -> QueueRow:
    """One submitted figure with its rating, change and checks. No queries."""
    rated = facts.rate(
        period=obs.period,
        value=obs.value,
        numerator=obs.numerator,
        denominator=obs.denominator,
    )
    history = [
        h.value
        for h in sorted(facts.home_obs, key=lambda h: h.period.end)
        if h.period.kind == obs.period.kind and h.period.end < obs.period.end
    ]
    previous = rated["previous_value"]
    return QueueRow(
        obs=obs,
        rated=rated,
        target=facts.target_in_force(obs.period.as_rule()),
        change=obs.value - previous
        if obs.value is not None and previous is not None
        else None,
        checks=publish_checks(obs, rated, history, national),
    )


# --- Data entry ------------------------------------------------------------------------


def enterable_indicators(user: Any) -> list[Indicator]:
    """The quarterly indicators this user enters (all of them for the
    performance team), in theme order, each with its team's members (for
    `can_enter`, per row)."""
    query = (
        Indicator.objects.filter(frequency=Indicator.Frequency.QUARTERLY)
        .select_related("theme", "owner", "team")
        .prefetch_related("team__members")
    )
    if not (user.is_superuser or has_role(user, PUBLISH)):
        query = query.filter(Q(owner=user) | Q(team__members=user)).distinct()
    return list(query.order_by("theme__name", "name"))


def entry_counts(
    indicators: list[Indicator], quarters: list[Period]
) -> tuple[dict[int, dict[str, int]], set[tuple[int, int]]]:
    """Per quarter id, how many of these indicators' home figures are in
    each status; and each (quarter id, indicator id) with a figure.

    Queries: two (the home authority, the figures)."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    entered: set[tuple[int, int]] = set()
    rows = (
        Observation.all_objects.filter(
            area__code=home_area().code,
            period__in=quarters,
            indicator__in=indicators,
        )
        .values_list("period_id", "indicator_id", "status")
        .order_by()
    )
    for period_id, indicator_id, status in rows:
        counts[period_id][status] += 1
        entered.add((period_id, indicator_id))
    return counts, entered


@dataclass
class EntryRows:
    """What the entry page shows beside each indicator's boxes, by indicator
    id: this period's figure, the previous period's, the target in force and
    the last published RAG (with its period's label)."""

    current: dict[int, Observation]
    before: dict[int, Observation]
    targets: dict[int, Decimal]
    last_rag: dict[int, Mapping[str, Any]]


def entry_rows(indicators: list[Indicator], period: Period) -> EntryRows:
    """The entry page's figures, targets and last ratings for these
    indicators in `period`: five queries, whatever the count."""
    area = home_area()
    spec = period.as_rule()
    previous = Period.objects.filter(
        kind=spec.kind.value,
        year_type=spec.year_type.value,
        start=rating.previous_period(spec).start,
    ).first()
    wanted = [period] + ([previous] if previous else [])
    rows = EntryRows({}, {}, {}, {})
    for obs in Observation.all_objects.filter(
        area=area, period__in=wanted, indicator__in=indicators
    ):
        (rows.current if obs.period_id == period.pk else rows.before)[
            obs.indicator_id
        ] = obs
    rows.targets = {
        indicator_id: found.value
        for (indicator_id, _), found in targets_in_force(
            [i.pk for i in indicators], [period]
        ).items()
    }
    # The latest per indicator, picked in Python: DISTINCT ON is PostgreSQL's
    # alone and the demo runs on SQLite. One row per home figure: small.
    for r in (
        Rating.objects.filter(
            observation__area=area,
            observation__indicator__in=indicators,
            observation__status=Observation.Status.PUBLISHED,
        )
        .order_by("observation__indicator_id", "-observation__period__end")
        .values("observation__indicator_id", "rag", "observation__period__label")
    ):
        rows.last_rag.setdefault(r["observation__indicator_id"], r)
    return rows


# --- Import jobs ------------------------------------------------------------------------


def visible_jobs(user: Any) -> QuerySet[ImportJob]:
    """The import jobs `user` may see, with who made each: the performance
    team sees every job; an officer sees their own."""
    jobs = ImportJob.objects.select_related("created_by")
    if user.is_superuser or has_role(user, PUBLISH):
        return jobs
    return jobs.filter(created_by=user)


def identical_earlier(job: ImportJob, user: Any) -> ImportJob | None:
    """An earlier successful import of the same file with the same options,
    among the jobs this user may see."""
    if not (job.status == ImportJob.Status.SUCCEEDED and job.sha256):
        return None
    earlier = visible_jobs(user).filter(
        sha256=job.sha256,
        kind=job.kind,
        status=ImportJob.Status.SUCCEEDED,
        created_at__lt=job.created_at,
    )
    return next(
        (
            other
            for other in earlier.order_by("-created_at")[:20]
            if _asked(other) == _asked(job)
        ),
        None,
    )


def _asked(job: ImportJob) -> dict[str, Any]:
    """What the import was asked to do (the worker adds its row count)."""
    return {k: v for k, v in job.options.items() if k != "rows_expected"}
