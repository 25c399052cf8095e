"""Synthetic national data in the real EES tidy-CSV layout.

One file per indicator, shaped like DfE's own (see data/dfe/*.csv): the
standard geography columns (`time_period, time_identifier, geographic_level,
country_code, country_name, region_code, region_name, old_la_code,
new_la_code, la_name`, in either of the two orders DfE's files use), a filter
column, and three measure columns (a count, its base and the published figure).
Each year has one national row, nine regional rows and one row for each of
the 153 live authorities in indicators/data/las.csv. About 2% of authority
figures are suppressed with DfE's symbols; some files start with a byte-order
mark. Everything is seeded, so a size always produces the same bytes.

Also written: the indicator definitions, the home authority's quarterly
return (published figures for the last years), a 5,000-row return (CSV and
XLSX) on earlier quarters, and files for the memory-versus-file-size test.
"""

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


# --- Periods -----------------------------------------------------------------------


def ees_periods(year_type: str, years: int) -> list[tuple[str, str]]:
    """(time_period, time_identifier) for the last `years` years, oldest first."""
    periods = []
    for end in range(LAST_YEAR - years + 1, LAST_YEAR + 1):
        if year_type == "reporting":
            periods.append((str(end), "Reporting year"))
        elif year_type == "financial":
            periods.append((f"{end - 1}{end % 100:02d}", "Financial year"))
        else:  # academic: the latest complete one ends in the summer before
            periods.append((f"{end - 2}{(end - 1) % 100:02d}", "Academic year"))
    return periods


def quarter_labels(first_start_year: int, last_start_year: int) -> list[str]:
    """Financial-year quarter labels, oldest first (`2019/20 Q3`)."""
    return [
        f"{year}/{(year + 1) % 100:02d} Q{q}"
        for year in range(first_start_year, last_start_year + 1)
        for q in (1, 2, 3, 4)
    ]


# --- Figures -----------------------------------------------------------------------


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}" if decimals else str(round(value))


def figure(
    spec: Spec,
    rng: random.Random,
    centre: float | None = None,
    spread: float | None = None,
) -> tuple[str, str, str]:
    """(count, base, value) as text, consistent with each other."""
    centre = spec.mean if centre is None else centre
    spread = spec.spread if spread is None else spread
    value = max(0.0, rng.gauss(centre, spread))
    if spec.unit == "percent":
        value = min(value, 100.0)
        base = rng.randint(40, 6000)
        count = round(base * value / 100)
        return str(count), str(base), _fmt(100 * count / base, 1)
    if spec.unit == "rate":
        base = rng.randint(20_000, 400_000)
        count = round(base * value / 10_000)
        return str(count), str(base), _fmt(10_000 * count / base, 0)
    if spec.unit == "number":
        return _fmt(value, 0), str(rng.randint(20_000, 400_000)), _fmt(value, 0)
    cases = rng.randint(20, 3000)
    return str(cases), str(cases), _fmt(value, spec.decimals)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def write_ees(
    path: Path,
    spec: Spec,
    geography: Geography,
    years: int,
    rng: random.Random,
    breakdowns: int = 1,
) -> int:
    """Write one indicator's EES file; returns the number of data rows."""
    columns = (GEOGRAPHY_B if spec.order_b else GEOGRAPHY_A) + [
        "breakdown",
        spec.count_column,
        spec.base_column,
        spec.value_column,
    ]
    rows = 0
    with open(
        path, "w", encoding="utf-8-sig" if spec.bom else "utf-8", newline=""
    ) as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(columns)
        for time_period, identifier in ees_periods(spec.year_type, years):
            for b in range(breakdowns):
                breakdown = "Total" if b == 0 else f"Group {b + 1}"
                la_values: dict[str, list[float]] = {}
                la_rows = []
                for la in geography.authorities:
                    count, base, value = figure(spec, rng)
                    if rng.random() < 0.02:
                        symbol = rng.choice(SYMBOLS)
                        count = value = symbol
                    else:
                        la_values.setdefault(la.region, []).append(float(value))
                    la_rows.append((la, count, base, value))
                everyone = [v for vs in la_values.values() for v in vs]
                count, base, value = figure(spec, rng, _mean(everyone), 0)
                england = {
                    "time_period": time_period,
                    "time_identifier": identifier,
                    "geographic_level": "National",
                    "country_code": "E92000001",
                    "country_name": "England",
                }
                out = [(england, count, base, value)]
                for region, region_name in geography.regions.items():
                    centre = _mean(la_values.get(region, []))
                    count, base, value = figure(spec, rng, centre, 0)
                    out.append(
                        (
                            {
                                **england,
                                "geographic_level": "Regional",
                                "region_code": region,
                                "region_name": region_name,
                            },
                            count,
                            base,
                            value,
                        )
                    )
                for la, count, base, value in la_rows:
                    out.append(
                        (
                            {
                                **england,
                                "geographic_level": "Local authority",
                                "region_code": la.region,
                                "region_name": geography.regions[la.region],
                                "old_la_code": la.number,
                                "new_la_code": la.code,
                                "la_name": la.name,
                            },
                            count,
                            base,
                            value,
                        )
                    )
                for geo, count, base, value in out:
                    writer.writerow(
                        [geo.get(c, "") for c in columns[:10]]
                        + [breakdown, count, base, value]
                    )
                    rows += 1
    return rows


def write_indicators(path: Path, specs: list[Spec]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(
            [
                "code",
                "name",
                "theme",
                "unit",
                "polarity",
                "rag_method",
                "tolerance",
                "significance_threshold",
                "frequency",
                "decimals",
                "source",
                "description",
                "year_type",
                "banded",
            ]  # fmt: skip
        )
        for s in specs:
            writer.writerow(
                [
                    s.code,
                    s.name,
                    s.theme,
                    s.unit,
                    s.polarity,
                    s.rag_method,
                    s.tolerance,
                    "",
                    s.frequency,
                    s.decimals,
                    "Synthetic (make bench)",
                    "Generated by bench/data.py",
                    s.year_type,
                    "yes",
                ]  # fmt: skip
            )


RETURN_HEADER = [
    "indicator_code",
    "period",
    "value",
    "numerator",
    "denominator",
    "target",
    "commentary",
]


def return_rows(
    specs: list[Spec], quarters: list[str], rng: random.Random
) -> list[list[str]]:
    rows = []
    for label in quarters:
        for spec in specs:
            count, base, value = figure(spec, rng)
            if spec.unit not in ("percent", "rate"):
                count = base = ""
            target = (
                _fmt(spec.mean, spec.decimals) if spec.rag_method == "target" else ""
            )
            # Every row has commentary: a figure that rates red cannot be
            # submitted or published without it, in a return as on the page.
            # (The draw is kept so that the figures stay as they were.)
            rng.random()
            commentary = f"Officer commentary for {spec.code}, {label}."
            rows.append([spec.code, label, value, count, base, target, commentary])
    return rows


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """The same table as a workbook, numbers stored as numbers (openpyxl)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Return")
    sheet.append(header)
    for row in rows:
        cells: list[Any] = []
        for position, cell in enumerate(row):
            if position in (2, 3, 4, 5) and cell != "":
                number = float(cell)
                cells.append(int(number) if number.is_integer() else number)
            else:
                cells.append(cell)
        sheet.append(cells)
    workbook.save(path)


@dataclass
class Dataset:
    size: str
    directory: Path
    specs: list[Spec]
    benchmark_files: list[Path]
    benchmark_rows: int
    indicators_file: Path
    home_return: Path
    home_rows: int
    return_csv: Path
    return_xlsx: Path
    return_rows: int
    spare: Spec
    memory_files: list[tuple[int, Path, int]]  # (breakdowns, path, rows)
    bytes: int

    def summary(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "indicators": len(self.specs),
            "authorities": len(Geography.load().authorities),
            "years": SIZES[self.size]["years"],
            "benchmark_files": len(self.benchmark_files),
            "benchmark_rows": self.benchmark_rows,
            "home_return_rows": self.home_rows,
            "return_rows": self.return_rows,
            "megabytes": round(self.bytes / 1e6, 1),
        }


def generate(size: str, directory: Path) -> Dataset:
    """Write every file for one size into `directory`."""
    shape = SIZES[size]
    geography = Geography.load()
    specs = make_specs(shape["indicators"])
    spare = spare_spec()
    rng = random.Random(f"bench-{size}")
    (directory / "ees").mkdir(parents=True, exist_ok=True)
    files, rows = [], 0
    for spec in specs:
        path = directory / "ees" / spec.filename
        rows += write_ees(path, spec, geography, shape["years"], rng)
        files.append(path)
    indicators_file = directory / "indicators.csv"
    write_indicators(indicators_file, [*specs, spare])

    # The home authority's published quarterly figures for the benchmark years.
    years = shape["years"]
    home_quarters = quarter_labels(LAST_YEAR - years, LAST_YEAR - 1)
    quarterly = [s for s in specs if s.frequency == "quarterly"]
    home = return_rows(quarterly, home_quarters, rng)
    home_return = directory / "home_return.csv"
    write_csv(home_return, RETURN_HEADER, home)

    # 5,000 rows on earlier quarters (so they create figures, not update them).
    needed = -(-RETURN_ROWS // len(specs))
    first = LAST_YEAR - years - (needed + 3) // 4
    earlier = quarter_labels(first, LAST_YEAR - years - 1)[-needed:]
    big = return_rows(specs, list(reversed(earlier)), rng)[:RETURN_ROWS]
    return_csv, return_xlsx = (
        directory / "return_5000.csv",
        directory / "return_5000.xlsx",
    )
    write_csv(return_csv, RETURN_HEADER, big)
    write_xlsx(return_xlsx, RETURN_HEADER, big)

    memory = []
    for breakdowns in MEMORY_BREAKDOWNS:
        path = directory / f"memory_{breakdowns}.csv"
        count = write_ees(path, spare, geography, 10, rng, breakdowns=breakdowns)
        memory.append((breakdowns, path, count))

    total = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
    return Dataset(
        size=size,
        directory=directory,
        specs=specs,
        benchmark_files=files,
        benchmark_rows=rows,
        indicators_file=indicators_file,
        home_return=home_return,
        home_rows=len(home),
        return_csv=return_csv,
        return_xlsx=return_xlsx,
        return_rows=len(big),
        spare=spare,
        memory_files=memory,
        bytes=total,
    )
