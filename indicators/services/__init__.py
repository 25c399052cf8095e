"""Writes that span models. Callers use this package's names; the modules
split them by concern: jobs (the import-job record, and the registry of how
each kind of import runs), sweeper (re-queueing lost jobs), one module per
kind of national import (definitions, neighbours, benchmarks with its
set-based SQL), ratings (recompute), uploads (their retention) and common
(shared helpers). The home authority's own figures are written by the
returns app's services."""

from __future__ import annotations

from indicators.services.authorities import area_resolver, authority_resolver
from indicators.services.benchmarks import benchmarks_write
from indicators.services.common import home_area, periods_ensure
from indicators.services.comparators import (
    comparator_group_save,
    lines_of_file,
    lines_of_text,
)
from indicators.services.definitions import indicators_write
from indicators.services.jobs import (
    import_job_claim,
    import_job_create,
    import_job_run,
    import_job_wait,
    job_kind_register,
)
from indicators.services.neighbours import neighbours_write
from indicators.services.ratings import recompute
from indicators.services.sweeper import import_jobs_sweep
from indicators.services.uploads import uploads_clean

__all__ = [
    "area_resolver",
    "authority_resolver",
    "benchmarks_write",
    "comparator_group_save",
    "home_area",
    "import_job_claim",
    "import_job_create",
    "import_job_run",
    "import_job_wait",
    "import_jobs_sweep",
    "indicators_write",
    "job_kind_register",
    "lines_of_file",
    "lines_of_text",
    "neighbours_write",
    "periods_ensure",
    "recompute",
    "uploads_clean",
]
