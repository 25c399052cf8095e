from __future__ import annotations

from indicators.management.importing import ImportCommand
from indicators.models import ImportJob


class Command(ImportCommand):
    help = "Import indicator definitions from a CSV (all rows or none)."
    kind = ImportJob.Kind.INDICATORS
