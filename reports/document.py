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


@dataclass(frozen=True)
class ThemeCounts:
    theme: str
    counts: tuple[int, int, int, int]  # top quartile first
    unbanded: int


@dataclass(frozen=True)
class Position:
    """The overall position among the report's comparator group: a sentence
    and a table of quartile counts per theme, captioned with the group."""

    heading: str
    group: str  # the group as the caption names it
    caption: str
    sentence: str
    themes: list[ThemeCounts]


def _method(found: selectors.Comparisons | None) -> list[Standing]:
    """The method paragraph, after the opening standing sections."""
    if found is None:
        return []
    said = wording.method_paragraphs(
        home=found.home,
        neighbours=found.neighbours,
        region=found.region,
        group=found.group,
    )
    return [Standing(wording.METHOD_HEADING, said)]


def position(found: selectors.Comparisons | None) -> Position | None:
    """The overall position section, from the position page's counts."""
    if found is None:
        return None
    themes = [
        ThemeCounts(block.name, block.counts.counts, block.counts.unbanded)
        for block in found.position.themes
    ]
    top, second, third, bottom = (sum(t.counts[q] for t in themes) for q in range(4))
    unbanded = sum(t.unbanded for t in themes)
    group, home = found.group, found.home
    return Position(
        heading=wording.POSITION_HEADING,
        group=wording.group_label(group, home),
        caption=wording.group_caption(group, home),
        sentence=wording.position_sentence(
            group, home, (top, second, third, bottom), unbanded
        ),
        themes=themes,
    )


ACTIONS_HEADING = "Open actions and earlier resolutions"
RESOLUTIONS_HEADING = "Earlier resolutions on the report's indicators"
NO_ACTIONS = "The committee has no open actions on the report's indicators."
NO_RESOLUTIONS = (
    "The committee has made no earlier resolutions on the report's indicators."
)


@dataclass(frozen=True)
class ActionRow:
    """An open action in words, as the page's table has it."""

    reference: str
    action: str
    indicators: str
    lead: str
    due: str
    status: str


def _date(day: Any) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def action_rows(found: selectors.ReportActions) -> list[ActionRow]:
    """The open actions of `selectors.report_actions`, each cell in words
    (the PDF and the DOCX; the page links each to its action)."""
    return [
        ActionRow(
            reference=action.reference,
            action=action.description,
            indicators="; ".join(i.name for i in action.report_indicators),  # type: ignore[attr-defined]
            lead=action.lead_display,
            due=_date(action.due_date),
            status=f"Overdue ({action.get_status_display().lower()})"
            if action.is_overdue
            else action.get_status_display(),
        )
        for action in found.actions
    ]


def resolution_lines(found: selectors.ReportActions) -> list[str]:
    """Each earlier resolution in one line: where it was made, its kind, its
    text, the indicators it is on and its actions."""
    lines = []
    for resolution in found.resolutions:
        item = resolution.item
        on = "; ".join(i.name for i in resolution.report_indicators)  # type: ignore[attr-defined]
        actions = "; ".join(
            f"{a.reference} ({a.get_status_display().lower()})"
            for a in resolution.actions.all()
        )
        lines.append(
            f"Meeting of {_date(item.meeting.date)}, item {item.number}, resolution "
            f"({resolution.letter}), {resolution.get_kind_display().lower()}: "
            f"{resolution.text} On: {on}."
            + (f" Actions: {actions}." if actions else "")
        )
    if found.more_resolutions:
        lines.append(
            f"The {len(found.resolutions)} most recent are listed; the "
            "committee's pages have the rest."
        )
    return lines


def document(report: Report) -> dict[str, Any]:
    """What the page, the PDF and the DOCX show, in the committee's order:
    purpose and background, how the figures are compared, the summary,
    highlights, areas for improvement, the rest, the overall position among
    the report's comparator group, the closing standing sections, the open
    actions and earlier resolutions, the appendix dashboard and the
    glossary. Reads report.paragraphs (prefetch them, as
    selectors.report_for_page does); queries the glossary, the comparisons
    and the actions (a dozen queries, however long the report)."""
    paragraphs = list(report.paragraphs.all())
    found = selectors.report_comparisons(report)
    actions = selectors.report_actions(report)
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
        "opening": _standing(report, opening=True) + _method(found),
        "sections": blocks,
        "position": position(found),
        "closing": _standing(report, opening=False),
        "report_actions": actions,
        "actions_heading": ACTIONS_HEADING,
        "actions": action_rows(actions),
        "actions_caption": f"Open actions on the report's indicators "
        f"({len(actions.actions)}), status today",
        "resolutions_heading": RESOLUTIONS_HEADING,
        "resolutions": resolution_lines(actions),
        "no_actions": NO_ACTIONS,
        "no_resolutions": NO_RESOLUTIONS,
        "appendix": appendix(paragraphs),
        "glossary": selectors.glossary(),
        "paragraph_count": len(paragraphs),
    }
