"""What a figure would rate if it were published now: the officers' check
on the entry page, a return's reds, the publishing queue and publishing
itself. The same code as `recompute` (`IndicatorFacts.rate`), so a preview
and the stored rating agree by construction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from indicators.models import Indicator, Observation, Period
from indicators.selectors.facts import (
    RECOMPUTE_BATCH,
    HomeContext,
    IndicatorFacts,
    facts_for,
)


def rate_each(
    observations: list[Observation], targets: list[Decimal | None] | None = None
) -> list[dict[str, Any]]:
    """What each figure, saved or not, would rate if it were published now:
    the same code as recompute, reading each indicator's facts once (in
    batches, as recompute does) however many figures there are. `targets`
    gives a target to rate against in place of the stored one (a return's
    target column). Each observation's `period` must be set."""
    results: list[dict[str, Any]] = [{} for _ in observations]
    ids = sorted({o.indicator_id for o in observations})
    if not ids:
        return results
    context = HomeContext.load()
    for start in range(0, len(ids), RECOMPUTE_BATCH):
        batch = list(
            Indicator.objects.filter(pk__in=ids[start : start + RECOMPUTE_BATCH])
        )
        facts = {f.indicator.pk: f for f in facts_for(batch, context)}
        for n, obs in enumerate(observations):
            if obs.indicator_id in facts:
                results[n] = facts[obs.indicator_id].rate(
                    period=obs.period,
                    value=obs.value,
                    numerator=obs.numerator,
                    denominator=obs.denominator,
                    observation_id=obs.pk,
                    target=targets[n] if targets else None,
                )
    return results


def rate_figures(observations: list[Observation]) -> dict[int, dict[str, Any]]:
    """The rating each figure would get if published now (the same code as
    recompute), for many figures in a fixed number of queries. Reads each
    figure's indicator and period (select_related them)."""
    indicators = {o.indicator_id: o.indicator for o in observations}
    facts = {f.indicator.pk: f for f in facts_for(list(indicators.values()))}
    return {
        o.pk: facts[o.indicator_id].rate(
            period=o.period,
            value=o.value,
            numerator=o.numerator,
            denominator=o.denominator,
        )
        for o in observations
    }


def preview(
    *,
    indicator: Indicator,
    period: Period,
    value: Decimal | None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    facts: IndicatorFacts | None = None,
) -> dict[str, Any]:
    """The rating a figure would get if it were published now (for officers'
    data entry): the same calculation as `recompute`."""
    facts = facts or IndicatorFacts(indicator, HomeContext.load())
    return facts.rate(
        period=period, value=value, numerator=numerator, denominator=denominator
    )
