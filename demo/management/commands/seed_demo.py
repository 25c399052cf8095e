"""Load the demo: each app seeds its own (`<app>/demo.py`, `seed`), in the
order of SEEDERS, each after the apps it builds on. Idempotent: running it
again changes nothing (a later run keeps the quarters of the first)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

import committees.demo
import indicators.demo
import reports.demo
import returns.demo

# Lowest app first: Leicestershire, the national data and the users; its
# figures; the committee's meetings on them; the reports those took.
SEEDERS: tuple[Callable[..., Any], ...] = (
    indicators.demo.seed,
    returns.demo.seed,
    committees.demo.seed,
    reports.demo.seed,
)


def sign_in_url() -> str:
    """The sign-in page at the site's address (SITE_URL, which `make run`
    sets from its PORT), or runserver's default address."""
    site = settings.SCRUTINEER_SITE_URL or "http://127.0.0.1:8000"
    return site + reverse("login")


class Command(BaseCommand):
    help = "Load the demo (Leicestershire, real DfE data, illustrative local figures, one user per role). Idempotent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="do nothing if the demo is already loaded",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"] and indicators.demo.is_loaded():
            self.stdout.write(f"The demo is already loaded: sign in at {sign_in_url()}")
            return
        for seed in SEEDERS:
            seed(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demo loaded: sign in at {sign_in_url()}")
        )
