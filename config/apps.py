from __future__ import annotations

from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project itself, as an app without models: it registers the
    deployment checks of config/checks.py and the session clock's signal
    receiver (config/middleware.py)."""

    name = "config"
    label = "scrutineer_project"
    verbose_name = "Scrutineer"

    def ready(self) -> None:
        # The checks register themselves. The receiver that starts a
        # session's clock at sign-in lives beside its middleware; a sign-in
        # before the first request (the test client's force_login in a fresh
        # process) must start the clock too, or that first request renews
        # the session: three more queries.
        from config import checks, middleware  # noqa: F401
