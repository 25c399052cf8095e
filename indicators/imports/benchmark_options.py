"""A benchmark import's options in their one shape, whichever path made
them (the upload's step two, `--filter COLUMN=VALUE`, the demo)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indicators.files import (
    FileRejected,
    normalise_header,
)


class OptionsError(FileRejected):
    """An import's options cannot be used. Raised when the job is created
    (so nothing is queued), and by a job stored before that check."""


def benchmark_filters(filters: object) -> dict[str, str]:
    """The one shape of a benchmark import's filters, whichever path made
    them (the upload's step two, `--filter COLUMN=VALUE`, the demo): a
    mapping of column name to the value a row must hold, such as
    {"move_measure": "Any moves"}. Names are matched as headers are
    (case and surrounding spaces ignored), so one column filtered twice is
    refused rather than one of its values silently winning."""
    if filters is None:
        return {}
    if not isinstance(filters, Mapping):
        raise OptionsError(
            "the filters must map each column to the value to keep, "
            "such as {'breakdown': 'Total'}",
            column="filters",
        )
    kept: dict[str, str] = {}
    for column, value in filters.items():
        if not isinstance(column, str) or not isinstance(value, str):
            raise OptionsError(
                f"the filter {column!r}: {value!r} must be a column name and a value, both text",
                column="filters",
            )
        key = normalise_header(column)
        if not key:
            raise OptionsError("a filter has no column name", column="filters")
        if key in kept:
            raise OptionsError(f"the column {key} is filtered twice", column=key)
        kept[key] = value.strip()
    return kept


def benchmark_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """A benchmark import's options, checked and in their one shape. The
    service that creates an import job calls this for every path, so a bad
    shape is refused before anything is queued; the job calls it again to
    read them."""
    options = options or {}
    if not isinstance(options, Mapping):
        raise OptionsError("the import's options are not readable")
    kept: dict[str, Any] = {}
    for key in ("indicator", "value_column", "numerator_column", "denominator_column"):
        value = options.get(key) or ""
        if not isinstance(value, str):
            raise OptionsError(f"{key.replace('_', ' ')} must be text", column=key)
        kept[key] = value.strip()
    if not kept["indicator"]:
        raise OptionsError(
            "choose the indicator these figures are for", column="--indicator"
        )
    if not kept["value_column"]:
        raise OptionsError(
            "choose the column holding the figure", column="--value-column"
        )
    kept["filters"] = benchmark_filters(options.get("filters"))
    return kept
