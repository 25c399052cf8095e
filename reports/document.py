"""The report as a document: what the page, the PDF and the DOCX show, in
the committee's order, every cell of the appendix already in words. Numbers
are formatted by `indicators.formatting`; charts come from `reports.charts`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from indicators.formatting import (
    direction_words,
    figure_marks,
    format_count,
    format_figure,
    format_mean,
    format_quartile,
    format_value,
    rag_words,
)
from reports import charts, selectors, wording
from reports.models import OPENING_SECTIONS, Paragraph, Report


def report_title(report: Report) -> str:
    """Reads report.period (select_related it)."""
    return (
        f"Quarterly performance report: {report.committee_name}, "
        f"{report.period.display_label}"
    )


@dataclass(frozen=True)
class Chart:
    uri: str  # an SVG data URI
    alt: str
    caption: str
    geometry: charts.Geometry


def chart(paragraph: Paragraph) -> Chart | None:
    """The chart of an indicator paragraph's stored series; None for fewer
    than two periods (one point is no trend: the paragraph says it)."""
    if len(paragraph.series) < 2 or not paragraph.key.startswith("indicator:"):
        return None
    facts = wording.facts_from_json(paragraph.facts)
    points = charts.points_from_series(paragraph.series)
    target = facts.target if facts.rag_method == "target" else None
    geo = charts.geometry(
        points, unit=facts.unit, decimals=facts.decimals, target=target
    )
    if geo is None:
        return None
    alt = charts.alt_text(
        facts.name, points, unit=facts.unit, decimals=facts.decimals, target=target
    )
    caption = f"{facts.name}: {points[0][0]} to {points[-1][0]}"
    return Chart(charts.svg_data_uri(geo, caption), alt, caption, geo)


@dataclass(frozen=True)
class AppendixRow:
    """One row of the appendix dashboard, every cell already in words."""

    name: str
    theme: str
    period: str
    lagged: bool
    value: str
    count: str
    previous: str
    direction: str
    target: str
    rag: str
    rag_code: str
    quartile: str
    neighbours: str
    england: str
    comparison_period: str
    marks: str = ""  # 'illustrative', 'provisional' (formatting.figure_marks)


def _shown(facts: wording.Facts, value: Decimal | None) -> str:
    return "" if value is None else format_value(value, facts.unit, facts.decimals)


def appendix(paragraphs: list[Paragraph]) -> list[AppendixRow]:
    rows = []
    for facts in selectors.appendix_rows(paragraphs):
        rows.append(
            AppendixRow(
                name=facts.name,
                theme=facts.theme,
                period=facts.period,
                lagged=facts.lagged,
                value=format_figure(
                    facts.value, facts.unit, facts.decimals, facts.suppression
                ),
                count=format_count(facts.numerator, facts.denominator),
                previous=_shown(facts, facts.previous_value),
                direction=direction_words(facts.direction),
                target=_shown(facts, facts.target),
                rag=rag_words(facts.rag),
                rag_code=facts.rag,
                quartile=quartile_cell(facts),
                neighbours=format_mean(
                    facts.neighbour_mean,
                    facts.neighbour_count,
                    facts.unit,
                    facts.decimals,
                )
                if facts.neighbour_mean is not None
                else "",
                england=_shown(facts, facts.england_value),
                comparison_period=facts.comparison_period,
                marks=figure_marks(
                    provenance=facts.provenance, provisional=facts.provisional
                ),
            )
        )
    return rows


def quartile_cell(facts: wording.Facts) -> str:
    """The appendix's quartile cell: the quartile and rank, or what is
    missing and why (not that there is no national data, when England's and
    the neighbours' figures stand beside it)."""
    said = format_quartile(facts.quartile, facts.rank, facts.rank_of)
    if said:
        return said
    if facts.england_value is None and facts.neighbour_mean is None:
        return "No national data"
    if facts.polarity == "none":
        return "No quartile: neither higher nor lower is better"
    if not facts.banded:
        return "No quartile: not banded nationally"
    return "No quartile for this period"


GLOSSARY_HEADING = "Glossary"


@dataclass(frozen=True)
class Item:
    paragraph: Paragraph
    chart: Chart | None


@dataclass(frozen=True)
class Block:
    """Numbered paragraphs under a heading (shown when `new_heading`) and a
    subheading (the council plan outcome, or the theme)."""

    heading: str
    subheading: str
    new_heading: bool
    items: list[Item]


@dataclass(frozen=True)
class Standing:
    heading: str
    paragraphs: list[str]  # the text, split at blank lines


def _standing(report: Report, opening: bool) -> list[Standing]:
    """The written standing sections: purpose and background (opening) or
    the rest (closing)."""
    chosen = report.standing_sections()
    chosen = chosen[:OPENING_SECTIONS] if opening else chosen[OPENING_SECTIONS:]
    return [
        Standing(heading, [p.strip() for p in text.split("\n\n") if p.strip()])
        for _, heading, text in chosen
        if text.strip()
    ]


def document(report: Report) -> dict[str, Any]:
    """What the page, the PDF and the DOCX show, in the committee's order:
    purpose and background, the summary, highlights, areas for improvement,
    the rest, the closing standing sections, the appendix dashboard and the
    glossary. Reads report.paragraphs (prefetch them, as
    selectors.report_for_page does); queries the glossary (one query)."""
    paragraphs = list(report.paragraphs.all())
    blocks = [
        Block(
            section.heading,
            section.subheading,
            section.new_heading,
            [Item(p, chart(p)) for p in section.paragraphs],
        )
        for section in selectors.sections(paragraphs)
    ]
    return {
        "report": report,
        "title": report_title(report),
        "opening": _standing(report, opening=True),
        "sections": blocks,
        "closing": _standing(report, opening=False),
        "appendix": appendix(paragraphs),
        "glossary": selectors.glossary(),
        "paragraph_count": len(paragraphs),
    }
