"""The reads behind the officers' and the performance team's pages: the
targets in force, the figures sent back, and the publishing queue with its
checks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max, Min

from indicators import formatting, rating
from indicators.models import (
    Area,
    Indicator,
    Observation,
    Period,
    Target,
)
from indicators.selectors.dashboard import home_area_or_none
from indicators.selectors.facts import facts_for


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
        indicator_facts = facts[obs.indicator_id]
        spec = obs.period.as_rule()
        rated = indicator_facts.rate(
            period=obs.period,
            value=obs.value,
            numerator=obs.numerator,
            denominator=obs.denominator,
        )
        history = [
            h.value
            for h in sorted(indicator_facts.home_obs, key=lambda h: h.period.end)
            if h.period.kind == obs.period.kind and h.period.end < obs.period.end
        ]
        previous = rated["previous_value"]
        groups.setdefault(obs.period, {}).setdefault(
            obs.indicator.theme.name, []
        ).append(
            QueueRow(
                obs=obs,
                rated=rated,
                target=indicator_facts.target_in_force(spec),
                change=obs.value - previous
                if obs.value is not None and previous is not None
                else None,
                checks=publish_checks(
                    obs, rated, history, ranges.get(obs.indicator_id, (None, None))
                ),
            )
        )
    return groups
