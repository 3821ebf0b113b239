"""The PDF says what the HTML says: the print styles that make layout cheaper (fewer leader
boxes, a PDF laid out in a helper process) must not drop, hide or reorder a word of it."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from html.parser import HTMLParser

from sqlalchemy.engine import Engine

from nucsec.access.principal import cli_principal
from nucsec.reports import renderers, service
from tests.readback import pdf_text

TODAY = date(2026, 11, 25)
# Elements whose own text is one piece of the report (chart labels included); a chart's
# <title> and <desc> are for screen readers and tooltips, not drawn.
PIECES = {"h1", "h2", "h3", "h4", "p", "li", "dt", "dd", "th", "td", "caption", "figcaption"}
PIECES |= {"text"}  # SVG text: axis labels, values, commitment titles
UNDRAWN = {"head", "title", "desc"}


class _Pieces(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self._open: list[list[str]] = []
        self._undrawn = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._undrawn += tag in UNDRAWN
        if tag in PIECES:
            self._open.append([])

    def handle_endtag(self, tag: str) -> None:
        self._undrawn -= tag in UNDRAWN
        if tag in PIECES and self._open:
            piece = "".join(self._open.pop())
            if piece.strip():
                self.pieces.append(piece)

    def handle_data(self, data: str) -> None:
        if not self._undrawn and self._open:
            self._open[-1].append(data)


def _squash(text: str) -> str:
    """Text without white space: the PDF wraps lines (and long links) where HTML has none."""
    return re.sub(r"\s+", "", text)


def _both(engine: Engine) -> tuple[str, bytes]:
    renderers._PDF_CACHE.clear()
    made = {
        fmt: service.generate(
            engine=engine,
            kind="public",
            state_code="XD",
            fmt=fmt,
            principal=cli_principal(),
            today=TODAY,
        )[1]
        for fmt in ("html", "pdf")
    }
    return made["html"].decode("utf-8"), made["pdf"]


def test_every_piece_of_the_public_report_is_in_its_pdf(demo_engine: Engine) -> None:
    html, pdf = _both(demo_engine)
    parser = _Pieces()
    parser.feed(html)
    assert len(parser.pieces) > 200, "the demo report has headings, tables, facts and charts"
    text = _squash(pdf_text(pdf))
    assert [p for p in parser.pieces if _squash(p) not in text] == []


def test_the_contents_give_each_section_its_page(demo_engine: Engine) -> None:
    html, pdf = _both(demo_engine)
    contents = pdf_text(pdf).split("Contents", 1)[1]
    titles = re.findall(r'<li><a href="#[^"]+">([^<]+)</a>', html)
    assert len(titles) > 10
    for title in titles:
        words = [re.escape(w) for w in unescape(title).split()]
        assert re.search(r"\s+".join(words) + r"\s*[.\s]*\d+", contents), title
