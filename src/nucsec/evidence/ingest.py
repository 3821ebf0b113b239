"""Documents into passages: what mapping and search read.

A plain-text reading (pages split by form feeds, passages by blank lines), with PDF read through
pypdf when it is installed. The full ingestion (DOCX, HTML, type checks by content) replaces it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from nucsec.errors import NucsecError


class IngestError(NucsecError):
    """The file cannot be read into passages; the message says why, in one line."""


@dataclass(frozen=True)
class Passage:
    page: int | None
    text: str


@dataclass(frozen=True)
class Document:
    title: str
    media_type: str
    pages: int
    passages: tuple[Passage, ...]


def sniff(data: bytes, *, filename: str) -> str:
    """The media type of `data`, judged by its content, not its name."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise IngestError(f"{filename}: not a document nucsec can read") from None
    return "text/plain"


def read_document(data: bytes, *, filename: str, max_bytes: int) -> Document:
    if len(data) > max_bytes:
        raise IngestError(f"{filename}: larger than {max_bytes} bytes")
    if not data.strip():
        raise IngestError(f"{filename}: the file is empty")
    media_type = sniff(data, filename=filename)
    pages = _pdf_pages(data, filename) if media_type == "application/pdf" else _text_pages(data)
    passages = tuple(
        Passage(page=number, text=paragraph)
        for number, text in enumerate(pages, start=1)
        for paragraph in _paragraphs(text)
    )
    if not passages:
        raise IngestError(f"{filename}: no text found")
    return Document(title=filename, media_type=media_type, pages=len(pages), passages=passages)


def _text_pages(data: bytes) -> list[str]:
    return data.decode("utf-8").split("\f")


def _pdf_pages(data: bytes, filename: str) -> list[str]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - the full ingestion brings its PDF reader
        raise IngestError(f"{filename}: PDF reading is not installed") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError(f"{filename}: the PDF is encrypted")
        return [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as exc:
        raise IngestError(f"{filename}: broken PDF ({exc})") from None


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, with wrapped lines joined."""
    parts = re.split(r"\n\s*\n", text)
    return [" ".join(p.split()) for p in parts if p.strip()]
