"""The dashboard's drawings (issue 16): a row's trend as inline SVG whose
accessible name says its values, and a theme's RAG counts as a bar; neither
carries a style attribute (the CSP forbids inline style)."""

from __future__ import annotations

import re
from decimal import Decimal

from indicators.sparkline import (
    BarPart,
    TrendPoint,
    accessible_name,
    coordinates,
    sparkline,
    stacked_bar,
)


def points(*pairs: tuple[str, str | None]) -> list[TrendPoint]:
    return [
        TrendPoint(label, Decimal(v) if v is not None else None, "" if v else "c")
        for label, v in pairs
    ]


SERIES = points(("2023", "20.1"), ("2024", "22.3"), ("2025", "21.2"))


def test_a_known_series_is_drawn_at_known_coordinates():
    # 80 x 20 box, 2 px inside each edge: x steps (80 - 4) / 2 = 38; the
    # highest (22.3) at the top (y 2), the lowest (20.1) at the bottom
    # (y 18), 21.2 half way (y 10).
    assert coordinates([p.value for p in SERIES]) == [(2, 18), (40, 2), (78, 10)]
    svg = sparkline(SERIES, 1)
    assert 'points="2,18 40,2 78,10"' in svg
    assert 'cx="78" cy="10"' in svg  # the latest figure is marked


def test_a_flat_series_sits_in_the_middle_and_a_single_figure_in_the_centre():
    flat = [Decimal(5)] * 3
    assert coordinates(flat) == [(2, 10), (40, 10), (78, 10)]
    assert coordinates([Decimal(5)]) == [(40, 10)]


def test_the_values_are_in_its_accessible_name_and_it_is_an_image():
    svg = str(sparkline(SERIES, 1))
    assert 'role="img"' in svg
    assert 'aria-label="Trend, 2023 to 2025: 20.1, 22.3, 21.2"' in svg
    # At the indicator's decimal places, as the table says them.
    assert accessible_name(SERIES, 0) == "Trend, 2023 to 2025: 20, 22, 21"


def test_a_suppressed_figure_is_named_by_its_symbol_and_breaks_the_line():
    series = points(("2021", "1.5"), ("2022", None), ("2023", "1.6"), ("2024", "1.7"))
    svg = str(sparkline(series, 1))
    assert 'aria-label="Trend, 2021 to 2024: 1.5, c, 1.6, 1.7"' in svg
    # The line runs from 2023 to 2024 only; 2021 stands alone as a dot.
    assert svg.count("<polyline") == 1
    assert "scrutineer-sparkline__dot" in svg


def test_no_drawing_has_a_style_attribute():
    drawings = [
        str(sparkline(SERIES, 1)),
        str(stacked_bar([BarPart("scrutineer-band__red", 1), BarPart("x", 3)])),
    ]
    for svg in drawings:
        assert svg.startswith("<svg")
        assert not re.search(r"\sstyle=", svg), svg


def test_nothing_is_drawn_without_a_figure():
    assert sparkline(points(("2024", None)), 1) == ""
    assert stacked_bar([BarPart("a", 0)]) == ""


def test_the_bar_is_in_proportion_and_hidden_behind_its_words():
    svg = str(stacked_bar([BarPart("r", 1), BarPart("a", 0), BarPart("g", 3)]))
    assert 'aria-hidden="true"' in svg
    assert '<rect class="r" x="0" y="0" width="30" height="12"/>' in svg
    assert '<rect class="g" x="30" y="0" width="90" height="12"/>' in svg
    assert 'class="a"' not in svg  # nothing counted, nothing drawn


def test_the_drawing_is_written_whole_as_before():
    # The markup, byte for byte, as format_html wrote it before the trend was
    # written with f-strings (indicators/sparkline.py); the label escaped.
    series = points(("A&B", "1.5"), ("2022", None), ("2023", "1.6"), ("<2024>", "1.7"))
    assert str(sparkline(series, 1)) == (
        '<svg class="scrutineer-sparkline" role="img" aria-label="Trend, A&amp;B to'
        ' &lt;2024&gt;: 1.5, c, 1.6, 1.7" focusable="false" width="80" height="20"'
        ' viewBox="0 0 80 20"><polyline class="scrutineer-sparkline__line" fill="none"'
        ' stroke="currentColor" stroke-width="1.5" points="52.7,10 78,2"/><circle'
        ' class="scrutineer-sparkline__dot" fill="currentColor" r="1.5" cx="2"'
        ' cy="18"/><circle class="scrutineer-sparkline__last" fill="currentColor"'
        ' r="2" cx="78" cy="2"/></svg>'
    )
