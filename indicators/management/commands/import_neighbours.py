from __future__ import annotations

from indicators.management.importing import ImportCommand
from indicators.models import ImportJob


class Command(ImportCommand):
    help = "Import statistical neighbours (DfE's wide layout or la_code, neighbour_code, rank)."
    kind = ImportJob.Kind.NEIGHBOURS
