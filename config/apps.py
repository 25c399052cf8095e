from __future__ import annotations

from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project itself, as an app without models: it registers the
    deployment checks of config/checks.py."""

    name = "config"
    label = "scrutineer_project"
    verbose_name = "Scrutineer"

    def ready(self) -> None:
        from config import checks  # noqa: F401 - registers them
