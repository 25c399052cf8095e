"""The synthetic indicators (`Spec`: unit, polarity, how its EES file is
laid out) and the real geography their files cover: the 153 live
authorities in indicators/data/las.csv and their nine regions."""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAS = ROOT / "indicators" / "data" / "las.csv"
REGIONS = ROOT / "indicators" / "data" / "regions.csv"
NEIGHBOURS = ROOT / "data" / "dfe" / "sn_model_2025_wide.csv"
HOME_AREA = "E10000018"  # Leicestershire, the demo's home authority
LAST_YEAR = 2025  # the latest reporting year (to 31 March 2025)

SIZES: dict[str, dict[str, int]] = {
    "S": {"indicators": 50, "years": 5},
    "M": {"indicators": 400, "years": 10},
    "L": {"indicators": 2000, "years": 10},
}
RETURN_ROWS = 5000
MEMORY_BREAKDOWNS = (1, 10, 100)  # files of 1x, 10x and 100x the kept rows

THEMES = [
    "Children in need",
    "Child protection",
    "Children looked after",
    "Care leavers",
    "Social work workforce",
    "Early help",
    "Youth justice",
    "Education outcomes",
]
# DfE's symbols, roughly as often as they occur in the real files.
SYMBOLS = ["c"] * 12 + ["x"] * 3 + ["z"] * 3 + ["low", "k", "u", ":"]
GEOGRAPHY_A = [
    "time_period", "time_identifier", "geographic_level", "country_code",
    "country_name", "region_code", "region_name", "old_la_code", "new_la_code",
    "la_name",
]  # fmt: skip
# The other order DfE uses (cla_number_and_rate_per_10k_children.csv).
GEOGRAPHY_B = [
    "time_period", "time_identifier", "geographic_level", "country_code",
    "country_name", "region_code", "region_name", "old_la_code", "la_name",
    "new_la_code",
]  # fmt: skip


@dataclass(frozen=True)
class Authority:
    code: str
    number: str
    name: str
    region: str


@dataclass
class Geography:
    authorities: list[Authority]
    regions: dict[str, str]  # code -> name, the nine English regions in use

    @classmethod
    def load(cls) -> Geography:
        with open(REGIONS, encoding="utf-8-sig", newline="") as handle:
            names = {r["region_code"]: r["region_name"] for r in csv.DictReader(handle)}
        authorities = []
        with open(LAS, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["status"] != "live" or not re.fullmatch(
                    r"E\d{8}", row["new_la_code"]
                ):
                    continue
                authorities.append(
                    Authority(
                        row["new_la_code"],
                        row["old_la_code"],
                        row["la_name"],
                        row["parent_geography_code"],
                    )
                )
        used = sorted({a.region for a in authorities})
        return cls(authorities, {code: names[code] for code in used})


@dataclass
class Spec:
    """One synthetic indicator and how its EES file is laid out."""

    number: int
    code: str
    name: str
    theme: str
    unit: str
    polarity: str
    rag_method: str
    frequency: str
    year_type: str
    decimals: int
    mean: float
    spread: float
    count_column: str
    base_column: str
    value_column: str
    order_b: bool
    bom: bool
    tolerance: str = ""
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"{self.code}.csv"


def make_specs(count: int, seed: int = 7) -> list[Spec]:
    rng = random.Random(seed)
    specs = []
    for n in range(1, count + 1):
        unit = rng.choices(["percent", "rate", "number", "days"], [50, 25, 15, 10])[0]
        polarity = rng.choices(["higher", "lower", "none"], [45, 45, 10])[0]
        rag_method = rng.choices(["quartile", "target", "none"], [50, 40, 10])[0]
        year_type = rng.choices(["reporting", "financial", "academic"], [60, 30, 10])[0]
        stem = f"measure_{n}"
        if unit == "percent":
            columns = (f"{stem}_count", f"{stem}_total", f"{stem}_percent")
            mean, spread, decimals = rng.uniform(10, 80), rng.uniform(3, 12), 1
        elif unit == "rate":
            columns = ("children_count", "population_estimate", "rate_per_10000")
            mean, spread, decimals = rng.uniform(20, 600), rng.uniform(5, 120), 0
        elif unit == "number":
            columns = (f"{stem}_count", "population_estimate", f"{stem}_number")
            mean, spread, decimals = rng.uniform(50, 2000), rng.uniform(20, 600), 0
        else:
            columns = ("children_count", "cases", "average_days")
            mean, spread, decimals = rng.uniform(20, 400), rng.uniform(5, 80), 1
        spec = Spec(
            number=n,
            code=f"bench-{n:04d}",
            # A rate's name says its base: a return's value is checked against
            # its counts with it (figure_rules.multiplier).
            name=f"Synthetic measure {n} ({'rate per 10,000' if unit == 'rate' else unit})",
            theme=THEMES[n % len(THEMES)],
            unit=unit,
            polarity=polarity,
            rag_method=rag_method,
            frequency=rng.choices(["quarterly", "annual"], [70, 30])[0],
            year_type=year_type,
            decimals=decimals,
            mean=mean,
            spread=spread,
            count_column=columns[0],
            base_column=columns[1],
            value_column=columns[2],
            order_b=n % 2 == 0,
            bom=n % 3 == 0,
            tolerance=f"{spread / 4:.1f}" if rag_method == "target" else "",
        )
        spec.options = {
            "indicator": spec.code,
            "value_column": spec.value_column,
            "filters": {"breakdown": "Total"},
            "numerator_column": spec.count_column
            if unit in ("percent", "rate")
            else "",
            "denominator_column": spec.base_column
            if unit in ("percent", "rate")
            else "",
        }
        specs.append(spec)
    return specs


def spare_spec() -> Spec:
    """An indicator with no data of its own, for the memory test (which runs
    inside a transaction that is rolled back)."""
    spec = make_specs(1, seed=99)[0]
    spec.code, spec.name = "bench-spare", "Spare measure for the memory test"
    spec.unit, spec.value_column = "percent", "spare_percent"
    spec.count_column, spec.base_column = "spare_count", "spare_total"
    spec.year_type, spec.frequency, spec.decimals = "reporting", "annual", 1
    spec.options = {
        "indicator": spec.code,
        "value_column": spec.value_column,
        "filters": {"breakdown": "Total"},
        "numerator_column": spec.count_column,
        "denominator_column": spec.base_column,
    }
    return spec
