"""`manage.py import_lait DATA_FILE --dictionary DICT_FILE`: DfE's LAIT in one
import job (the same job the upload page queues)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from indicators.management.importing import ImportCommand
from indicators.models import ImportJob
from indicators.services.lait_import import lait_dictionary_store


class Command(ImportCommand):
    help = (
        "Import DfE's LAIT data file (Parquet, CSV or XLSX) with its data "
        "dictionary: an indicator for every measure and every figure; all or nothing."
    )
    kind = ImportJob.Kind.LAIT

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--dictionary", type=Path, required=True,
            help="LAIT's data dictionary (lait_data_dictionary.csv)",
        )  # fmt: skip

    def options_for(self, options: dict[str, Any]) -> dict[str, Any]:
        path: Path = options["dictionary"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with open(path, "rb") as handle:
            return {"dictionary": lait_dictionary_store(handle, path.name)}
