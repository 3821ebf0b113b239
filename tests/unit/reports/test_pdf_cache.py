"""A PDF is laid out once per distinct HTML: again in the same process or, through the folder
the command line keeps, in the next one; any change to the HTML lays it out afresh."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from nucsec.reports import renderers


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every HTML page WeasyPrint was asked to lay out (the reports are plain strings here)."""
    done: list[bytes] = []

    def layout(page: bytes) -> bytes:
        done.append(page)
        return b"%PDF-" + page

    monkeypatch.setattr(renderers, "render_html", lambda report: str(report).encode())
    monkeypatch.setattr(renderers, "_layout_pdf", layout)
    monkeypatch.setattr(renderers, "_PDF_CACHE", renderers._RenderedCache())
    return done


def test_same_html_is_laid_out_once_and_a_change_is_laid_out_again(layouts) -> None:
    first = renderers.render_pdf("report A")  # type: ignore[arg-type]
    assert renderers.render_pdf("report A") == first  # type: ignore[arg-type]
    assert layouts == [b"report A"]
    assert renderers.render_pdf("report A, one figure changed") != first  # type: ignore[arg-type]
    assert len(layouts) == 2


def test_the_next_process_reuses_the_kept_file(layouts, tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "pdf"
    renderers.keep_pdfs_in(folder)
    first = renderers.render_pdf("report B")  # type: ignore[arg-type]
    (kept,) = folder.glob("*.pdf")
    assert kept.read_bytes() == first
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    renderers._PDF_CACHE.clear()  # as a new process starts with nothing in memory
    assert renderers.render_pdf("report B") == first  # type: ignore[arg-type]
    assert layouts == [b"report B"]


def test_a_folder_that_cannot_be_written_only_costs_a_layout(layouts, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    renderers.keep_pdfs_in(blocked / "pdf")
    assert renderers.render_pdf("report C").startswith(b"%PDF-")  # type: ignore[arg-type]
    renderers._PDF_CACHE.clear()
    assert renderers.render_pdf("report C").startswith(b"%PDF-")  # type: ignore[arg-type]
    assert len(layouts) == 2
