"""Report renderers, one per format, all reading the same document (datasette-style registry).

HTML is the reference; PDF is that HTML laid out by WeasyPrint; Markdown and DOCX follow the
same sections; JSON is the document itself. Charts are the same SVG everywhere (rasterised for
DOCX, which cannot hold SVG).
"""

from __future__ import annotations

import gc
import hashlib
import html
import importlib
import json
import os
import sys
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from threading import Lock, get_ident
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from nucsec.errors import NucsecError
from nucsec.reports import layout_process
from nucsec.reports.document import Block, Report, Section

PDF_VARIANT = "pdf/ua-1"
LABEL_COLOURS = {"PUBLIC": "#1a6b2f", "OFFICIAL": "#7a5200", "SENSITIVE": "#a1121b"}

_env = Environment(
    loader=FileSystemLoader(str(files("nucsec.reports") / "templates")),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Renderer:
    media_type: str
    extension: str
    render: Callable[[Report], bytes]


def render_html(report: Report) -> bytes:
    html = _env.get_template("report.html").render(r=report, colour=LABEL_COLOURS[report.label])
    return html.encode("utf-8")


def render_pdf(report: Report) -> bytes:
    """The report's HTML laid out as PDF, from the cache when that HTML was laid out before.

    Layout takes about a second and gives the same bytes for the same HTML, so PDFs are kept
    keyed by the SHA-256 of the HTML, the PDF variant and the WeasyPrint version: in memory,
    and, where the command line asks (`keep_pdfs_in`), as owner-only files for the next
    process. Only someone who renders exactly that HTML, so already sees all of it, can hit
    an entry.
    """
    page = render_html(report)
    settings = f"\0{PDF_VARIANT}\0{_layout_version()}".encode()
    key = hashlib.sha256(page + settings).hexdigest()
    cached = _PDF_CACHE.get(key)
    helper = layout_process.take()  # a command's helper process, if it started one
    if cached is None:
        cached = helper.layout(page) if helper else _layout_pdf(page)
        _PDF_CACHE.put(key, cached)
    elif helper:
        helper.stop()
    return cached


@cache
def _layout_version() -> str:
    """WeasyPrint's version, read from its metadata: importing it costs a cache hit 0.5 s."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("weasyprint")
    except PackageNotFoundError:
        return "unknown"


def keep_pdfs_in(folder: Path | None) -> None:
    """Keep rendered PDFs as files in `folder` too (None: in memory only)."""
    _PDF_CACHE.folder = folder


def _layout_pdf(page: bytes) -> bytes:
    try:
        HTML = _weasyprint().HTML
    except OSError as exc:  # the system's Pango library is missing
        raise NucsecError("PDF output needs the Pango library (Debian: libpango-1.0-0)") from exc
    # Tagged PDF (PDF/UA-1): structure for screen readers, with the title, author and language
    # taken from the HTML's <title>, <meta name="author"> and <html lang>. One font
    # configuration serves every layout (setting one up costs a tenth of each PDF; the report
    # declares no @font-face to add to it), one layout at a time since it is shared.
    with _LAYOUT_LOCK, _collector_paused():
        return HTML(string=page.decode("utf-8")).write_pdf(
            pdf_variant=PDF_VARIANT, font_config=_font_config()
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during a layout: the boxes WeasyPrint keeps while it lays
    a report out set the collector off about a hundred times, each walking them again (a
    tenth of the layout). What the layout leaves is collected as usual once it is done."""
    if not gc.isenabled():  # paused by the application: leave it so
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_LAYOUT_LOCK = Lock()


def _weasyprint() -> Any:
    """WeasyPrint, imported without its library search: a third of a command's PDF time.

    WeasyPrint opens Pango, HarfBuzz and fontconfig under several names each (Windows and
    macOS ones first); for every name that is not a file, cffi asks `ctypes.util.find_library`,
    which on Linux runs `ldconfig`, `gcc` and `ld` in subprocesses (about 20 of them, 0.3-0.6 s)
    to learn what the next name, the library's soname, loads directly anyway. So on Linux that
    search answers "not found" for the importing thread while WeasyPrint is imported; should
    that import fail (a system where only the search finds the libraries), it is imported
    again with the search, as WeasyPrint would on its own.
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return importlib.import_module("weasyprint")
    with _IMPORT_LOCK:
        try:
            with _no_library_search():
                return importlib.import_module("weasyprint")
        except OSError:
            for name in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
                del sys.modules[name]
            return importlib.import_module("weasyprint")


_IMPORT_LOCK = Lock()


@contextmanager
def _no_library_search() -> Iterator[None]:
    """`ctypes.util.find_library` finds nothing for this thread (other threads: unchanged)."""
    import ctypes.util

    search = ctypes.util.find_library
    importer = get_ident()

    def find_library(name: str) -> str | None:
        return None if get_ident() == importer else search(name)

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = search


@cache
def _font_config() -> Any:
    _weasyprint()
    return importlib.import_module("weasyprint.text.fonts").FontConfiguration()


class _RenderedCache:
    """Rendered files by content key: a small in-memory LRU over a folder of files.

    The folder is best effort: a folder that cannot be written (read-only data folder) only
    means the next process lays the PDF out again.
    """

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self.memory: OrderedDict[str, bytes] = OrderedDict()
        self.lock = Lock()
        self.folder: Path | None = None

    def get(self, key: str) -> bytes | None:
        with self.lock:
            found = self.memory.get(key)
            if found is not None:
                self.memory.move_to_end(key)
                return found
        if self.folder is None:
            return None
        try:
            found = (self.folder / f"{key}.pdf").read_bytes()
        except OSError:
            return None
        self._remember(key, found)
        return found

    def put(self, key: str, content: bytes) -> None:
        self._remember(key, content)
        if self.folder is not None:
            with suppress(OSError):
                self._write(self.folder, key, content)

    def clear(self) -> None:
        with self.lock:
            self.memory.clear()

    def _remember(self, key: str, content: bytes) -> None:
        with self.lock:
            self.memory[key] = content
            while len(self.memory) > self.size:
                self.memory.popitem(last=False)

    @staticmethod
    def _write(folder: Path, key: str, content: bytes) -> None:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")  # mode 600
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.replace(temporary, folder / f"{key}.pdf")
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            raise
        kept = sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[_FILES_KEPT:]:
            old.unlink(missing_ok=True)


_FILES_KEPT = 64
_PDF_CACHE = _RenderedCache()


def render_json(report: Report) -> bytes:
    return (json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _md(text: object) -> str:
    """Text as Markdown shows it, never as HTML: a note holding `<script>` or `<img onerror>`
    stays visible text in every Markdown viewer (raw HTML passes through Markdown)."""
    return html.escape(str(text), quote=False)


def _md_cell(text: str) -> str:
    return _md(text).replace("|", "\\|").replace("\n", " ")


def _md_block(block: Block) -> list[str]:
    kind = block.kind
    if kind == "paragraph":
        return [_md(block.text), ""]  # type: ignore[union-attr]
    if kind == "notice":
        return [f"> **{_md(block.text)}**", ""]  # type: ignore[union-attr]
    if kind == "facts":
        return [*(f"- **{_md(k)}:** {_md(v)}" for k, v in block.pairs), ""]  # type: ignore[union-attr]
    if kind == "bullets":
        return [*(f"- {_md(i)}" for i in block.items), ""]  # type: ignore[union-attr]
    if kind == "table":
        t = block
        lines = [f"*{_md(t.caption)}*", ""] if t.caption else []  # type: ignore[union-attr]
        lines.append("| " + " | ".join(_md_cell(c) for c in t.columns) + " |")  # type: ignore[union-attr]
        lines.append("|" + "---|" * len(t.columns))  # type: ignore[union-attr]
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in t.rows]  # type: ignore[union-attr]
        return [*lines, ""]
    if kind == "chart":
        return [block.svg, "", f"*{_md(block.caption)}*", ""]  # type: ignore[union-attr]
    return []


def _md_section(section: Section, level: int) -> list[str]:
    lines = ["#" * level + " " + _md(section.title), ""]
    if section.provisions:
        lines += ["*Answers: " + _md("; ".join(section.provisions)) + "*", ""]
    for block in section.blocks:
        lines += _md_block(block)
    for sub in section.sections:
        lines += _md_section(sub, min(level + 1, 4))
    return lines


def render_markdown(report: Report) -> bytes:
    lines = [
        f"**{report.label}**",
        "",
        f"# {_md(report.title)}",
        "",
        f"{_md(report.state_name)} ({_md(report.state_code)}) · generated "
        f"{report.generated_on} · framework {_md(report.framework)}",
        "",
    ]
    for section in report.sections:
        lines += _md_section(section, 2)
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


def render_docx(report: Report) -> bytes:
    try:
        from nucsec.reports.docx_renderer import render
    except OSError as exc:  # CairoSVG cannot find the system's Cairo library
        raise NucsecError("DOCX charts need the Cairo library (Debian: libcairo2)") from exc

    return render(report)


RENDERERS: dict[str, Renderer] = {
    "html": Renderer("text/html; charset=utf-8", "html", render_html),
    "md": Renderer("text/markdown; charset=utf-8", "md", render_markdown),
    "pdf": Renderer("application/pdf", "pdf", render_pdf),
    "docx": Renderer(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        render_docx,
    ),
    "json": Renderer("application/json", "json", render_json),
}
