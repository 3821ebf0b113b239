"""DOCX rendering with python-docx; charts are the report's SVG rasterised to PNG."""

from __future__ import annotations

import io

import cairosvg
from docx import Document
from docx.shared import Inches, Pt, RGBColor

from nucsec.reports.document import Report, Section

LABEL_RGB = {
    "PUBLIC": RGBColor(0x1A, 0x6B, 0x2F),
    "OFFICIAL": RGBColor(0x7A, 0x52, 0x00),
    "SENSITIVE": RGBColor(0xA1, 0x12, 0x1B),
}


def render(report: Report) -> bytes:
    doc = Document()
    doc.core_properties.title = report.title
    doc.core_properties.subject = f"{report.state_name} ({report.state_code})"
    doc.core_properties.keywords = report.label
    for section in doc.sections:
        header = section.header.paragraphs[0]
        run = header.add_run(report.label)
        run.bold, run.font.color.rgb = True, LABEL_RGB[report.label]
    label = doc.add_paragraph().add_run(report.label)
    label.bold, label.font.color.rgb = True, LABEL_RGB[report.label]
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(
        f"{report.state_name} ({report.state_code}) · generated "
        f"{report.generated_on} · framework {report.framework}"
    )
    for part in report.sections:
        _section(doc, part, 1)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _section(doc, section: Section, level: int) -> None:
    doc.add_heading(section.title, level=min(level, 4))
    if section.provisions:
        doc.add_paragraph().add_run("Answers: " + "; ".join(section.provisions)).italic = True
    for block in section.blocks:
        _block(doc, block)
    for sub in section.sections:
        _section(doc, sub, level + 1)


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
            doc.add_paragraph().add_run(block.caption).bold = True
        table = doc.add_table(rows=1, cols=len(block.columns))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, block.columns, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold, run.font.size = True, Pt(9)
        for row in block.rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = str(text)
    elif kind == "chart":
        png = cairosvg.svg2png(bytestring=block.svg.encode("utf-8"), output_width=1400)
        doc.add_picture(io.BytesIO(png), width=Inches(6.2))
        doc.add_paragraph().add_run(block.caption).italic = True
