"""Writes that span models. Callers use this package's names; the modules
split them by concern: jobs (the import-job record), writes (what each
import writes), ratings (recompute), common (shared helpers)."""

from __future__ import annotations

from indicators.services.common import home_area, periods_ensure
from indicators.services.jobs import (
    import_job_claim,
    import_job_create,
    import_job_run,
    import_job_wait,
    import_jobs_sweep,
)
from indicators.services.ratings import recompute
from indicators.services.targets import target_delete, target_set, targets_set
from indicators.services.uploads import (
    pending_upload_discard,
    pending_upload_get,
    pending_upload_release,
    pending_upload_save,
    pending_upload_take,
    uploads_clean,
)
from indicators.services.writes import (
    area_resolver,
    benchmarks_write,
    indicators_write,
    neighbours_write,
    return_write,
)

__all__ = [
    "area_resolver",
    "benchmarks_write",
    "home_area",
    "import_job_claim",
    "import_job_create",
    "import_job_run",
    "import_job_wait",
    "import_jobs_sweep",
    "indicators_write",
    "neighbours_write",
    "pending_upload_discard",
    "pending_upload_get",
    "pending_upload_release",
    "pending_upload_save",
    "pending_upload_take",
    "periods_ensure",
    "recompute",
    "return_write",
    "target_delete",
    "target_set",
    "targets_set",
    "uploads_clean",
]
