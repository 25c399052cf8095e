"""Writing the synthetic files: one indicator's EES file, the indicator
definitions, returns as CSV and XLSX, with figures consistent with their
counts. Everything is drawn from the generator given, in a fixed order."""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

from bench.specs import (
    GEOGRAPHY_A,
    GEOGRAPHY_B,
    LAST_YEAR,
    SYMBOLS,
    Geography,
    Spec,
)
from returns.imports import CONTRACT_RETURN_COLUMNS

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
            england = {
                "time_period": time_period,
                "time_identifier": identifier,
                "geographic_level": "National",
                "country_code": "E92000001",
                "country_name": "England",
            }
            for b in range(breakdowns):
                breakdown = "Total" if b == 0 else f"Group {b + 1}"
                for geo, count, base, value in _year_rows(
                    spec, geography, rng, england
                ):
                    writer.writerow(
                        [geo.get(c, "") for c in columns[:10]]
                        + [breakdown, count, base, value]
                    )
                    rows += 1
    return rows


def _year_rows(
    spec: Spec, geography: Geography, rng: random.Random, england: dict[str, str]
) -> list[tuple[dict[str, str], str, str, str]]:
    """One year's rows, as (geography, count, base, value): England, each
    region and each authority. The authorities' figures are drawn first
    (about 2% suppressed), then England's and the regions' around their
    means."""
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
    out = [(england, count, base, value)]
    for region, region_name in geography.regions.items():
        centre = _mean(la_values.get(region, []))
        count, base, value = figure(spec, rng, centre, 0)
        regional = {
            **england,
            "geographic_level": "Regional",
            "region_code": region,
            "region_name": region_name,
        }
        out.append((regional, count, base, value))
    for la, count, base, value in la_rows:
        local = {
            **england,
            "geographic_level": "Local authority",
            "region_code": la.region,
            "region_name": geography.regions[la.region],
            "old_la_code": la.number,
            "new_la_code": la.code,
            "la_name": la.name,
        }
        out.append((local, count, base, value))
    return out


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


# The columns of a return, in the importer's own order.
RETURN_HEADER = list(CONTRACT_RETURN_COLUMNS)


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
