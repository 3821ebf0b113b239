"""Layouts share one font configuration, so they run one at a time: PDFs laid out from several
threads at once each hold their own text."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from nucsec.reports import renderers
from tests.readback import text_of


@pytest.mark.slow
def test_layouts_from_several_threads_each_hold_their_own_text() -> None:
    pytest.importorskip("weasyprint")
    pages = [
        f"<html lang='en'><title>T{n}</title><body><h1>Report number {n}</h1></body></html>"
        for n in range(3)
    ]
    with ThreadPoolExecutor(max_workers=3) as pool:
        pdfs = list(pool.map(lambda p: renderers._layout_pdf(p.encode()), pages))
    for n, pdf in enumerate(pdfs):
        assert pdf.startswith(b"%PDF-")
        assert f"Report number {n}" in text_of("pdf", pdf)
