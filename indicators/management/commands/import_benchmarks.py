from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from indicators.management.importing import ImportCommand
from indicators.models import ImportJob


class Command(ImportCommand):
    help = (
        "Import national data for one indicator from an EES tidy CSV; all rows or none."
    )
    kind = ImportJob.Kind.BENCHMARKS

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--indicator", required=True, help="the indicator's code")
        parser.add_argument(
            "--value-column", required=True, help="the column holding the figure"
        )
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="COLUMN=VALUE",
            help="keep rows where COLUMN is VALUE",
        )
        parser.add_argument(
            "--numerator-column",
            default="",
            help="optional: the count behind the figure",
        )
        parser.add_argument(
            "--denominator-column", default="", help="optional: the base of the figure"
        )

    def options_for(self, options: dict[str, Any]) -> dict[str, Any]:
        # COLUMN=VALUE is this command's spelling of the one shape every
        # path stores (a mapping of column to value), which the service
        # checks for every path when it creates the job.
        filters: dict[str, str] = {}
        for item in options["filter"]:
            column, sep, value = item.partition("=")
            if not sep or not column.strip():
                raise CommandError(
                    f"--filter '{item}' must be COLUMN=VALUE", returncode=1
                )
            if column.strip() in filters:
                raise CommandError(
                    f"--filter {column.strip()} is given twice", returncode=1
                )
            filters[column.strip()] = value.strip()
        return {
            "indicator": options["indicator"],
            "value_column": options["value_column"],
            "filters": filters,
            "numerator_column": options["numerator_column"],
            "denominator_column": options["denominator_column"],
        }
