"""Documents a ministry can publish: re-read the PDF (pypdf) and the DOCX (python-docx)."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from docx import Document
from docx.shared import Mm
from pypdf import PdfReader
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import Principal, Role
from nucsec.reports import service
from nucsec.reports.docx_renderer import column_widths

TODAY = date(2026, 11, 25)
ADMIN = Principal("amina", Role.coordinator, Label.SENSITIVE)


def _content(engine: Engine, kind: str, fmt: str) -> bytes:
    return service.generate(
        engine=engine, kind=kind, state_code="XD", fmt=fmt, principal=ADMIN, today=TODAY
    )[1]


@pytest.mark.slow
def test_pdf_is_tagged_a4_numbered_with_title_page_outline_and_contents(
    demo_engine: Engine,
) -> None:
    reader = PdfReader(io.BytesIO(_content(demo_engine, "public", "pdf")))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root, "tagged PDF"
    assert root["/Lang"] == "en"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data(), "PDF/UA variant declared"
    meta = reader.metadata
    assert meta is not None and meta.title and "Confidence-building report" in meta.title
    assert meta.author == "Demoland"
    pages = reader.pages
    for number, page in enumerate(pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1, "A4"
        assert f"{number} / {len(pages)}" in page.extract_text(), f"page {number} numbered"
    first = pages[0].extract_text()
    for field in ("State", "Period", "Classification", "Version", "Date", "PUBLIC"):
        assert field in first
    contents = pages[1].extract_text()
    assert "Contents" in contents and re.search(r"Implementation at a glance \.+ \d", contents)
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles, "bookmarks (outline)"


@pytest.mark.parametrize("kind", ["public", "consolidated"])
def test_docx_is_a4_numbered_with_contents_and_alt_text(demo_engine: Engine, kind: str) -> None:
    doc = Document(io.BytesIO(_content(demo_engine, kind, "docx")))
    for section in doc.sections:
        assert abs(section.page_width - Mm(210)) < Mm(1)
        assert abs(section.page_height - Mm(297)) < Mm(1)
        footer = section.footer._element.xml
        assert "PAGE" in footer and "NUMPAGES" in footer
    body = doc.element.body.xml
    assert "TOC \\o" in body, "table of contents field"
    assert doc.core_properties.author and doc.core_properties.title
    pictures = doc.inline_shapes
    if kind == "public":
        assert len(pictures) >= 2
    for picture in pictures:
        assert picture._inline.docPr.get("descr"), "alt text on every chart"
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(h.paragraph_format.keep_with_next for h in headings)


def test_column_widths_follow_content_and_never_split_a_word() -> None:
    widths = column_widths(
        ["Ref", "Document", "Date"],
        [["EV-0001", "Nuclear and Radiation Security Act 2019, a long title", "2019-06-01"]],
        174,
    )
    assert sum(widths) <= 174.01
    assert widths[1] > widths[0] and widths[1] > widths[2]
    assert widths[2] >= len("2019-06-01") * 1.9, "a date is not broken"
