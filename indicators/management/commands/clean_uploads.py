"""Remove uploaded files past their retention now, as the daily beat task
does: a finished import's file after SCRUTINEER_UPLOAD_RETENTION_DAYS, a
benchmark file abandoned at step two after SCRUTINEER_PENDING_UPLOAD_HOURS,
and stray files no job names. Every job's record stays."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from indicators import services


class Command(BaseCommand):
    help = "Remove uploaded files past their retention (import jobs' records stay)."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = services.uploads_clean()
        self.stdout.write(
            f"Removed {removed['job_files']} file(s) of imports finished over "
            f"{settings.SCRUTINEER_UPLOAD_RETENTION_DAYS} days ago, "
            f"{removed['pending']} benchmark upload(s) left at step two for over "
            f"{settings.SCRUTINEER_PENDING_UPLOAD_HOURS} hours, and "
            f"{removed['strays']} stray file(s) no import names."
        )
