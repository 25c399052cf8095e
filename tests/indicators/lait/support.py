"""What the LAIT tests share: the real files, the scan of the data file
(`Survey`) and the predecessor authorities it keeps sample rows of."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from indicators import lait
from indicators.lait import LaitRow

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data" / "lait" / "bds_long_0.parquet"
DICTIONARY = ROOT / "data" / "lait" / "lait_data_dictionary.csv"
AXIS_UNITS = ROOT / "tests" / "data" / "lait" / "axis_units.csv"
D = Decimal


def shape(text: str) -> str:
    """A `Years` text's format: its digits as 9 (`2019/20` is `9999/99`)."""
    return re.sub(r"\d", "9", text)


@dataclass
class Survey:
    """What one pass over the real data file found (counts and a few rows:
    never the whole file, which would take hundreds of megabytes)."""

    rows: int = 0
    batch_sizes: list[int] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # first and last row numbers
    years: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    year_rows: Counter[str] = field(default_factory=Counter)  # by Years text
    year_available: Counter[str] = field(default_factory=Counter)
    values: set[str] = field(default_factory=set)  # every distinct Values text
    symbols: Counter[str] = field(default_factory=Counter)
    unreadable: list[tuple[LaitRow, str]] = field(default_factory=list)
    examples: dict[str, LaitRow] = field(default_factory=dict)
    areas: dict[str, set[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(set)
    )
    available: Counter[str] = field(default_factory=Counter)  # by LA number
    data_item_empty: int = 0
    negatives: Counter[str] = field(default_factory=Counter)  # by measure
    # Leicestershire's (855) figures by measure and Years text
    leicestershire: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    widest_places: int = 0
    # A slice of real rows: the first of each Years text, symbol, kind of
    # number and area, for the CSV and XLSX round trips.
    sample: dict[int, LaitRow] = field(default_factory=dict)  # by row number


def _example_kind(value: str, measure: str) -> str | None:
    if "E" in value or "e" in value:
        return "scientific"
    if value.startswith("-") and "Prog" in measure:
        return "negative"
    if "." in value and len(value.split(".")[1]) > lait.VALUE_PLACES:
        return "noise"
    return None


def sample_rows(survey: Survey) -> list[LaitRow]:
    return [survey.sample[n] for n in sorted(survey.sample)]


PREDECESSORS = {
    "909": "Cumbria",
    "928": "Northamptonshire",
    "835": "Dorset (Pre LG)",
    "836": "Poole (Pre LG)",
    "837": "Bournemouth (Pre LG)",
}
