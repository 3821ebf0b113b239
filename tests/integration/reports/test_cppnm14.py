"""The CPPNM Article 14 report, re-read from every format and through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.integration.reports.test_reports import ADMIN, FORMATS, produce
from tests.readback import text_of

PARTS = (
    "1. Laws and regulations giving effect to the Convention and its Amendment",
    "2. Outcomes of prosecutions",
    "3. Points of contact",
)
CASE = "theft of a category 3 source"


@pytest.mark.parametrize("fmt", FORMATS)
def test_three_parts_from_the_register(demo_engine: Engine, fmt: str) -> None:
    label, text = produce(demo_engine, "cppnm14", fmt, ADMIN)
    flat = " ".join(text.split())
    assert label == "OFFICIAL", "the prosecution record is OFFICIAL"
    for part in PARTS:
        assert part in flat
    assert "Nuclear and Radiation Security Act 2019" in flat and "Official Gazette" in flat
    assert "Art. 2A(3) A Responsibility of the State" in flat
    assert "ratified 2016-02-01" in flat, "the Amendment's adherence"
    assert CASE in flat and "7(1)(b)" in flat and "Neighbourland" in flat
    assert "Art. 6" in flat, "the provision designating the point of contact"
    assert "LC-HOSP-01" in flat, "cites Principles G and J"
    assert "security.contact@dnra.example" in flat, "the recorded point of contact"
    assert "Nuclear Security Duty Officer" in flat, "the OFFICIAL one, for a cleared reader"


def test_public_reader_sees_no_official_record(cli, demo_engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "a14.docx"
    result = cli(
        "report", "cppnm14", "--state", "XD", "-f", "docx", "-o", str(out), "--as", "analyst"
    )
    assert result.code == 0, result.err
    assert "PUBLIC" in result.out
    text = " ".join(text_of("docx", out.read_bytes()).split())
    for part in PARTS:
        assert part in text
    assert CASE not in text and "LC-HOSP-01" not in text
    assert "No final outcome of proceedings is recorded." in text
    assert "Regulation on the security of radioactive sources" in text
    assert "security.contact@dnra.example" in text
    assert "Nuclear Security Duty Officer" not in text, "an OFFICIAL contact stays hidden"


def test_unknown_state_is_a_one_line_error(cli, demo_engine: Engine) -> None:
    result = cli("report", "cppnm14", "--state", "ZZ", "-f", "md")
    assert result.code != 0 and "Traceback" not in result.err and "ZZ" in result.err
