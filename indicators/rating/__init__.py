"""The rating rules of DESIGN.md, implemented once, as pure functions.

Nothing here touches the database: every function takes plain values (Decimals,
dates, strings) and returns plain values, so the rules can be tested with
tables and reused by imports, the recompute service, previews and reports.

Callers use this package's names (`from indicators import rating`, then
`rating.parse_period`); the modules split them by subject: `enums` (the
words), `periods`, `figures` (values and suppression), `judgements`
(direction of travel, RAG, and comparisons with England and the neighbours),
`counts` (the count and the base behind a rate's change), `national`
(quartiles, ranks, neighbours), `checks` (small numbers, commentary, checks
before publishing) and `targets`.
"""

from __future__ import annotations

from indicators.rating.checks import (
    SMALL_DENOMINATOR,
    SMALL_NUMERATOR_CHANGE,
    UNUSUAL_CHANGE_FACTOR,
    SmallNumberRule,
    is_small_number,
    needs_commentary,
    outside_range,
    small_number_rules,
    unusual_change,
)
from indicators.rating.counts import CountChange, count_change
from indicators.rating.enums import (
    DIRECTION_ORDER,
    NO_QUARTILE_ORDER,
    RAG_ORDER,
    Direction,
    Measured,
    PeriodKind,
    Polarity,
    Rag,
    RagMethod,
    YearType,
)
from indicators.rating.figures import (
    MAX_ABS_VALUE,
    SUPPRESSION_SYMBOLS,
    Figure,
    FigureError,
    parse_figure,
    percentage,
)
from indicators.rating.judgements import (
    Comparison,
    comparison,
    direction,
    rag,
    rag_by_quartile,
    rag_by_target,
)
from indicators.rating.national import (
    CutPoints,
    cut_points,
    neighbour_mean,
    quantile,
    quartile,
    rank,
    ranked_value,
)
from indicators.rating.periods import (
    FIRST_YEAR,
    LAST_YEAR,
    Period,
    PeriodError,
    comparison_period,
    month_period,
    parse_ees_time_period,
    parse_period,
    previous_period,
    quarter_period,
    year_period,
)
from indicators.rating.targets import (
    TargetInForce,
    target_in_force,
)

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "Comparison",
    "CountChange",
    "CutPoints",
    "DIRECTION_ORDER",
    "Direction",
    "Figure",
    "FigureError",
    "MAX_ABS_VALUE",
    "Measured",
    "NO_QUARTILE_ORDER",
    "Period",
    "PeriodError",
    "PeriodKind",
    "Polarity",
    "RAG_ORDER",
    "Rag",
    "RagMethod",
    "SMALL_DENOMINATOR",
    "SMALL_NUMERATOR_CHANGE",
    "SUPPRESSION_SYMBOLS",
    "SmallNumberRule",
    "TargetInForce",
    "UNUSUAL_CHANGE_FACTOR",
    "YearType",
    "comparison",
    "comparison_period",
    "count_change",
    "cut_points",
    "direction",
    "is_small_number",
    "month_period",
    "needs_commentary",
    "neighbour_mean",
    "outside_range",
    "parse_ees_time_period",
    "parse_figure",
    "parse_period",
    "percentage",
    "previous_period",
    "quantile",
    "quarter_period",
    "quartile",
    "rag",
    "rag_by_quartile",
    "rag_by_target",
    "rank",
    "ranked_value",
    "small_number_rules",
    "target_in_force",
    "unusual_change",
    "year_period",
]
