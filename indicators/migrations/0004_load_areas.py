"""Load England, its regions and every local authority (live and terminated)
from DfE's published geography (shipped in indicators/data, OGL v3.0), so that
ONS codes and DfE LA numbers resolve before any benchmark file is imported."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load_areas(apps, schema_editor):  # type: ignore[no-untyped-def]
    Area = apps.get_model("indicators", "Area")
    Area.objects.update_or_create(
        code="E92000001", defaults={"name": "England", "level": "national", "la_number": ""}
    )
    regions = {}
    with open(DATA / "regions.csv", encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            regions[row["region_code"]], _ = Area.objects.update_or_create(
                code=row["region_code"],
                defaults={"name": row["region_name"], "level": "regional", "la_number": ""},
            )
    with open(DATA / "las.csv", encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            # Skip combined rows ("E06000061 / E06000062") and the BFPO pseudo-area.
            if not re.fullmatch(r"E\d{8}", row["new_la_code"]):
                continue
            ended = row["date_of_termination"].strip()
            Area.objects.update_or_create(
                code=row["new_la_code"],
                defaults={
                    "name": row["la_name"],
                    "level": "local_authority",
                    "la_number": row["old_la_code"],
                    "region": regions.get(row["parent_geography_code"]),
                    "terminated_on": datetime.strptime(ended, "%d/%m/%Y").date() if ended else None,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_area_terminated_on")]
    operations = [migrations.RunPython(load_areas, migrations.RunPython.noop)]
