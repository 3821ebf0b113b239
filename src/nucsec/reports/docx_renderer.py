"""DOCX rendering with python-docx; charts are the report's SVG rasterised to PNG.

A4 like the PDF, with a title page, a table of contents field (Word fills it on opening),
page numbers in the footer, headings kept with what follows, alt text on every chart and
table columns sized to their content.
"""

from __future__ import annotations

import io

import cairosvg
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from nucsec.reports.document import Report, Section

LABEL_RGB = {
    "PUBLIC": RGBColor(0x1A, 0x6B, 0x2F),
    "OFFICIAL": RGBColor(0x7A, 0x52, 0x00),
    "SENSITIVE": RGBColor(0xA1, 0x12, 0x1B),
}
A4 = (Mm(210), Mm(297))
MARGIN = Mm(18)
TEXT_WIDTH_MM = 210 - 2 * 18


def render(report: Report) -> bytes:
    doc = Document()
    doc.core_properties.title = report.title
    doc.core_properties.author = report.author or report.state_name
    doc.core_properties.subject = f"{report.state_name} ({report.state_code})"
    doc.core_properties.keywords = report.label
    doc.core_properties.language = "en"
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = MARGIN
        header = section.header.paragraphs[0]
        run = header.add_run(report.label)
        run.bold, run.font.color.rgb = True, LABEL_RGB[report.label]
        _page_numbers(section.footer.paragraphs[0])
    _update_fields_on_open(doc)
    _title_page(doc, report)
    _contents(doc)
    for part in report.sections:
        _section(doc, part, 1)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES, TOC) with the text shown until Word updates it."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _page_numbers(paragraph) -> None:
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES", "1")


def _update_fields_on_open(doc) -> None:
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    doc.settings.element.append(element)


def _title_page(doc, report: Report) -> None:
    label = doc.add_paragraph().add_run(report.label)
    label.bold, label.font.color.rgb = True, LABEL_RGB[report.label]
    doc.add_heading(report.title, level=0)
    for key, value in (
        ("State", f"{report.state_name} ({report.state_code})"),
        ("Report", report.title),
        ("Period", report.period or f"up to {report.generated_on}"),
        ("Classification", report.label),
        ("Version", report.version),
        ("Date", report.generated_on),
        ("Framework", report.framework),
    ):
        p = doc.add_paragraph()
        p.add_run(f"{key}: ").bold = True
        p.add_run(value)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(doc) -> None:
    _heading(doc, "Contents", 1)
    _field(
        doc.add_paragraph(),
        'TOC \\o "1-3" \\h \\z \\u',
        "The table of contents is filled in when the document is opened.",
    )
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _heading(doc, text: str, level: int):
    heading = doc.add_heading(text, level=level)
    heading.paragraph_format.keep_with_next = True
    return heading


def _section(doc, section: Section, level: int) -> None:
    _heading(doc, section.title, min(level, 4))
    if section.provisions:
        doc.add_paragraph().add_run("Answers: " + "; ".join(section.provisions)).italic = True
    for block in section.blocks:
        _block(doc, block)
    for sub in section.sections:
        _section(doc, sub, level + 1)


def column_widths(columns: list[str], rows: list[list[str]], total_mm: float) -> list[float]:
    """Widths in mm sized to the content: at least the longest word, then by typical length."""
    longest_word, typical = [], []
    for i, heading in enumerate(columns):
        cells = [heading, *(str(r[i]) for r in rows)]
        longest_word.append(max((len(w) for c in cells for w in c.split()), default=1))
        typical.append(max(len(c) for c in cells))
    char_mm = 1.9  # about one character of 9-10 pt text
    floor = [min(w * char_mm + 3, total_mm / 2) for w in longest_word]
    spare = max(total_mm - sum(floor), 0)
    want = [max(t * char_mm + 3 - f, 0) for t, f in zip(typical, floor, strict=True)]
    scale = min(1.0, spare / sum(want)) if sum(want) else 0.0
    widths = [f + w * scale for f, w in zip(floor, want, strict=True)]
    factor = total_mm / sum(widths) if sum(widths) > total_mm else 1.0
    return [w * factor for w in widths]


def _block(doc, block) -> None:
    kind = block.kind
    if kind == "paragraph":
        doc.add_paragraph(block.text)
    elif kind == "notice":
        doc.add_paragraph().add_run(block.text).bold = True
    elif kind == "facts":
        for key, value in block.pairs:
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(f"{key}: ").bold = True
            p.add_run(value)
    elif kind == "bullets":
        for item in block.items:
            doc.add_paragraph(item, style="List Bullet")
    elif kind == "table":
        if block.caption:
            caption = doc.add_paragraph()
            caption.add_run(block.caption).bold = True
            caption.paragraph_format.keep_with_next = True
        table = doc.add_table(rows=1, cols=len(block.columns))
        table.style = "Table Grid"
        table.autofit = False
        widths = [Mm(w) for w in column_widths(block.columns, block.rows, TEXT_WIDTH_MM)]
        for cell, text in zip(table.rows[0].cells, block.columns, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold, run.font.size = True, Pt(9)
        for row in block.rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = str(text)
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(9)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
            for cell in column.cells:
                cell.width = width
    elif kind == "chart":
        png = cairosvg.svg2png(bytestring=block.svg.encode("utf-8"), output_width=1400)
        doc.add_picture(io.BytesIO(png), width=Mm(TEXT_WIDTH_MM))
        picture = doc.inline_shapes[-1]
        properties = picture._inline.docPr
        properties.set("descr", block.caption)
        properties.set("title", block.caption)
        doc.add_paragraph().add_run(block.caption).italic = True
