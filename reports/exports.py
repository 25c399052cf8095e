"""The report as a file: the PDF from the page's template, and the DOCX
built from the same parts (`reports.document`)."""

from __future__ import annotations

import io
import logging
from typing import Any

from django.template.loader import render_to_string

from indicators.text import clean_text
from reports import charts
from reports.document import (
    GLOSSARY_HEADING,
    ActionRow,
    AppendixRow,
    Block,
    Position,
    Standing,
    document,
    report_title,
)
from reports.models import Report

__all__ = ["document", "render_docx", "render_pdf", "report_title"]

# WeasyPrint logs every layout step at INFO: keep its warnings, not the steps.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# --- PDF ---------------------------------------------------------------------------------


def render_pdf(report: Report) -> bytes:
    """A tagged PDF (PDF/UA-1: structure tree, language, title shown), charts
    as SVG with alt text."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string("reports/report_pdf.html", document(report))
    # Only inline data: images are read, so nothing in a report can make the
    # server fetch a URL.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")


# --- DOCX --------------------------------------------------------------------------------


def _set_language(doc: Any, lang: str = "en-GB") -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:val"), lang)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


APPENDIX_COLUMNS = [
    ("Indicator", "name"),
    ("Period", "period"),
    ("Value", "value"),
    ("Previous", "previous"),
    ("Direction of travel", "direction"),
    ("Target", "target"),
    ("RAG", "rag"),
    ("National quartile", "quartile"),
    ("Statistical neighbours", "neighbours"),
    ("England", "england"),
]


# A4, as council papers are printed (python-docx's template is US Letter).
A4_SHORT_MM, A4_LONG_MM = 210, 297
MARGIN_MM = 20
APPENDIX_MARGIN_MM = 12
APPENDIX_FONT_PT = 8
# A character of Arial at the appendix's size is about this wide on average;
# a column is never narrower than its longest word (so that no word breaks
# across lines), and never wider than this many characters.
CHAR_MM = APPENDIX_FONT_PT * 0.19
CELL_PADDING_MM = 2.2
NATURAL_CAP = 48


def column_widths(columns: list[list[str]], total_mm: float) -> list[float]:
    """Widths in mm for table columns, by their content: each column gets at
    least the width of its longest word (plus padding), and what is left of
    `total_mm` goes to the columns whose text would wrap most, in proportion
    to how much more they would take on one line. `columns` lists each
    column's cells (its header first). Pure: no document needed."""
    words = [
        max((len(w) for c in cells for w in c.split()), default=1) for cells in columns
    ]
    natural = [
        min(max((len(c) for c in cells), default=1), NATURAL_CAP) for cells in columns
    ]
    least = [w * CHAR_MM + CELL_PADDING_MM for w in words]
    wanted = [
        max(n * CHAR_MM + CELL_PADDING_MM, m)
        for n, m in zip(natural, least, strict=True)
    ]
    spare = total_mm - sum(least)
    if spare <= 0:  # too many long words to fit: share in proportion to them
        return [total_mm * m / sum(least) for m in least]
    extra = [w - m for w, m in zip(wanted, least, strict=True)]
    if sum(extra) <= spare:  # everything fits on one line: spread the rest evenly
        even = (spare - sum(extra)) / len(columns)
        return [w + even for w in wanted]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]


def _a4(section: Any, *, landscape: bool, margin_mm: float) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    short, long = Mm(A4_SHORT_MM), Mm(A4_LONG_MM)
    section.page_width, section.page_height = (
        (long, short) if landscape else (short, long)
    )
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(margin_mm))


def _cell_text(row: AppendixRow, attribute: str) -> str:
    text = getattr(row, attribute)
    if attribute == "value" and row.count:
        text += f" ({row.count})"
    if attribute == "value" and row.marks:
        text += f" [{row.marks}]"
    if attribute == "period" and row.lagged:
        text += " (latest available)"
    return text


def render_docx(report: Report) -> bytes:
    """The report as a Word document, as committee papers are: title, the
    opening standing sections and how the figures are compared, numbered
    paragraphs under their headings, charts with alt text, the overall
    position among the comparator group, the closing standing sections, the
    open actions and earlier resolutions, the appendix dashboard table with
    a repeating header row, and the glossary."""
    from docx import Document
    from docx.shared import Pt

    context = document(report)
    # Every text from the database is cleaned (clean_text): a paragraph or
    # name stored before input was cleaned must not make python-docx refuse.
    title = clean_text(context["title"])
    doc = Document()
    _a4(doc.sections[0], landscape=False, margin_mm=MARGIN_MM)
    _set_language(doc)
    doc.core_properties.title = title
    doc.core_properties.subject = "Quarterly performance report"
    doc.core_properties.language = "en-GB"
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(title, level=0)
    if not report.is_final:
        doc.add_paragraph("Draft: not yet final.").runs[0].bold = True
    _docx_standing(doc, context["opening"])
    _docx_sections(doc, context["sections"])
    _docx_position(doc, context["position"])
    _docx_standing(doc, context["closing"])
    _docx_actions(doc, context)
    _docx_appendix(doc, context["appendix"])
    _docx_glossary(doc, context["glossary"])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docx_standing(doc: Any, sections: list[Standing]) -> None:
    for section in sections:
        doc.add_heading(clean_text(section.heading), level=1)
        for text in section.paragraphs:
            doc.add_paragraph(clean_text(text))


def _docx_sections(doc: Any, blocks: list[Block]) -> None:
    """The numbered paragraphs under their headings and subheadings, each
    chart after its paragraph with its alt text and caption."""
    from docx.shared import Cm

    for block in blocks:
        if block.new_heading:
            doc.add_heading(clean_text(block.heading), level=1)
        if block.subheading:
            doc.add_heading(clean_text(block.subheading), level=2)
        for item in block.items:
            paragraph = item.paragraph
            numbered = doc.add_paragraph()
            numbered.paragraph_format.left_indent = Cm(1)
            numbered.paragraph_format.first_line_indent = Cm(-1)
            numbered.add_run(f"{paragraph.position}.\t")
            numbered.add_run(clean_text(paragraph.text))
            if item.chart is not None:
                picture = doc.add_picture(
                    io.BytesIO(charts.png(item.chart.geometry)), width=Cm(14)
                )
                picture._inline.docPr.set("descr", clean_text(item.chart.alt))
                picture._inline.docPr.set("title", clean_text(item.chart.caption))
                caption = doc.add_paragraph(
                    clean_text(item.chart.caption), style="Caption"
                )
                caption.paragraph_format.left_indent = Cm(1)


def _docx_table(
    doc: Any, caption: str, header: list[str], rows: list[list[str]]
) -> None:
    """A captioned table, its header row bold and repeating on each page."""
    doc.add_paragraph(clean_text(caption), style="Caption")
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    _repeat_header(table.rows[0])
    for number, (row, texts) in enumerate(
        zip(table.rows, [header, *rows], strict=True)
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.paragraphs[0].add_run(clean_text(text)).bold = number == 0


POSITION_COLUMNS = [
    "Theme",
    "Top quartile",
    "Second",
    "Third",
    "Bottom quartile",
    "No quartile",
]
ACTION_COLUMNS = ["Reference", "Action", "Indicator", "Lead officer", "Due", "Status"]


def _docx_position(doc: Any, position: Position | None) -> None:
    """The overall position among the comparator group: its sentence and
    the quartile counts per theme."""
    if position is None:
        return
    doc.add_heading(clean_text(position.heading), level=1)
    doc.add_paragraph(clean_text(position.sentence))
    rows = [[t.theme, *map(str, t.counts), str(t.unbanded)] for t in position.themes]
    _docx_table(doc, position.caption, POSITION_COLUMNS, rows)


def _docx_actions(doc: Any, context: dict[str, Any]) -> None:
    """The open actions and earlier resolutions, as the page has them."""
    doc.add_heading(clean_text(context["actions_heading"]), level=1)
    actions: list[ActionRow] = context["actions"]
    if actions:
        rows = [
            [a.reference, a.action, a.indicators, a.lead, a.due, a.status]
            for a in actions
        ]
        _docx_table(doc, context["actions_caption"], ACTION_COLUMNS, rows)
    else:
        doc.add_paragraph(clean_text(context["no_actions"]))
    doc.add_heading(clean_text(context["resolutions_heading"]), level=2)
    for line in context["resolutions"] or [context["no_resolutions"]]:
        doc.add_paragraph(clean_text(line))


def _docx_glossary(doc: Any, terms: list[Any]) -> None:
    """The glossary, after the appendix: each term in bold, then its
    definition."""
    if not terms:
        return
    doc.add_heading(GLOSSARY_HEADING, level=1)
    for term in terms:
        entry = doc.add_paragraph()
        entry.add_run(clean_text(term.term)).bold = True
        entry.add_run(": " + clean_text(term.definition))


def _docx_appendix(doc: Any, rows: list[AppendixRow]) -> None:
    """The appendix dashboard on a landscape page: a table whose header row
    repeats on every page, its columns as wide as their longest words."""
    from docx.shared import Mm, Pt

    section = doc.add_section()
    _a4(section, landscape=True, margin_mm=APPENDIX_MARGIN_MM)
    doc.add_heading("Appendix: performance dashboard", level=1)
    texts = [
        [label for label, _ in APPENDIX_COLUMNS],
        *(
            [_cell_text(row, attribute) for _, attribute in APPENDIX_COLUMNS]
            for row in rows
        ),
    ]
    widths = column_widths(
        [list(column) for column in zip(*texts, strict=True)],
        A4_LONG_MM - 2 * APPENDIX_MARGIN_MM,
    )
    table = doc.add_table(rows=len(texts), cols=len(APPENDIX_COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    _repeat_header(table.rows[0])
    # Word reads each cell's width, LibreOffice the grid's: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for number, (row, cells_text) in enumerate(zip(table.rows, texts, strict=True)):
        for cell, text, width in zip(row.cells, cells_text, widths, strict=True):
            cell.width = Mm(width)
            run = cell.paragraphs[0].add_run(clean_text(text))
            run.font.size = Pt(APPENDIX_FONT_PT)
            run.bold = number == 0  # the header row
