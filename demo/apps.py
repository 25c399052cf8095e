from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo loader, above every app: it knows them all, so that none of
    them has to know the apps above it (`manage.py seed_demo`)."""

    name = "demo"
    verbose_name = "Demo"
