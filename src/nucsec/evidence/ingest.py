"""Reading a stored document into passages: the unit that search and mapping work on.

The type of a file is decided by its content, never by its name: a name that promises one type
over content of another is refused, as are broken, encrypted, empty and oversized files. Every
refusal is an `IngestError` with a one-line message, raised before anything is stored.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

from nucsec.errors import Invalid

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
TEXT = "text/plain"
IMAGES = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
}
WEBP = "image/webp"
UNKNOWN = "application/octet-stream"
SUPPORTED = (PDF, DOCX, HTML, TEXT, *IMAGES, WEBP)

# What a file's name promises; content of another type under such a name is refused.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    ".pdf": (PDF,),
    ".docx": (DOCX,),
    ".html": (HTML,),
    ".htm": (HTML,),
    ".xhtml": (HTML,),
    ".txt": (TEXT, HTML),
    ".text": (TEXT, HTML),
    ".md": (TEXT, HTML),
    ".png": ("image/png",),
    ".jpg": ("image/jpeg",),
    ".jpeg": ("image/jpeg",),
    ".gif": ("image/gif",),
    ".webp": (WEBP,),
}

MAX_PASSAGE = 1200  # characters; longer paragraphs are split at sentence ends
MAX_EXPANSION = 20  # a DOCX may unpack to at most this many times the size limit (zip bombs)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'(\[]?[A-Z0-9])")
_BULLET = re.compile(r"^\s*(?:[-•*–▪●]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$", re.IGNORECASE)


class IngestError(Invalid):
    """A file that cannot be read into passages; the message is one line for the user."""


@dataclass(frozen=True)
class Passage:
    """A paragraph-sized piece of a document; `page` is 1-based for PDF, None otherwise."""

    page: int | None
    text: str


@dataclass(frozen=True)
class Document:
    """What ingestion learns of a file: `pages` is the PDF page count, 1 for other documents
    with text, 0 for images (stored, searchable by the record only)."""

    title: str
    media_type: str
    pages: int
    passages: tuple[Passage, ...]


# --- type by content ----------------------------------------------------------------------------


def sniff(data: bytes, *, filename: str) -> str:
    """The media type of `data`, read from its content (`filename` only breaks a tie between
    plain text and HTML, which share their first bytes)."""
    head = data[:1024]
    if head.lstrip(b"\r\n\t \xef\xbb\xbf").startswith(b"%PDF-"):
        return PDF
    for media_type, magics in IMAGES.items():
        if head.startswith(magics):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return DOCX if _is_docx(data) else UNKNOWN
    text = _decode(data)
    if text is None:
        return UNKNOWN
    if _looks_like_html(text) and PurePath(filename).suffix.lower() not in (".txt", ".text", ".md"):
        return HTML
    return TEXT


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names


def _read_text(text: str) -> tuple[int, tuple[Passage, ...]]:
    """Plain text; form feeds, which text extracted from a paginated document keeps between
    pages, number the pages, so a passage can still be cited by page."""
    if "\f" not in text.strip("\f"):
        return 1, _passages(_paragraphs(text), None)
    pages = text.strip("\f").split("\f")
    passages = [p for n, page in enumerate(pages, 1) for p in _passages(_paragraphs(page), n)]
    return len(pages), tuple(passages)


def _decode(data: bytes) -> str | None:
    """The text of `data` if it is text (UTF-8, UTF-16 with a byte-order mark, or a single-byte
    Western encoding without control characters), else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\t\n\r\f")
    return None if controls else text


def _looks_like_html(text: str) -> bool:
    start = text.lstrip()[:512].lower()
    return start.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower()


# --- reading ------------------------------------------------------------------------------------


def read_document(data: bytes, *, filename: str, max_bytes: int) -> Document:
    """`data` as a document of passages, or an IngestError saying, in one line, why not."""
    name = PurePath(filename).name or "file"
    if not data:
        raise IngestError(f"{name} is empty")
    if len(data) > max_bytes:
        raise IngestError(
            f"{name} is {_size(len(data))}; the largest file accepted is {_size(max_bytes)}"
        )
    media_type = sniff(data, filename=name)
    if media_type == UNKNOWN and data.startswith(b"PK\x03\x04"):
        raise IngestError(f"{name} is a broken DOCX file (not a readable Word document package)")
    if media_type == UNKNOWN:
        raise IngestError(
            f"{name} is not a PDF, DOCX, HTML, plain-text or image file (judged by its content)"
        )
    promised = EXTENSIONS.get(PurePath(name).suffix.lower())
    if promised is not None and media_type not in promised:
        raise IngestError(
            f"{name} is named as {PurePath(name).suffix.lower()[1:].upper()} but its content is "
            f"{_describe(media_type)}"
        )
    if media_type in IMAGES or media_type == WEBP:
        return Document(title=_stem(name), media_type=media_type, pages=0, passages=())
    if media_type == PDF:
        title, pages, passages = _read_pdf(data, name)
    elif media_type == DOCX:
        title, passages = _read_docx(data, name, max_bytes)
        pages = 1
    else:
        text = _decode(data) or ""
        if media_type == HTML:
            title, blocks = _read_html(text)
            passages = _passages(blocks, None)
            pages = 1
        else:
            title, pages, passages = "", *_read_text(text)
    if not passages:
        hint = " (a scanned PDF needs text recognition first)" if media_type == PDF else ""
        raise IngestError(f"{name} holds no text to read{hint}")
    title = _clean(title) or _first_line(passages) or _stem(name)
    return Document(title=title[:300], media_type=media_type, pages=pages, passages=passages)


def _read_pdf(data: bytes, name: str) -> tuple[str, int, tuple[Passage, ...]]:
    """pypdf checks the file (encryption, metadata); PDFium (pypdfium2) reads the text, some
    twenty times faster than pypdf's pure-Python extraction on long reports."""
    import logging

    import pypdfium2
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # broken files are reported once, below
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise IngestError(f"{name} is encrypted; store a copy without a password")
        title = ""
        if reader.metadata is not None and reader.metadata.title:
            title = str(reader.metadata.title)
        document = pypdfium2.PdfDocument(data)
        try:
            pages = len(document)
            passages: list[Passage] = []
            for number in range(pages):
                page = document[number]
                text_page = page.get_textpage()
                text = text_page.get_text_bounded()
                text_page.close()
                page.close()
                passages.extend(_passages(_pdf_paragraphs(text), number + 1))
        finally:
            document.close()
    except IngestError:
        raise
    except (PyPdfError, pypdfium2.PdfiumError, ValueError, TypeError, KeyError, IndexError,
            AttributeError, OSError, RecursionError, AssertionError,
            ZeroDivisionError) as exc:  # fmt: skip
        raise IngestError(f"{name} is a broken PDF ({_reason(exc)})") from exc
    if pages == 0:
        raise IngestError(f"{name} is a PDF without pages")
    return title, pages, tuple(passages)


def _read_docx(data: bytes, name: str, max_bytes: int) -> tuple[str, tuple[Passage, ...]]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > max_bytes * MAX_EXPANSION:
            raise IngestError(f"{name} unpacks to {_size(unpacked)}, too large to read")
        document = docx.Document(io.BytesIO(data))
        blocks = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                cells = [c.text.strip() for c in row.cells]
                blocks.append(" | ".join(dict.fromkeys(c for c in cells if c)))
        title = document.core_properties.title or ""
    except IngestError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise IngestError(f"{name} is a broken DOCX file ({_reason(exc)})") from exc
    except Exception as exc:  # lxml raises its own XMLSyntaxError on damaged parts
        raise IngestError(f"{name} is a broken DOCX file ({_reason(exc)})") from exc
    return title, _passages(blocks, None)


class _HTMLText(HTMLParser):
    """Text of an HTML page as blocks (one per paragraph, heading, list item, cell row)."""

    BLOCKS = frozenset((
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table",
        "section", "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "main",
        "aside", "nav", "figure", "figcaption", "hr",
    ))  # fmt: skip
    SKIP = frozenset(("script", "style", "noscript", "template", "head", "svg"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.title = ""
        self._current: list[str] = []
        self._skipping = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self.SKIP:
            self._skipping += 1
        elif tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self.SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skipping:
            self._current.append(data)

    def _flush(self) -> None:
        text = "".join(self._current)
        self._current = []
        if text.strip():
            self.blocks.append(text)

    def close(self) -> None:
        super().close()
        self._flush()


def _read_html(text: str) -> tuple[str, list[str]]:
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    return parser.title, parser.blocks


# --- passages -----------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: blank lines separate them; a bullet starts a new one."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").split("\n"):
        if not line.strip():
            if current:
                paragraphs.append(_join(current))
                current = []
            continue
        if current and _BULLET.match(line):
            paragraphs.append(_join(current))
            current = []
        current.append(line)
    if current:
        paragraphs.append(_join(current))
    return paragraphs


def _pdf_paragraphs(text: str) -> list[str]:
    """Paragraphs of a PDF page's text, where lines are wrapped and blank lines are rare: a
    paragraph also ends after a short line that ends a sentence, before a bullet, and where a
    short line (a heading, a paragraph's last line) is followed by a capital."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    width = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line.strip() or _PAGE_NUMBER.match(line):
            if current:
                paragraphs.append(_join(current))
                current = []
            continue
        short = bool(current) and len(current[-1].strip()) < 0.6 * width
        if current and (_BULLET.match(line) or (short and line.lstrip()[:1].isupper())):
            paragraphs.append(_join(current))  # a bullet, or a line after a heading
            current = []
        current.append(line)
        if line.endswith((".", "!", "?", ":")) and len(line) < 0.75 * width:
            paragraphs.append(_join(current))
            current = []
    if current:
        paragraphs.append(_join(current))
    return paragraphs


def _join(lines: list[str]) -> str:
    """Wrapped lines as one: a word hyphenated across a line break is mended."""
    text = ""
    for raw in lines:
        line = raw.strip()
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text


def _passages(blocks: list[str], page: int | None) -> tuple[Passage, ...]:
    found: list[Passage] = []
    for block in blocks:
        text = _clean(block)
        if not text or _PAGE_NUMBER.match(text):
            continue
        found.extend(Passage(page=page, text=piece) for piece in _split(text))
    return tuple(found)


def _split(text: str) -> list[str]:
    """`text` in pieces of at most MAX_PASSAGE characters, cut at sentence ends where possible."""
    if len(text) <= MAX_PASSAGE:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        while len(sentence) > MAX_PASSAGE:  # one very long sentence: cut at a space
            cut = sentence.rfind(" ", 0, MAX_PASSAGE)
            cut = cut if cut > MAX_PASSAGE // 2 else MAX_PASSAGE
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if current and len(current) + 1 + len(sentence) > MAX_PASSAGE:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        pieces.append(current)
    return [p for p in pieces if p]


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").replace("\ufeff", "").replace("\x00", "").split())


def _first_line(passages: tuple[Passage, ...]) -> str:
    first = passages[0].text if passages else ""
    return first if len(first) <= 200 else ""


def _stem(name: str) -> str:
    return PurePath(name).stem or name


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def _describe(media_type: str) -> str:
    names = {PDF: "a PDF", DOCX: "a DOCX document", HTML: "HTML", TEXT: "plain text"}
    return names.get(media_type, media_type)


def _reason(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:120]
    return message or type(exc).__name__
