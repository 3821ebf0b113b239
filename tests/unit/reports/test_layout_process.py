"""A PDF command lays its PDF out in a helper process that loaded WeasyPrint while the command
read the database: the same bytes as a layout in the command's own process, one line when it
fails, and no helper left running once the command is done."""

from __future__ import annotations

import pytest

from nucsec.errors import NucsecError
from nucsec.reports import layout_process, renderers

pytest.importorskip("weasyprint")

PAGE = (
    b"<html lang='en'><head><title>T</title></head><body><h1>Annual report</h1>"
    b"<p>The regulatory body inspected every licensed facility.</p></body></html>"
)


@pytest.mark.slow
def test_the_helper_lays_out_the_same_pdf_as_this_process() -> None:
    helper = layout_process.LayoutProcess()
    assert helper.layout(PAGE) == renderers._layout_pdf(PAGE)
    with pytest.raises(NucsecError, match="already used"):
        helper.layout(PAGE)


@pytest.mark.slow
def test_a_failed_layout_is_one_line() -> None:
    helper = layout_process.LayoutProcess()
    with pytest.raises(NucsecError) as failed:
        helper.layout(b"\xff\xfe not UTF-8")
    assert str(failed.value).startswith("PDF layout failed: UnicodeDecodeError")
    assert "\n" not in str(failed.value)


@pytest.fixture
def idle(monkeypatch: pytest.MonkeyPatch) -> None:
    """A core is idle for the helper, whatever the machine's load while the tests run."""
    monkeypatch.setattr(layout_process, "_a_core_is_idle", lambda: True)


def test_no_helper_on_a_busy_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout_process, "_a_core_is_idle", lambda: False)
    layout_process.start()
    assert layout_process.take() is None  # the command lays out in its own process


def test_the_idle_core_check_answers_on_this_machine() -> None:
    assert layout_process._a_core_is_idle() in (True, False)


def test_a_helper_not_used_is_stopped(idle: None) -> None:
    layout_process.start()
    helper = layout_process._NEXT[0]
    process = helper._process
    layout_process.discard()
    assert layout_process.take() is None
    assert process is not None and process.returncode is not None


@pytest.mark.slow
def test_render_pdf_uses_the_started_helper_and_stops_it_on_a_kept_pdf(
    monkeypatch: pytest.MonkeyPatch, idle: None
) -> None:
    def in_this_process(page: bytes) -> bytes:
        raise AssertionError("laid out in the command's own process")

    monkeypatch.setattr(renderers, "_layout_pdf", in_this_process)
    monkeypatch.setattr(renderers, "render_html", lambda report: PAGE)
    monkeypatch.setattr(renderers, "_PDF_CACHE", renderers._RenderedCache())
    layout_process.start()
    pdf = renderers.render_pdf(None)  # type: ignore[arg-type]
    assert pdf.startswith(b"%PDF-")
    layout_process.start()
    unused = layout_process._NEXT[0]._process
    assert renderers.render_pdf(None) == pdf  # type: ignore[arg-type]  # kept: no layout
    assert unused is not None and unused.returncode is not None
    assert layout_process.take() is None
