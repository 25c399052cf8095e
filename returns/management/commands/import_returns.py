from __future__ import annotations

from typing import Any

from indicators.management.importing import ImportCommand
from indicators.models import ImportJob


class Command(ImportCommand):
    help = "Import a quarterly return for the home authority (CSV or XLSX); all rows or none."
    kind = ImportJob.Kind.RETURNS

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--publish", action="store_true", help="publish the figures at once"
        )

    def options_for(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"publish": bool(options["publish"])}
