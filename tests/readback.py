"""Read produced documents back as text, the way a recipient's tools would."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser

from docx import Document
from pypdf import PdfReader


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.ids: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.ids += [v for k, v in attrs if k == "id" and v]
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(content: bytes) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(content.decode("utf-8"))
    return " ".join(parser.parts), parser.ids


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    parts += [p.text for s in doc.sections for p in s.header.paragraphs]
    return "\n".join(parts)


def text_of(fmt: str, content: bytes) -> str:
    """The text a reader sees, with runs of white space (line wraps, cells) made one space."""
    if fmt == "pdf":
        text = pdf_text(content)
    elif fmt == "docx":
        text = docx_text(content)
    elif fmt == "html":
        text = html_text(content)[0]
    elif fmt == "json":
        text = json.dumps(json.loads(content), ensure_ascii=False)
    else:
        text = content.decode("utf-8")
    return " ".join(text.split())
