"""A layout runs with the cyclic garbage collector paused (it would otherwise run about a
hundred times per report), and leaves it as it found it."""

from __future__ import annotations

import contextlib
import gc

import pytest

from nucsec.reports import renderers

pytest.importorskip("weasyprint")

PAGE = b"<html lang='en'><title>T</title><body>" + b"<p>A paragraph.</p>" * 400 + b"</body></html>"


def _collections() -> int:
    return sum(s["collections"] for s in gc.get_stats())


def _collections_in_a_layout() -> int:
    before = _collections()
    renderers._layout_pdf(PAGE)
    return _collections() - before


def test_a_layout_runs_no_collection_and_restores_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    renderers._layout_pdf(PAGE)  # fonts loaded
    assert _collections_in_a_layout() <= 1  # the one due as the collector is back
    assert gc.isenabled()
    monkeypatch.setattr(renderers, "_collector_paused", contextlib.nullcontext)
    assert _collections_in_a_layout() > 10, "the same layout with the collector running"


def test_a_collector_paused_by_the_application_stays_paused() -> None:
    gc.disable()
    try:
        renderers._layout_pdf(PAGE)
        assert not gc.isenabled()
    finally:
        gc.enable()
