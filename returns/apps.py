from __future__ import annotations

from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    """The home authority's own figures and the workflow around them: the
    officers' entry and uploads, the performance team's publishing, targets
    and corrections. No models of its own: it writes indicators' figures,
    targets and import jobs through its services."""

    name = "returns"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A quarterly return is an import job like any other: indicators'
        # job machinery offers the registry, this app fills in its kind.
        from indicators.models import ImportJob
        from indicators.services.jobs import job_kind_register
        from returns.services.returns import return_import

        job_kind_register(ImportJob.Kind.RETURNS, return_import)
