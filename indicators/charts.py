"""Charts as plotly figure dicts, drawn by static/js/charts.js from
`json_script` data (never `to_html`, which writes inline script). Each chart
comes with the rows of its data table, built here from the same values so the
table and the chart cannot disagree. Series differ by dash and marker as well
as colour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from indicators import axes, formatting, rating
from indicators.models import Indicator
from indicators.selectors import IndicatorPage

HOME_COLOUR = "#1d70b8"
ENGLAND_COLOUR = "#0b0c0c"
NEIGHBOUR_COLOUR = "#d4351c"
TARGET_COLOUR = "#00703c"
BAND_COLOUR = "rgba(177, 180, 182, 0.35)"
OTHER_COLOUR = "#b1b4b6"
KIND_NAMES = {"year": "annual", "quarter": "quarterly", "month": "monthly"}
FONT = {"family": "arial, sans-serif", "size": 14, "color": "#0b0c0c"}
# Ticks on a value axis, at most (the charts are about 400px tall).
MAX_TICKS = 6


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class SeriesRow:
    """One period of the time-series chart and its table."""

    label: str
    end: date
    value: Decimal | None
    symbol: str
    count: str
    target: Decimal | None
    rag: str
    england: Decimal | None
    neighbours: Decimal | None
    neighbour_count: int
    q25: Decimal | None
    q75: Decimal | None
    quartile: int | None
    rank: int | None
    rank_of: int | None
    home: bool  # a home figure (else national data only)
    kind: str  # the period's kind: year, quarter or month
    figure: Any = None  # the home figure (its marks: illustrative, ...)


def series_rows(page: IndicatorPage) -> list[SeriesRow]:
    """Home figures and national periods, in time order."""
    rows: dict[tuple[date, date], SeriesRow] = {}
    for o in page.home_figures:
        r = getattr(o, "rating", None)
        stats = page.statistics.get(o.period_id)
        mean, n = rating.neighbour_mean(page.neighbour_values.get(o.period_id, []))
        rows[(o.period.end, o.period.start)] = SeriesRow(
            label=o.period.name_for(page.indicator),
            end=o.period.end,
            value=o.value,
            symbol=o.suppression,
            count=formatting.format_count(o.numerator, o.denominator),
            target=page.targets.get(o.period_id),
            rag=r.rag if r else "n/a",
            england=page.england[o.period_id].value
            if o.period_id in page.england
            else None,
            neighbours=mean,
            neighbour_count=n,
            q25=stats.q25 if stats else None,
            q75=stats.q75 if stats else None,
            quartile=r.quartile if r else None,
            rank=r.rank if r else None,
            rank_of=r.rank_of if r else None,
            home=True,
            kind=o.period.kind,
            figure=o,
        )
    for period_id, stats in page.statistics.items():
        period = page.periods[period_id]
        key = (period.end, period.start)
        if key in rows:
            continue
        mean, n = rating.neighbour_mean(page.neighbour_values.get(period_id, []))
        england = page.england.get(period_id)
        rows[key] = SeriesRow(
            label=period.name_for(page.indicator),
            end=period.end,
            value=None,
            symbol="",
            count="",
            target=None,
            rag="n/a",
            england=england.value if england else None,
            neighbours=mean,
            neighbour_count=n,
            q25=stats.q25,
            q75=stats.q75,
            quartile=None,
            rank=None,
            rank_of=None,
            home=False,
            kind=period.kind,
        )
    return [rows[k] for k in sorted(rows)]


def time_series(indicator: Indicator, rows: list[SeriesRow]) -> dict[str, Any]:
    """The home figure over time with target, England, neighbours and the
    national middle-50% band for each national period."""
    x = [r.end.isoformat() for r in rows]
    labels = [r.label for r in rows]
    data = _band_traces(rows) + _home_traces(rows, x, labels)
    # Each comparison as a line of its own dash and marker: (name, value of
    # a row, colour, dash, marker, the name in the hover box, connect gaps).
    lines = (
        ("England", lambda r: r.england, ENGLAND_COLOUR, "dot", "square", 8, "England", True),
        ("Statistical neighbours (mean)", lambda r: r.neighbours, NEIGHBOUR_COLOUR, "dashdot", "triangle-up", 9, "Neighbours", True),
        ("Target", lambda r: r.target, TARGET_COLOUR, "dash", "diamond-open", 9, "Target", False),
    )  # fmt: skip
    for name, value, colour, dash, symbol, size, short, gaps in lines:
        if not any(value(r) is not None for r in rows):
            continue
        trace: dict[str, Any] = {
            "type": "scatter",
            "mode": "lines+markers",
            "name": name,
            "x": x,
            "y": [_float(value(r)) for r in rows],
            "text": labels,
            "line": {"color": colour, "dash": dash, "width": 2},
            "marker": {"symbol": symbol, "size": size},
        }
        if gaps:
            trace["connectgaps"] = True
        trace["hovertemplate"] = "%{text}: %{y}<extra>" + short + "</extra>"
        data.append(trace)
    return {
        "data": data,
        "layout": _layout(
            indicator,
            _plotted(rows),
            margin_bottom=60,
            legend_y=-0.2,
            xaxis={
                "title": {"text": "Period (plotted at its end date)"},
                "type": "date",
            },
        ),
    }


def _band_traces(rows: list[SeriesRow]) -> list[dict[str, Any]]:
    """The national middle-50% band: the lower quartile's line, unseen, and
    the upper quartile's, filled down to it."""
    band = [r for r in rows if r.q25 is not None and r.q75 is not None]
    if not band:
        return []
    ends = [r.end.isoformat() for r in band]
    return [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "National lower quartile",
            "x": ends,
            "y": [_float(r.q25) for r in band],
            "line": {"width": 0, "color": OTHER_COLOUR},
            "hoverinfo": "skip",
            "showlegend": False,
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Middle 50% of authorities (national quartiles 2 and 3)",
            "x": ends,
            "y": [_float(r.q75) for r in band],
            "fill": "tonexty",
            "fillcolor": BAND_COLOUR,
            "line": {"width": 0, "color": OTHER_COLOUR},
            "text": [r.label for r in band],
            "hovertemplate": "%{text}: upper quartile %{y}<extra></extra>",
        },
    ]


def _home_traces(
    rows: list[SeriesRow], x: list[str], labels: list[str]
) -> list[dict[str, Any]]:
    """The home authority's figures. It may have annual figures (from DfE)
    and quarterly ones (its own returns): drawn as two series so a line
    never zig-zags between a year and a quarter."""
    kinds = sorted({r.kind for r in rows if r.home}, key=lambda k: k != "year")
    traces = []
    for kind in kinds:
        name = (
            "This authority"
            if len(kinds) == 1
            else f"This authority ({KIND_NAMES[kind]})"
        )
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name,
                "x": x,
                "y": [
                    _float(r.value) if r.home and r.kind == kind else None for r in rows
                ],
                "text": labels,
                "line": {
                    "color": HOME_COLOUR,
                    "width": 3,
                    "dash": "solid" if kind == "year" else "longdash",
                },
                "marker": {
                    "symbol": "circle" if kind == "year" else "circle-open",
                    "size": 9,
                },
                "connectgaps": True,
                "hovertemplate": "%{text}: %{y}<extra>" + name + "</extra>",
            }
        )
    return traces


def _plotted(rows: list[SeriesRow]) -> list[Decimal]:
    """Every value the time series draws: the axis must show them all."""
    return [
        v
        for r in rows
        for v in (r.value, r.target, r.england, r.neighbours, r.q25, r.q75)
        if v is not None
    ]


def _england_value(page: IndicatorPage) -> list[Decimal]:
    """England's figure in the compared period, if it has one."""
    period = page.comparison_period
    england = page.england.get(period.pk) if period else None
    return [england.value] if england is not None and england.value is not None else []


def _layout(
    indicator: Indicator,
    values: list[Decimal],
    *,
    from_zero: bool = False,
    margin_bottom: int,
    legend_y: float,
    xaxis: dict[str, Any],
    **more: Any,
) -> dict[str, Any]:
    """What every chart's layout shares: the font, margins, a legend below
    and the value axis (see axes.plotly_axis), titled with the indicator's unit."""
    return {
        "font": FONT,
        **({"barmode": more.pop("barmode")} if "barmode" in more else {}),
        "hovermode": "closest",
        "margin": {"l": 60, "r": 20, "t": 20, "b": margin_bottom},
        "legend": {"orientation": "h", "y": legend_y},
        "xaxis": xaxis,
        "yaxis": axes.plotly_axis(
            values,
            unit=indicator.unit,
            max_ticks=MAX_TICKS,
            from_zero=from_zero,
        ),
        **more,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
    }


@dataclass(frozen=True)
class RankingRow:
    position: int
    name: str
    value: Decimal | None
    home: bool
    neighbour: bool


def ranking_rows(page: IndicatorPage) -> list[RankingRow]:
    """Every authority with a value in the latest national period, best
    first by the indicator's polarity (no polarity: highest first)."""
    available = [o for o in page.authorities if o.value is not None]
    descending = page.indicator.polarity != rating.Polarity.LOWER
    ordered = sorted(
        available,
        key=lambda o: ((-o.value if descending else o.value), o.area.name),  # type: ignore[operator]
    )
    home_id = page.home.pk if page.home else None
    return [
        RankingRow(
            position=i,
            name=o.area.name,
            value=o.value,
            home=o.area_id == home_id,
            neighbour=o.area_id in page.neighbour_ids,
        )
        for i, o in enumerate(ordered, start=1)
    ]


def all_authorities(
    indicator: Indicator, page: IndicatorPage, rows: list[RankingRow]
) -> dict[str, Any]:
    """Sorted bars for every authority in the latest national period, the
    home authority and its neighbours marked by colour and pattern."""
    groups = [
        ("This authority", [r for r in rows if r.home], HOME_COLOUR, ""),
        (
            "Statistical neighbours",
            [r for r in rows if r.neighbour],
            NEIGHBOUR_COLOUR,
            "/",
        ),
        (
            "Other authorities",
            [r for r in rows if not r.home and not r.neighbour],
            OTHER_COLOUR,
            "",
        ),
    ]
    data = [
        {
            "type": "bar",
            "name": name,
            "x": [r.name for r in members],
            "y": [_float(r.value) for r in members],
            "marker": {"color": colour, "pattern": {"shape": pattern}},
            "hovertemplate": "%{x}: %{y}<extra>" + name + "</extra>",
        }
        for name, members, colour, pattern in groups
        if members
    ]
    shapes, annotations = _england_line(indicator, page)
    return {
        "data": data,
        "layout": _layout(
            indicator,
            [r.value for r in rows if r.value is not None] + _england_value(page),
            from_zero=True,
            barmode="overlay",
            margin_bottom=40,
            legend_y=-0.15,
            xaxis={
                "categoryorder": "array",
                "categoryarray": [r.name for r in rows],
                "showticklabels": False,
                "title": {"text": "Local authorities, best first"},
            },
            shapes=shapes,
            annotations=annotations,
        ),
    }


def _england_line(
    indicator: Indicator, page: IndicatorPage
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """England's figure in the compared period as a dotted line across the
    bars, labelled; none when England has no figure then."""
    found = _england_value(page)
    if not found:
        return [], []
    value = found[0]
    line = {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": float(value),
        "y1": float(value),
        "line": {"color": ENGLAND_COLOUR, "dash": "dot", "width": 2},
    }
    label = {
        "xref": "paper",
        "x": 1,
        "y": float(value),
        "xanchor": "right",
        "yanchor": "bottom",
        "text": f"England {formatting.format_value(value, indicator.unit, indicator.decimals)}",
        "showarrow": False,
    }
    return [line], [label]
