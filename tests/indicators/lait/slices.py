"""Slices of the real LAIT data file for the import tests, chosen by scanning
it (with pyarrow, not the code under test) for every year form, mark and
symbol that occurs, and the expected period of each row worked out by hand
from the dictionary's year type."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tests.indicators.lait.support import DATA, DICTIONARY

# LAIT's aggregates and their ONS codes (indicators/data/regions.csv).
AGGREGATES = {
    970: "E92000001", 980: "E12000001", 981: "E12000002", 982: "E12000003",
    983: "E12000004", 984: "E12000005", 985: "E12000006", 986: "E12000007",
    987: "E13000001", 988: "E13000002", 989: "E12000008", 990: "E12000009",
}  # fmt: skip
MARK = re.compile(r"\s*\(([^()]*)\)$")


@lru_cache(maxsize=1)
def real_table() -> pa.Table:
    return pq.read_table(DATA)


@lru_cache(maxsize=1)
def dictionary_rows() -> dict[str, dict[str, str]]:
    """The dictionary by Measure_short (the first row of a measure listed twice)."""
    with open(DICTIONARY, encoding="utf-8", newline="") as handle:
        rows: dict[str, dict[str, str]] = {}
        for row in csv.DictReader(handle):
            rows.setdefault(row["Measure_short"].strip(), row)
    return rows


def year_shape(text: str) -> str:
    """`2019/20` is `9999/99`; `2024 (Rev)` is `9999 (rev)`."""
    return re.sub(r"\d", "9", text).lower()


def measures_for_every_form() -> list[str]:
    """One measure for each shape of `Years` text in the file (every form and
    mark), and one each with a `-`, a negative value, scientific notation and
    float noise."""
    table = real_table()
    pairs = table.group_by(["Short Desc", "Years"]).aggregate([]).sort_by("Short Desc")
    chosen: dict[str, str] = {}
    for measure, years in zip(
        pairs["Short Desc"].to_pylist(), pairs["Years"].to_pylist(), strict=True
    ):
        chosen.setdefault(year_shape(years), measure)
    values = table["Values"]
    for name, test in {
        "symbol": pc.equal(values, "-"),
        "negative": pc.starts_with(values, "-0"),
        "scientific": pc.match_substring(values, "E-"),
        "noise": pc.match_substring_regex(values, r"\.\d{7,}"),
    }.items():
        chosen.setdefault(name, table.filter(test)["Short Desc"][0].as_py())
    return sorted(set(chosen.values()))


def write_slice(
    path: Path, measures: Iterable[str], table: pa.Table | None = None
) -> Path:
    table = real_table() if table is None else table
    wanted = pa.array(sorted(set(measures)))
    pq.write_table(table.filter(pc.is_in(table["Short Desc"], wanted)), path)
    return path


def expected_span(years: str, year_type: str) -> tuple[date, date] | None:
    """The period a `Years` text names for a dictionary year type, by hand
    (a range, the year of that type it ends with): None for text that is
    not a year."""
    base = MARK.sub("", years)
    kind = year_type.strip().casefold()
    split_type = kind in ("academic year", "financial year")
    # The year to 31 March ("annual"), to 30 September, to the January census.
    start_month = {
        "academic year": 9, "financial year": 4, "annual": 4,
        "annual (end of sept)": 10, "annual - january": 2,
    }.get(kind, 1)  # fmt: skip
    if re.fullmatch(r"\d{4}", base):
        ends = int(base)  # a single year names the year ending in it
        first = ends - 1 if start_month != 1 else ends
    elif m := re.fullmatch(r"(\d\d)\d\d/\d{2}-(\d{2})/\d{2}", base):
        first = int(m.group(1) + m.group(2))  # 2013/14-15/16: the year 2015/16
    elif (m := re.fullmatch(r"(\d\d)\d\d-(\d{2})", base)) and not split_type:
        ends = int(m.group(1) + m.group(2))  # 2014-16: the year ending in 2016
        first = ends - 1 if start_month != 1 else ends
    elif (m := re.fullmatch(r"(\d{4})[/-](\d{2})", base)) and (
        split_type or "/" in base
    ):
        if (int(m.group(1)) + 1) % 100 != int(m.group(2)):
            return None
        first = int(m.group(1))
    else:
        return None
    end_year = first + 1 if start_month != 1 else first
    end_month = start_month - 1 or 12
    last_day = 31 if end_month in (1, 3, 8, 12) else 30
    return date(first, start_month, 1), date(end_year, end_month, last_day)


def stored_value(text: str) -> tuple[Decimal | None, str]:
    """A `Values` cell as it should be stored: six decimal places, or `-`."""
    if text == "-":
        return None, "-"
    return Decimal(text).quantize(Decimal("0.000001")).normalize() + 0, ""


def area_key(number: float) -> str:
    """An area as the test names it: an authority by its LA number, an
    aggregate by its ONS code."""
    return AGGREGATES[int(number)] if number >= 970 else str(int(number))


def rows_of(table: pa.Table) -> list[dict[str, Any]]:
    return table.select(["Short Desc", "Years", "LA Number", "Values"]).to_pylist()
