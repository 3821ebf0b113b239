"""Real documents of each supported format, made in the test, for ingestion and upload tests."""

from __future__ import annotations

import io

PDF_HTML = """<html><head><title>Annual report of the regulator</title></head><body>
<h1>Annual report</h1>
<p>The regulatory body inspected every licensed facility holding category I nuclear material
and found the physical protection systems effective against the design basis threat.</p>
<p>Transport security plans were approved for all shipments of radioactive sources.</p>
<div style="page-break-before: always"><p>On the second page, the competent authority
describes the national response plan for nuclear security events.</p></div>
</body></html>"""


def pdf(html: str = PDF_HTML) -> bytes:
    """A two-page PDF with text, written by WeasyPrint (the project's own PDF renderer)."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx() -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.core_properties.title = "National progress report"
    document.add_heading("Progress report", level=1)
    document.add_paragraph(
        "The state adopted a law on the physical protection of nuclear material and\n"
        "nuclear facilities, in force since 2024."
    )
    document.add_paragraph("Insider threat mitigation programmes cover every operator.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Measure"
    table.rows[0].cells[1].text = "Computer security plans approved"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


HTML = b"""<!doctype html><html><head><title>Press release</title>
<script>alert("never")</script><style>p { color: red }</style></head>
<body><h1>Regulator publishes guidance</h1>
<p>The regulator published guidance on the security of radioactive sources in use and
in storage.</p><ul><li>Source inventory updated</li><li>Orphan source search completed</li></ul>
</body></html>"""

TEXT = (
    b"Report on nuclear forensics\n\n"
    b"The national nuclear forensics library was established and\n"
    b"is maintained by the laboratory.\n\n"
    b"Detection architecture at borders covers all major cross-\n"
    b"ing points.\n"
)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)
