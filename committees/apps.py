from __future__ import annotations

from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The dashboard and an indicator's page show its open actions and
        # recent resolutions: indicators offers the hooks, this app fills them.
        from committees import panels
        from indicators.panels import indicator_panel_register
        from indicators.selectors import LINKED_FINDERS

        LINKED_FINDERS["committee_actions"] = panels.dashboard_actions
        indicator_panel_register(
            "committee_actions",
            slot="after_commentary",
            template="committees/_indicator_panel.html",
            context=panels.indicator_actions,
        )
