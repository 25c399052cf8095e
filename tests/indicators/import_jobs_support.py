"""Helpers for the import-job tests: a benchmark file, an upload, England's figure
and an old file."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import Observation

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,"
    "region_code,region_name,new_la_code,old_la_code,la_name,breakdown,rate,num"
)
ROWS = [
    "2025,Reporting year,National,E92000001,England,,,,,,Total,24.5,100",
    "2025,Reporting year,National,E92000001,England,,,,,,Girls,22.0,40",
    "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,"
    "E10000018,855,Leicestershire,Total,24.8,153",
    "2025,Reporting year,Local authority,E92000001,England,E12000004,East Midlands,"
    "E10000018,855,Leicestershire,Girls,21.0,60",
]
EES = ("\n".join([HEADER, *ROWS]) + "\n").encode()


def upload(client, content: bytes, name: str, kind: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/imports/", {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )


def england(label: str = "2025") -> Observation:
    return Observation.all_objects.get(
        indicator__code="cpp", area__code="E92000001", period__label=label
    )


def age(path: Path, days: float) -> None:
    moment = time.time() - days * 86400
    os.utime(path, (moment, moment))
