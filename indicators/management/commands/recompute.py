from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from indicators import services


class Command(BaseCommand):
    help = "Recompute RAG, direction of travel, quartiles and benchmark averages for every indicator and period."

    def handle(self, *args: Any, **options: Any) -> None:
        written = services.recompute()
        self.stdout.write(f"Recomputed {written} ratings.")
