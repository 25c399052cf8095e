"""The report's wording: pure, deterministic functions from facts to
sentences. Same facts, same text. No ORM here: `Facts` is built from stored
ratings by `reports.selectors`, and every number is formatted by
`indicators.formatting`, as on the dashboard. The overview reuses
`indicators.summary`, the dashboard's own summary.

Callers use this package's names; the modules split them by subject: facts
(the values, their JSON form and fingerprint, what a count counts), phrases
(small shared helpers), indicator (an indicator's paragraph), overview and
changes (what changed since the last meeting)."""

from __future__ import annotations

from reports.wording.changes import change_labels, change_reason
from reports.wording.facts import (
    NOUNS,
    Facts,
    count_noun,
    facts_from_json,
    facts_hash,
    facts_to_json,
)
from reports.wording.groups import (
    METHOD_HEADING,
    POSITION_HEADING,
    Group,
    group_caption,
    group_label,
    group_size,
    method_paragraphs,
    position_sentence,
)
from reports.wording.indicator import (
    benchmark_sentence,
    commentary_sentence,
    direction_and_quartile,
    figure_sentence,
    indicator_paragraph,
    indicator_sentences,
    lag_sentence,
    rag_sentence,
    revision_sentence,
    small_numbers_sentence,
)
from reports.wording.overview import overview_paragraphs
from reports.wording.phrases import count_phrase, for_period, in_period, the

__all__ = [
    "METHOD_HEADING",
    "NOUNS",
    "POSITION_HEADING",
    "Group",
    "group_caption",
    "group_label",
    "group_size",
    "method_paragraphs",
    "position_sentence",
    "Facts",
    "benchmark_sentence",
    "change_labels",
    "change_reason",
    "commentary_sentence",
    "count_noun",
    "count_phrase",
    "direction_and_quartile",
    "facts_from_json",
    "facts_hash",
    "facts_to_json",
    "figure_sentence",
    "for_period",
    "in_period",
    "indicator_paragraph",
    "indicator_sentences",
    "lag_sentence",
    "overview_paragraphs",
    "rag_sentence",
    "revision_sentence",
    "small_numbers_sentence",
    "the",
]
