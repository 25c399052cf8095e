"""The demo's national measures from DfE's LAIT: the committee's real agenda
(Key Stage 2 and 4 for pupils with SEN and disadvantaged pupils, early
years, NEET, the health, dental and emotional health checks of children in
care, three or more placements, youth justice) and the Children's Service
Finance measures the overall position sets against them.

The project ships LAIT's whole file (`data/lait/bds_long_0.parquet`); the
demo imports the rows of these measures only, for every authority (a
quartile needs them all), so that `make run` stays quick."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.conf import settings

from indicators import lait
from indicators.models import ImportJob
from indicators.services.lait_import import lait_dictionary_store

LAIT = Path(settings.BASE_DIR) / "data" / "lait"
DATA, DICTIONARY = LAIT / "bds_long_0.parquet", LAIT / "lait_data_dictionary.csv"
FINANCE = LAIT / "finance_themes.csv"

# The committee's agenda, by LAIT's Measure_short.
AGENDA = [
    "NEW_KS2_RWM_Sen_W/Osta",  # KS2 reading, writing and maths: SEN support
    "DAP_NEW_KS2_RWM",  # KS2 reading, writing and maths: disadvantaged
    "SEN_WoStat_AVG_Attain8_Score",  # Attainment 8: SEN support
    "DAP_KS4_ATT8",  # Attainment 8: disadvantaged
    "%_2yr_olds",  # funded early education at two
    "%_3&4yr_olds",  # ... at three and four
    "2yr_Ofsted_rating",  # at good or outstanding providers
    "16-17 NEET",
    "16-17YroldSEN_ET",  # 16-17 year olds with SEN in education and training
    "LACHealth%",
    "LACDental%",
    "Emotional_LAC",  # the SDQ score of children in care
    "LACStable_2016on",  # three or more placements
    "FirstYJS",  # first-time entrants to youth justice
    "YJS_Caution-Sentence10-17_YO",
]


def measures() -> list[str]:
    """The agenda's measures and the finance measures (finance_themes.csv)."""
    with FINANCE.open(encoding="utf-8") as handle:
        finance = [row["measure_short"] for row in csv.DictReader(handle)]
    return AGENDA + [m for m in finance if m not in AGENDA]


def agenda_codes() -> list[str]:
    """The indicator codes of the measures the demo's committee follows."""
    return [lait.lait_code(m) for m in measures()]


def _write_subset(folder: Path) -> tuple[Path, Path]:
    """LAIT's data file and dictionary cut to the demo's measures."""
    wanted = measures()
    table = pq.read_table(DATA)
    names = pa.array(wanted, type=pa.string())
    subset = table.filter(pc.is_in(table["Short Desc"], value_set=names))
    data = folder / "lait_demo.parquet"
    pq.write_table(subset, data)
    with DICTIONARY.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in reader if row["Measure_short"] in wanted]
        fields = reader.fieldnames or []
    dictionary = folder / "lait_demo_dictionary.csv"
    with dictionary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return data, dictionary


def seed_lait(stdout: Any, run_import: Any) -> None:
    """Import the demo's LAIT measures as the performance team would, with
    the demo's `run_import`."""
    with tempfile.TemporaryDirectory() as folder:
        data, dictionary = _write_subset(Path(folder))
        with dictionary.open("rb") as handle:
            stored = lait_dictionary_store(handle, dictionary.name)
        run_import(ImportJob.Kind.LAIT, data, {"dictionary": stored}, stdout=stdout)
