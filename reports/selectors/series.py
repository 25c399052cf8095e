"""The committee's comparisons for a report's indicators: each quarterly
indicator's published home figures, read in one query for the whole report,
and the regional figure already stored on each rating. The comparisons
themselves are the rules' (`indicators.rating.comparisons`)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Any

from indicators.formatting import months_between
from indicators.models import Area, Observation, Period
from indicators.rating import comparisons
from reports import wording


def _points(
    home: Area, period: Period, rows: list[Observation]
) -> dict[int, list[tuple[comparisons.Point, str]]]:
    """Each row's published home quarters up to the report's period, oldest
    first, with their labels. Queries: one, whatever the number of
    indicators (none without a quarterly row)."""
    ids = [row.indicator_id for row in rows if row.period.kind == Period.Kind.QUARTER]
    if not ids:
        return {}
    figures = (
        Observation.objects.filter(
            area=home,
            indicator_id__in=ids,
            period__kind=Period.Kind.QUARTER,
            period__end__lte=period.end,
        )
        .select_related("period")
        .order_by("indicator_id", "period__end")
    )
    indicators = {row.indicator_id: row.indicator for row in rows}
    found: dict[int, list[tuple[comparisons.Point, str]]] = defaultdict(list)
    for figure in figures:
        point = comparisons.Point(
            figure.period.start, figure.period.end,
            figure.value, figure.numerator, figure.denominator,
        )  # fmt: skip
        found[figure.indicator_id].append(
            (point, figure.period.name_for(indicators[figure.indicator_id]))
        )
    return found


def _quarterly(
    row: Observation, series: list[tuple[comparisons.Point, str]]
) -> dict[str, Any]:
    """The same quarter last year, the run, last year's average (counts) and
    the year to date (cumulative measures) for one quarterly row."""
    indicator = row.indicator
    points = [p for p, _ in series if p.end <= row.period.end]
    labels = {p.start: label for p, label in series}
    if not points or points[-1].end != row.period.end:
        return {}
    latest = points[-1]
    found: dict[str, Any] = {}
    last_year = comparisons.same_quarter_last_year(points, latest)
    if last_year is not None and last_year.value is not None:
        found |= {"last_year_value": last_year.value,
                  "last_year_period": labels[last_year.start]}  # fmt: skip
    run = comparisons.run_of_quarters(
        points, indicator.polarity, indicator.significance_threshold
    )
    if run.length >= 2:
        found |= {"run_direction": str(run.direction), "run_length": run.length,
                  "run_since": labels[points[-2].start]}  # fmt: skip
    if indicator.unit == "number":
        average = comparisons.last_year_quarterly_average(points, latest)
        year = comparisons.financial_year_start(latest.start).year - 1
        if average is not None:
            found |= {"last_year_average": average,
                      "last_year_label": f"{year}/{(year + 1) % 100:02d}"}  # fmt: skip
    ytd = comparisons.year_to_date(points, latest, indicator.unit)
    if indicator.cumulative and ytd is not None and ytd.start != latest.start:
        found |= {"year_to_date": ytd.value,
                  "year_to_date_numerator": ytd.numerator,
                  "year_to_date_denominator": ytd.denominator,
                  "year_to_date_from": months_between(ytd.start, latest.end)}  # fmt: skip
    return found


def with_comparisons(
    home: Area | None,
    period: Period,
    rows: list[Observation],
    facts: list[wording.Facts],
) -> list[wording.Facts]:
    """Each row's facts with the committee's comparisons added: the regional
    figure (stored on the rating) and, for a quarterly figure, the
    comparisons with earlier quarters. Reads row.indicator, row.period and
    row.rating and row.region_name (report_rows fetches them). Queries: one
    (none without a quarterly row)."""
    if home is None:
        return facts
    series = _points(home, period, rows)
    out = []
    for row, fact in zip(rows, facts, strict=True):
        rating = getattr(row, "rating", None)
        extra: dict[str, Any] = {
            "significance_threshold": row.indicator.significance_threshold,
            "region_name": getattr(row, "region_name", None) or "",
            "regional_value": rating.regional_value if rating else None,
        }
        if row.indicator_id in series:
            extra |= _quarterly(row, series[row.indicator_id])
        out.append(dataclasses.replace(fact, **extra))
    return out
