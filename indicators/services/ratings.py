"""Recompute: apply the rating rules to stored data and keep the results
(national statistics per period, and each home figure's rating). The facts
the rules read, and the rules' application to one figure, are in
`indicators.selectors.facts`."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from indicators.models import (
    Indicator,
    PeriodStatistics,
    Rating,
)
from indicators.selectors.facts import (
    RECOMPUTE_BATCH,
    HomeContext,
    load_facts,
)

RATING_FIELDS = [
    "previous_value",
    "previous_numerator",
    "previous_period",
    "direction",
    "target",
    "rag",
    "manual_rag",
    "comparison_period",
    "quartile",
    "rank",
    "rank_of",
    "neighbour_mean",
    "neighbour_count",
    "england_value",
    "regional_value",
    "small_numbers",
    "computed_at",
]


def recompute(*, indicator_ids: Iterable[int] | None = None) -> int:
    """Apply the rating rules to stored data: national cut-points and England
    figures per indicator and period, then the home authority's ratings.
    Returns the number of ratings written. Indicators go in batches, each in
    a fixed number of queries, whatever the number of authorities, periods
    or indicators in the batch."""
    context = HomeContext.load()
    chosen = Indicator.objects.order_by("pk")
    if indicator_ids is not None:
        chosen = chosen.filter(pk__in=list(indicator_ids))
    indicators = list(chosen)
    written = 0
    with transaction.atomic():
        for start in range(0, len(indicators), RECOMPUTE_BATCH):
            written += _recompute_batch(
                indicators[start : start + RECOMPUTE_BATCH], context
            )
        data_changed()
    return written


def _recompute_batch(indicators: list[Indicator], context: HomeContext) -> int:
    ids = [i.pk for i in indicators]
    facts, rated = load_facts(indicators, context)
    # Statistics of periods with no national data any more go.
    keep = {(f.indicator.pk, period_id) for f in facts for period_id in f.cuts}
    stale = [
        pk
        for pk, indicator_id, period_id in PeriodStatistics.objects.filter(
            indicator_id__in=ids
        ).values_list("pk", "indicator_id", "period_id")
        if (indicator_id, period_id) not in keep
    ]
    if stale:
        PeriodStatistics.objects.filter(pk__in=stale).delete()
    PeriodStatistics.objects.bulk_create(
        [row for f in facts for row in f.statistics_rows()],
        update_conflicts=True,
        unique_fields=["indicator", "period"],
        update_fields=["count", "q25", "q50", "q75", "england_value", "england_suppression"],
        batch_size=1000,
    )  # fmt: skip
    ratings = [
        Rating(
            observation_id=o.pk,
            **f.rate(
                period=o.period,
                value=o.value,
                numerator=o.numerator,
                denominator=o.denominator,
                observation_id=o.pk,
            ),
        )
        for f in facts
        for o in f.home_obs
    ]
    # Ratings of figures that are no longer published go.
    gone = rated - {r.observation_id for r in ratings}
    if gone:
        Rating.objects.filter(observation_id__in=gone).delete()
    Rating.objects.bulk_create(
        ratings,
        update_conflicts=True,
        unique_fields=["observation"],
        update_fields=RATING_FIELDS,
        batch_size=1000,
    )
    return len(ratings)


def data_changed() -> None:
    """Move the data version on, now (this transaction's own reads see it) and
    again once the changes are committed (so that no other reader can keep
    rows from before the commit under the new version). The dashboard keeps
    its rows until the version moves (`selectors.kept`)."""
    if connection.vendor != "postgresql":
        return

    def advance() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval('indicators_data_version')")

    advance()
    transaction.on_commit(advance)
