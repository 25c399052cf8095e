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
        from indicators.panels import indicator_panel_register
        from indicators.services.jobs import job_kind_register
        from returns import panels
        from returns.services.returns import return_import

        job_kind_register(ImportJob.Kind.RETURNS, return_import)
        # An indicator's page links to this app's pages for its figures.
        indicator_panel_register(
            "returns_figures",
            slot="after_definition",
            template="returns/_indicator_figures.html",
            context=panels.indicator_figures,
        )
