"""Print who may use each URL, as each view declares it. Its output is kept
in tests/access_rules.txt; write it there after changing a view's rule:
`manage.py access_rules > tests/access_rules.txt`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from indicators.permissions import rules_listing


class Command(BaseCommand):
    help = "Print who may use each URL, as each view declares it."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(rules_listing(), ending="")
