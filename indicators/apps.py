from __future__ import annotations

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The imports this app writes: the job machinery runs each kind
        # through the registry (returns registers its own kind likewise).
        from indicators import imports
        from indicators.models import ImportJob
        from indicators.services import benchmarks, definitions, lait_import, neighbours
        from indicators.services.jobs import job_kind_register

        job_kind_register(ImportJob.Kind.INDICATORS, definitions.indicators_import)
        job_kind_register(ImportJob.Kind.NEIGHBOURS, neighbours.neighbours_import)
        job_kind_register(
            ImportJob.Kind.BENCHMARKS,
            benchmarks.benchmarks_import,
            check_options=imports.benchmark_options,
        )
        job_kind_register(ImportJob.Kind.LAIT, lait_import.lait_job)
