"""Reading files into passages: each format, paragraphs and pages, and every refusal."""

from __future__ import annotations

import io
import zipfile

import pytest

from nucsec.evidence.ingest import (
    DOCX,
    HTML,
    MAX_PASSAGE,
    PDF,
    TEXT,
    IngestError,
    Passage,
    read_document,
    sniff,
)
from tests import documents

LIMIT = 5_000_000


def read(data: bytes, name: str):
    return read_document(data, filename=name, max_bytes=LIMIT)


def test_a_pdf_gives_paragraphs_with_their_page_numbers() -> None:
    doc = read(documents.pdf(), "annual.pdf")
    assert (doc.media_type, doc.pages, doc.title) == (PDF, 2, "Annual report of the regulator")
    texts = [p.text for p in doc.passages]
    assert texts[0] == "Annual report"  # the heading is a passage of its own
    assert texts[1].startswith("The regulatory body inspected every licensed facility")
    assert texts[1].endswith("against the design basis threat.")  # wrapped lines joined
    assert Passage(1, "Transport security plans were approved for all shipments of "
                   "radioactive sources.") in doc.passages  # fmt: skip
    assert [p.page for p in doc.passages if "second page" in p.text] == [2]


def test_a_docx_gives_its_paragraphs_and_table_rows() -> None:
    doc = read(documents.docx(), "progress.docx")
    assert (doc.media_type, doc.pages, doc.title) == (DOCX, 1, "National progress report")
    texts = [p.text for p in doc.passages]
    assert texts[:2] == [
        "Progress report",
        "The state adopted a law on the physical protection of nuclear material and nuclear "
        "facilities, in force since 2024.",
    ]
    assert "Measure | Computer security plans approved" in texts
    assert {p.page for p in doc.passages} == {None}


def test_html_gives_blocks_of_text_without_script_or_style() -> None:
    doc = read(documents.HTML, "release.html")
    assert (doc.media_type, doc.title) == (HTML, "Press release")
    texts = [p.text for p in doc.passages]
    assert texts == [
        "Regulator publishes guidance",
        "The regulator published guidance on the security of radioactive sources in use and in "
        "storage.",
        "Source inventory updated",
        "Orphan source search completed",
    ]


def test_plain_text_joins_wrapped_lines_and_mends_hyphenation() -> None:
    doc = read(documents.TEXT, "forensics.txt")
    assert (doc.media_type, doc.title) == (TEXT, "Report on nuclear forensics")
    assert [p.text for p in doc.passages][1:] == [
        "The national nuclear forensics library was established and is maintained by the "
        "laboratory.",
        "Detection architecture at borders covers all major crossing points.",
    ]


def test_text_in_another_encoding_and_with_a_byte_order_mark_is_read() -> None:
    assert read("Sécurité nucléaire\n".encode("cp1252"), "a.txt").passages[0].text == (
        "Sécurité nucléaire"
    )
    assert read("Plan\n".encode("utf-16"), "a.txt").passages[0].text == "Plan"


def test_a_long_paragraph_is_split_at_sentence_ends() -> None:
    sentence = "The regulator reviewed the security plan of operator number {n} in detail. "
    text = "".join(sentence.format(n=n) for n in range(60)).encode()
    passages = read(text, "long.txt").passages
    assert len(passages) > 1
    assert all(len(p.text) <= MAX_PASSAGE for p in passages)
    assert all(p.text.endswith("in detail.") for p in passages)
    assert " ".join(p.text for p in passages) == text.decode().strip()


def test_an_image_is_stored_without_passages() -> None:
    doc = read(documents.PNG, "diagram.png")
    assert (doc.media_type, doc.pages, doc.passages) == ("image/png", 0, ())


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.4 ...", "x.bin", PDF),
        (b"<!DOCTYPE html><html><body>x</body></html>", "page", HTML),
        (b"<!DOCTYPE html><html><body>x</body></html>", "notes.txt", TEXT),
        (b"just words", "report.pdf", TEXT),
        (b"\x89PNG\r\n\x1a\n....", "a.pdf", "image/png"),
        (b"\x00\x01\x02", "a.txt", "application/octet-stream"),
    ],
)
def test_the_type_comes_from_the_content(data: bytes, name: str, expected: str) -> None:
    assert sniff(data, filename=name) == expected


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * 20_000_000)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "empty.txt is empty"),
        (b" \n\n \t\n", "blank.txt", "blank.txt holds no text to read"),
        (b"x" * (LIMIT + 1), "big.txt", "big.txt is 5.0 MB; the largest file accepted is 5.0 MB"),
        (b"words", "report.pdf", "report.pdf is named as PDF but its content is plain text"),
        (documents.PNG, "report.docx", "report.docx is named as DOCX but its content is image/png"),
        (b"%PDF-1.7\nnonsense", "broken.pdf", "broken.pdf is a broken PDF"),
        (documents.pdf()[:2000], "cut.pdf", "cut.pdf is a broken PDF"),
        (documents.docx()[:3000], "cut.docx", "cut.docx is a broken DOCX file"),
        (_zip_bomb(), "bomb.docx", "bomb.docx unpacks to 20.0 MB, too large to read"),
        (b"\x00\x01garbage", "data.bin", "data.bin is not a PDF, DOCX, HTML, plain-text or image"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.count(".") == 1 and len(v) < 20 else "",
)
def test_every_bad_file_is_one_line_error(data: bytes, name: str, message: str) -> None:
    with pytest.raises(IngestError) as refused:
        read_document(data, filename=name, max_bytes=LIMIT if "bomb" not in name else 500_000)
    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value)


def test_an_encrypted_pdf_and_one_without_text_are_refused() -> None:
    with pytest.raises(IngestError, match=r"^locked.pdf is encrypted; store a copy without"):
        read(documents.encrypted_pdf(), "locked.pdf")
    with pytest.raises(IngestError, match=r"^scan.pdf holds no text to read \(a scanned PDF"):
        read(documents.blank_pdf(), "scan.pdf")


def test_nul_characters_from_a_pdf_never_reach_a_passage() -> None:
    from nucsec.evidence.ingest import _passages

    passages = _passages(["Nuclear\x00 security\u00ad plan"], 3)
    assert passages == (Passage(3, "Nuclear security plan"),)  # PostgreSQL cannot store NUL
