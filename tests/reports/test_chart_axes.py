"""Chart axes and labels, on the demo's real series (the report's stored
series for 2026/27 Q2, and the adoption series the issue saw run to
104.6%): ticks read differently, a percentage axis stays within 0-100, and
the target's label clears the line, its markers and the other labels."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from indicators import axes, charts
from indicators.models import Indicator
from reports import charts as report_charts

QUARTERS = ["2024/25 Q3", "2024/25 Q4", "2025/26 Q1", "2025/26 Q2",
            "2025/26 Q3", "2025/26 Q4", "2026/27 Q1", "2026/27 Q2"]  # fmt: skip
# name: (unit, values, target)
SERIES = {
    "school-moves": ("percent", ["20", "20", "21", "21"], None),
    "adoption, to 100%": (
        "percent",
        ["58.3", "72.7", "68.8", "90.0", "72.7", "90.9", "53.8", "100.0"],
        "60",
    ),  # fmt: skip
    "adoption-18-months": (
        "percent",
        ["58.3", "72.7", "68.8", "90.0", "72.7", "90.9", "53.8", "88.9"],
        "60",
    ),  # fmt: skip
    "care-leavers-accommodation": ("percent", ["96", "96", "94", "94", "94"], None),
    "cpp-two-years": ("percent", ["1.5", "1.8", "1.6", "1.7", "4.9", "1.2"], None),
    "cla-number": (
        "number",
        ["671", "669", "680", "682", "678", "696", "695", "707"],
        None,
    ),  # fmt: skip
    "ehcp-20-weeks": (
        "percent",
        ["28.6", "31.2", "37.0", "42.2", "47.6", "52.3", "49.7", "56.0"],
        "60",
    ),  # fmt: skip
    "sw-caseload": (
        "number",
        ["17.4", "17.4", "16.8", "14.4", "16.7", "13.8", "13.1", "13.5"],
        None,
    ),  # fmt: skip
    "assessments-45-days": (
        "percent",
        ["83.0", "86.2", "87.9", "90.3", "85.5", "78.4", "82.1", "86.8"],
        "85",
    ),  # fmt: skip
    "youth-reoffending": (
        "percent",
        ["30.9", "29.5", "32.8", "34.5", "32.1", "27.6", "27.8", "29.6"],
        "30",
    ),  # fmt: skip
}


def _values(name: str) -> list[Decimal]:
    unit, values, target = SERIES[name]
    return [Decimal(v) for v in values] + ([Decimal(target)] if target else [])


@pytest.mark.parametrize(
    ("name", "ticks"),
    [
        # Was "20%, 21%, 21%": half points, with the decimal they need.
        ("school-moves", ["19.5%", "20.0%", "20.5%", "21.0%", "21.5%"]),
        # Was 50.1% to 104.6%: stops at 100.
        ("adoption, to 100%", ["40%", "60%", "80%", "100%"]),
        ("adoption-18-months", ["40%", "60%", "80%", "100%"]),
        ("care-leavers-accommodation", ["93%", "94%", "95%", "96%", "97%"]),
        # From zero when zero is close (1.2 is within the spread of 3.7).
        ("cpp-two-years", ["0%", "2%", "4%", "6%"]),
        ("cla-number", ["660", "680", "700", "720"]),
        ("ehcp-20-weeks", ["0%", "20%", "40%", "60%", "80%"]),
        ("sw-caseload", ["12", "14", "16", "18"]),
        ("assessments-45-days", ["75%", "80%", "85%", "90%", "95%"]),
        ("youth-reoffending", ["25%", "30%", "35%", "40%"]),
    ],
)
def test_the_value_axis_has_round_distinct_ticks_within_its_limits(name, ticks):
    unit = SERIES[name][0]
    scale = axes.axis_for(_values(name), unit=unit, max_ticks=5)
    labels = [
        charts.formatting.format_value(t, unit, scale.decimals) for t in scale.ticks
    ]
    assert labels == ticks
    assert len(set(labels)) == len(labels)
    assert (scale.low, scale.high) == (scale.ticks[0], scale.ticks[-1])
    assert scale.low <= min(_values(name)) and max(_values(name)) <= scale.high
    assert scale.low >= 0 and (unit != "percent" or scale.high <= 100)


@pytest.mark.parametrize(
    ("values", "unit", "from_zero", "low", "high"),
    [
        (["100", "100"], "percent", False, "0", "100"),
        (["0", "0"], "percent", False, "0", "1"),
        (["-3", "2"], "number", False, "-4", "4"),
        (["671", "707"], "number", True, "0", "800"),
    ],
)
def test_the_axis_limits_on_edge_cases(values, unit, from_zero, low, high):
    scale = axes.axis_for(
        [Decimal(v) for v in values], unit=unit, max_ticks=5, from_zero=from_zero
    )
    assert (scale.low, scale.high) == (Decimal(low), Decimal(high))


def _geometry(name: str) -> report_charts.Geometry:
    unit, values, target = SERIES[name]
    points = [
        (label, Decimal(v))
        for label, v in zip(QUARTERS[-len(values) :], values, strict=True)
    ]
    geo = report_charts.geometry(
        points, unit=unit, decimals=1, target=Decimal(target) if target else None
    )
    assert geo is not None
    return geo


def test_the_report_chart_labels_its_ticks_distinctly_and_stops_at_100():
    assert [label for _, label in _geometry("school-moves").ticks] == [
        "19.5%", "20.0%", "20.5%", "21.0%", "21.5%",
    ]  # fmt: skip
    adoption = _geometry("adoption, to 100%")
    assert [label for _, label in adoption.ticks][-1] == "100%"
    # The top tick is the top of the plot, where 100% is drawn.
    assert adoption.ticks[-1][0] == report_charts.TOP
    assert min(y for _, y in adoption.markers) == report_charts.TOP


@pytest.mark.parametrize(
    "name",
    ["adoption, to 100%", "adoption-18-months", "ehcp-20-weeks",
     "assessments-45-days", "youth-reoffending"],
)  # fmt: skip
def test_the_target_label_clears_the_line_its_markers_and_the_other_labels(name):
    geo = _geometry(name)
    assert geo.target_y is not None
    box = report_charts.label_box(
        geo.target_label_x,
        geo.target_label_y,
        geo.target_label,
        geo.target_label_anchor,
    )
    left, top, right, bottom = box
    assert report_charts.collisions(box, geo.segments, geo.markers) == 0
    # Off the target line itself, inside the plot's width (the value
    # labels are left of it), above the period labels.
    assert bottom < geo.target_y or top > geo.target_y
    assert (
        left >= report_charts.LEFT
        and right <= report_charts.WIDTH - report_charts.RIGHT
    )
    # The period labels' baseline is 12px from the bottom, their tops 11px
    # above it.
    assert top >= 0 and bottom < report_charts.HEIGHT - 12 - 11


def test_the_old_place_of_the_target_label_crossed_the_line():
    """The assessments chart is the issue's case (the table above would
    prove little without it): the label where it was drawn, at the right
    end just above the target, sat on the line."""
    geo = _geometry("assessments-45-days")
    assert geo.target_y is not None
    old = report_charts.label_box(
        report_charts.WIDTH - report_charts.RIGHT,
        geo.target_y - 5,
        geo.target_label,
        "end",
    )
    assert report_charts.collisions(old, geo.segments, geo.markers) > 0


def _row(label: str, end: date, value: str, target: str) -> charts.SeriesRow:
    return charts.SeriesRow(
        label=label, end=end, value=Decimal(value), symbol="", count="",
        target=Decimal(target), rag="n/a", england=None, neighbours=None,
        neighbour_count=0, q25=None, q75=None, quartile=None, rank=None,
        rank_of=None, home=True, kind="quarter",
    )  # fmt: skip


def test_the_indicator_pages_time_series_axis_stops_at_100_with_distinct_ticks():
    indicator = Indicator(code="adoption-18-months", unit="percent", decimals=1)
    _, values, target = SERIES["adoption, to 100%"]
    rows = [
        _row(label, date(2024 + n // 4, 1 + 3 * (n % 4), 28), value, target)
        for n, (label, value) in enumerate(zip(QUARTERS, values, strict=True))
    ]
    yaxis = charts.time_series(indicator, rows)["layout"]["yaxis"]
    assert yaxis["range"] == [40.0, 100.0]
    assert yaxis["ticktext"] == ["40%", "60%", "80%", "100%"]
    assert yaxis["tickvals"] == [40.0, 60.0, 80.0, 100.0]
