"""Reading and validating import files: indicator definitions, statistical
neighbours and EES benchmark files (a quarterly return is read by
`returns.imports`, with the same shared parts).

Each `validate_*` function reads a file and returns the rows to write plus
every row error; it writes nothing. The services write only when there are no
errors, so a file is accepted or rejected whole.

Callers use this package's names (`from indicators import imports`); the
modules are one per kind of file, with what they share in `common` and the
reading of the files themselves in `indicators.files`.
"""

from __future__ import annotations

from indicators.files import FileRejected, RowError
from indicators.imports.benchmark_choices import (
    ANALYSE_MAX_ROWS,
    COLUMN_NAME_MAX_CHARS,
    EES_STANDARD_COLUMNS,
    FILTER_MAX_OPTIONS,
    FILTER_MAX_VALUE_CHARS,
    FILTER_MAX_VALUES,
    BenchmarkChoices,
    benchmark_choices,
)
from indicators.imports.benchmark_options import (
    OptionsError,
    benchmark_filters,
    benchmark_options,
)
from indicators.imports.benchmarks import (
    AREA_CODE_RE,
    LA_NUMBER_RE,
    LEVELS,
    BenchmarkRow,
    validate_benchmarks,
)
from indicators.imports.common import (
    MAX_ERRORS,
    PROGRESS_EVERY,
    Columns,
    Validated,
    rows_with_numbers,
    show,
)
from indicators.imports.definitions import (
    CHOICES,
    CODE_RE,
    INDICATOR_COLUMNS,
    IndicatorRow,
    validate_indicators,
)
from indicators.imports.neighbours import (
    NeighbourRow,
    validate_neighbours,
)

__all__ = [
    "ANALYSE_MAX_ROWS",
    "AREA_CODE_RE",
    "BenchmarkChoices",
    "BenchmarkRow",
    "CHOICES",
    "CODE_RE",
    "COLUMN_NAME_MAX_CHARS",
    "Columns",
    "EES_STANDARD_COLUMNS",
    "FILTER_MAX_OPTIONS",
    "FILTER_MAX_VALUES",
    "FILTER_MAX_VALUE_CHARS",
    "FileRejected",
    "INDICATOR_COLUMNS",
    "IndicatorRow",
    "LA_NUMBER_RE",
    "LEVELS",
    "MAX_ERRORS",
    "NeighbourRow",
    "OptionsError",
    "PROGRESS_EVERY",
    "RowError",
    "Validated",
    "benchmark_choices",
    "benchmark_filters",
    "benchmark_options",
    "rows_with_numbers",
    "show",
    "validate_benchmarks",
    "validate_indicators",
    "validate_neighbours",
]
