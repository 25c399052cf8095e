"""The facts the rating rules read, and the rules applied to them.

`IndicatorFacts` gathers, in a fixed number of queries, everything the rules
need for one indicator (every authority's published values, England and the
regions, the home authority's figures, targets, manual ratings). `rate()`
turns one figure into its rating fields; `recompute` (indicators.services)
stores them for every published home figure, and the previews
(`selectors.previews`) rate a figure not yet published. Both therefore give
the same answer by construction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings

from indicators import rating
from indicators.models import (
    Area,
    Indicator,
    Observation,
    Period,
    PeriodStatistics,
    Rating,
    Target,
)


@dataclass
class HomeContext:
    """The home authority, its neighbours, England, which areas are local
    authorities, and the periods met so far: looked up once per recompute."""

    home: Area | None
    neighbours: list[int]
    national: int | None
    authorities: frozenset[int] = frozenset()
    periods: dict[int, Period] = field(default_factory=dict)

    @classmethod
    def load(cls) -> HomeContext:
        home = (
            Area.objects.filter(code=settings.SCRUTINEER_HOME_AREA)
            .select_related("region")
            .first()
        )
        neighbours = (
            list(home.neighbour_links.values_list("neighbour_id", flat=True))
            if home
            else []
        )
        national = (
            Area.objects.filter(level=Area.Level.NATIONAL)
            .values_list("pk", flat=True)
            .first()
        )
        authorities = frozenset(
            Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY).values_list(
                "pk", flat=True
            )
        )
        return cls(home, neighbours, national, authorities)

    def period_objects(self, ids: Iterable[int]) -> dict[int, Period]:
        """The periods with these ids, fetching only those not met before."""
        missing = set(ids) - self.periods.keys()
        if missing:
            self.periods.update(Period.objects.in_bulk(missing))
        return self.periods


FACT_FIELDS = (
    "pk", "value", "numerator", "denominator", "suppression", "area_id", "period_id",
)  # fmt: skip


class Fact:
    """One stored figure, as the rules read it: lighter than a model object,
    of which a recompute at national scale would build millions."""

    __slots__ = (
        "pk", "value", "numerator", "denominator", "suppression", "area_id",
        "period_id", "period",
    )  # fmt: skip

    def __init__(
        self,
        pk: int,
        value: Decimal | None,
        numerator: Decimal | None,
        denominator: Decimal | None,
        suppression: str,
        area_id: int,
        period_id: int,
    ) -> None:
        self.pk, self.value, self.suppression = pk, value, suppression
        self.numerator, self.denominator = numerator, denominator
        self.area_id, self.period_id = area_id, period_id
        self.period: Period


class IndicatorFacts:
    """Every published fact about one indicator that the rules need."""

    def __init__(
        self,
        indicator: Indicator,
        context: HomeContext,
        *,
        rows: list[tuple[Any, ...]] | None = None,
        targets: dict[int, Decimal] | None = None,
        manual: dict[int, str] | None = None,
    ) -> None:
        """Facts for one indicator. `recompute` passes what it fetched for a
        batch of indicators at once; alone (the officers' preview), the facts
        fetch their own, in three queries."""
        self.indicator = indicator
        self.context = context
        self.polarity = rating.Polarity(indicator.polarity)
        if rows is None:
            rows = list(
                Observation.objects.filter(indicator=indicator).values_list(
                    *FACT_FIELDS
                )
            )
        self._index([Fact(*row) for row in rows])
        home = context.home
        self.home_obs = [o for o in self.observations if home and o.area_id == home.pk]
        self.home_by_key = {o.period.as_rule().key: o for o in self.home_obs}
        if targets is None:
            targets = dict(
                Target.objects.filter(indicator=indicator).values_list(
                    "period_id", "value"
                )
            )
        self.targets = targets
        # A target holds until replaced (`rating.target_in_force`): the rule
        # reads every target with its period.
        target_periods = context.period_objects(targets)
        self.target_list = [
            (target_periods[period_id].as_rule(), value)
            for period_id, value in targets.items()
        ]
        if manual is None:
            manual = (
                dict(
                    Rating.objects.filter(
                        observation__indicator=indicator, observation__area=home
                    ).values_list("observation_id", "manual_rag")
                )
                if home
                else {}
            )
        self.manual = manual

    def _index(self, observations: list[Fact]) -> None:
        """Index the figures by area and period, each authority's by period,
        and work out the national cut-points of each period with national
        data (the candidates a home figure is compared with)."""
        context = self.context
        periods = context.period_objects({o.period_id for o in observations})
        self.observations = observations
        self.by_period_la: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
        self.by_area_period: dict[tuple[int, int], Fact] = {}
        self.periods: dict[int, Period] = {}
        authorities = context.authorities
        for o in observations:
            o.period = self.periods[o.period_id] = periods[o.period_id]
            self.by_area_period[(o.area_id, o.period_id)] = o
            if o.area_id in authorities:
                # `low` counts as 0 in ranks and cut-points, as LAIT ranks it.
                self.by_period_la[o.period_id][o.area_id] = rating.ranked_value(
                    o.value, o.suppression
                )
        home_pk = context.home.pk if context.home else None
        # National data: periods in which some other authority has a value.
        # The home authority's own quarterly figures are not national data.
        national_periods = {
            p: values
            for p, values in self.by_period_la.items()
            if any(v is not None for a, v in values.items() if a != home_pk)
        }
        self.cuts = {
            period_id: rating.cut_points(values.values())
            for period_id, values in national_periods.items()
        }
        self.comparison_candidates = {
            self.periods[p].as_rule(): self.periods[p] for p in national_periods
        }

    def target_in_force(self, period: rating.Period) -> rating.TargetInForce | None:
        """The target that applies to a period: its own, its year's, or the
        latest one set before it."""
        return rating.target_in_force(period, self.target_list)

    def target_for(self, period: rating.Period) -> Decimal | None:
        found = self.target_in_force(period)
        return found.value if found else None

    def _value(self, area_id: int, period_id: int) -> Decimal | None:
        fact = self.by_area_period.get((area_id, period_id))
        return fact.value if fact else None

    def england(self, period_id: int) -> Fact | None:
        national = self.context.national
        return self.by_area_period.get((national, period_id)) if national else None

    def statistics_rows(self) -> list[PeriodStatistics]:
        rows = []
        for period_id, cuts in self.cuts.items():
            england = self.england(period_id)
            rows.append(
                PeriodStatistics(
                    indicator=self.indicator,
                    period_id=period_id,
                    count=cuts.count if cuts else 0,
                    q25=cuts.q25 if cuts else None,
                    q50=cuts.q50 if cuts else None,
                    q75=cuts.q75 if cuts else None,
                    england_value=england.value if england else None,
                    england_suppression=england.suppression if england else "",
                )
            )
        return rows

    def rate(
        self,
        *,
        period: Period,
        value: Decimal | None,
        numerator: Decimal | None = None,
        denominator: Decimal | None = None,
        observation_id: int | None = None,
        target: Decimal | None = None,
    ) -> dict[str, Any]:
        """The rating fields for one home figure, stored or hypothetical."""
        indicator = self.indicator
        spec = period.as_rule()
        previous = self.home_by_key.get(rating.previous_period(spec).key)
        if target is None:
            target = self.target_for(spec)
        compare_spec = rating.comparison_period(spec.end, self.comparison_candidates)
        compare = self.comparison_candidates[compare_spec] if compare_spec else None
        national = self.national(value, compare)
        manual = self.manual.get(observation_id) if observation_id else None
        return {
            "previous_value": previous.value if previous else None,
            "previous_numerator": previous.numerator if previous else None,
            "previous_period": previous.period if previous else None,
            "direction": rating.direction(
                value,
                previous.value if previous else None,
                self.polarity,
                indicator.significance_threshold,
            ).value,
            "target": target,
            "rag": rating.rag(
                method=indicator.rag_method,
                polarity=self.polarity,
                value=value,
                target=target,
                tolerance=indicator.tolerance,
                quartile=national["quartile"],
                manual=manual or None,
            ).value,
            "manual_rag": manual or "",
            "comparison_period": compare,
            **national,
            "small_numbers": rating.is_small_number(
                denominator=denominator,
                numerator=numerator,
                previous_numerator=previous.numerator if previous else None,
            ),
        }

    def national(self, value: Decimal | None, compare: Period | None) -> dict[str, Any]:
        """How a home value compares with every authority in the compared
        period: quartile and rank (for a banded indicator with a polarity),
        the neighbours' mean, England's and the region's figures."""
        found: dict[str, Any] = {
            "quartile": None, "rank": None, "rank_of": None,
            "neighbour_mean": None, "neighbour_count": 0,
            "england_value": None, "regional_value": None,
        }  # fmt: skip
        if compare is None:
            return found
        home = self.context.home
        values = self.by_period_la[compare.pk]
        home_pk = home.pk if home else None
        others = [v for a, v in values.items() if a != home_pk and v is not None]
        if (
            self.indicator.banded
            and value is not None
            and self.polarity is not rating.Polarity.NONE
        ):
            found["quartile"] = rating.quartile(
                value, self.cuts[compare.pk], self.polarity
            )
            found["rank"] = rating.rank(value, others, self.polarity)
            found["rank_of"] = len(others) + 1
        # The mean is of published values: `low` and suppressed figures take
        # no part (their ranked value is for ranks and cut-points only).
        found["neighbour_mean"], found["neighbour_count"] = rating.neighbour_mean(
            self._value(n, compare.pk) for n in self.context.neighbours
        )
        england = self.england(compare.pk)
        found["england_value"] = england.value if england else None
        if home and home.region_id:
            regional = self.by_area_period.get((home.region_id, compare.pk))
            found["regional_value"] = regional.value if regional else None
        return found


RECOMPUTE_BATCH = 50  # indicators per batch: about 80,000 figures at national scale


def facts_for(
    indicators: list[Indicator], context: HomeContext | None = None
) -> list[IndicatorFacts]:
    """Every fact the rules need about these indicators, in a fixed number of
    queries whatever their number: for recompute, and for pages and services
    that rate many figures not yet published (the publishing queue)."""
    return load_facts(indicators, context or HomeContext.load())[0]


def load_facts(
    indicators: list[Indicator], context: HomeContext
) -> tuple[list[IndicatorFacts], set[int]]:
    """The facts, and the figures rated so far (so that recompute can drop
    the ratings of figures no longer published)."""
    ids = [i.pk for i in indicators]
    rows: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for indicator_id, *row in Observation.objects.filter(
        indicator_id__in=ids
    ).values_list("indicator_id", *FACT_FIELDS):
        rows[indicator_id].append(tuple(row))
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for indicator_id, period_id, value in Target.objects.filter(
        indicator_id__in=ids
    ).values_list("indicator_id", "period_id", "value"):
        targets[indicator_id][period_id] = value
    home_pk = context.home.pk if context.home else None
    manual: dict[int, dict[int, str]] = defaultdict(dict)
    rated: set[int] = set()
    for indicator_id, observation_id, area_id, manual_rag in Rating.objects.filter(
        observation__indicator_id__in=ids
    ).values_list(
        "observation__indicator_id", "observation_id", "observation__area_id",
        "manual_rag",
    ):  # fmt: skip
        rated.add(observation_id)
        if area_id == home_pk:
            manual[indicator_id][observation_id] = manual_rag
    # Every period met, in one query, rather than one per indicator.
    context.period_objects(
        {row[FACT_FIELDS.index("period_id")] for r in rows.values() for row in r}
        | {period_id for t in targets.values() for period_id in t}
    )
    facts = [
        IndicatorFacts(
            indicator,
            context,
            rows=rows[indicator.pk],
            targets=targets[indicator.pk],
            manual=manual[indicator.pk],
        )  # fmt: skip
        for indicator in indicators
    ]
    return facts, rated
