"""`nucsec evidence map FILE`: JSON for scripts, a table for people, one-line errors."""

from __future__ import annotations

import json

import pytest

from nucsec.catalogue.loader import default_pack
from nucsec.evidence import embeddings, mapping
from nucsec.evidence.mapping import Mapper

REPORT = (
    "Progress report of Valdoria\n\n"
    "In 2023 the Authority's inspectors carried out 46 security inspections of licensees and "
    "issued three enforcement notices for non-compliance with licence conditions.\f"
    "Radiation portal monitors now cover all major border crossings and seaports; alarms are "
    "assessed by a reachback centre.\n"
)


@pytest.fixture
def lexical_only(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """As installed without the semantic extra."""
    monkeypatch.setattr(embeddings, "available", lambda: False)
    monkeypatch.setattr(mapping, "_mappers", {False: Mapper(default_pack(), semantic=False)})
    monkeypatch.setenv("NUCSEC_DATA_DIR", str(tmp_path / "data"))


def test_map_prints_passages_with_their_items_as_json(lexical_only, fresh_cli, tmp_path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    result = fresh_cli("evidence", "map", str(report), "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["document"] == "Progress report of Valdoria" and data["method"] == "lexical"
    first, second = data["passages"]
    assert (first["page"], second["page"]) == (1, 2), "the heading is too short to map"
    assert first["matches"][0]["item"] == "C1-IA02"
    assert second["matches"][0]["item"] == "C2-IA06"
    assert len(first["matches"]) <= 3 and set(first["matches"][0]) == {"item", "score", "why"}
    assert "lexical ranking only" in result.err, "the fallback says so, outside the JSON"


def test_map_table_and_a_bad_file(lexical_only, fresh_cli, tmp_path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    table = fresh_cli("evidence", "map", str(report), "--top", "1")
    assert table.code == 0 and "C1-IA02" in table.out and "C2-IA06" in table.out
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02garbage\x00")
    bad = fresh_cli("evidence", "map", str(binary))
    assert bad.code != 0 and "Traceback" not in bad.err
    assert bad.err.strip().splitlines() == [
        "error: x.bin is not a PDF, DOCX, HTML, plain-text or image file (judged by its content)"
    ]
    missing = fresh_cli("evidence", "map", str(tmp_path / "none.txt"))
    assert missing.code != 0 and "none.txt" in missing.err
