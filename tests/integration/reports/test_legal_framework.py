"""The M-REG-04 legal-framework report, re-read from every format and through the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from nucsec.access.principal import PUBLIC
from nucsec.legal.packs import requirement_packs
from nucsec.reports import service
from tests.integration.reports.test_reports import ADMIN, FORMATS, TODAY
from tests.readback import text_of

PRINCIPLES = [r for r in requirement_packs()["cppnm"].requirements if r.group == "2A"]


def _produce(engine: Engine, fmt: str, **options) -> tuple[str, str]:
    report, content = service.generate(
        engine=engine,
        kind="legal-framework",
        state_code="XD",
        fmt=fmt,
        principal=options.pop("principal", ADMIN),
        today=TODAY,
        **options,
    )
    return report.label, " ".join(text_of(fmt, content).split())


@pytest.mark.parametrize("fmt", FORMATS)
def test_twelve_principles_with_their_provisions_and_gaps(demo_engine: Engine, fmt: str) -> None:
    label, text = _produce(demo_engine, fmt, pack="cppnm")
    assert label == "OFFICIAL", "a licence condition cited by Principles G and J is OFFICIAL"
    assert len(PRINCIPLES) == 12
    for req in PRINCIPLES:
        assert f"{req.cite} {req.title}" in text, req.id
    assert "Nuclear and Radiation Security Act 2019 (ACT-2019), Art. 4" in text, "Principle A"
    assert "HOSP-01), Cond. 2" in text, "Principles G and J, for a cleared reader"
    assert "Art. 2A(3) B Responsibilities during international transport (CPPNM-2A-B): gap" in text
    assert "(CPPNM-2A-G): gap" not in text, "met by the OFFICIAL licence condition"
    assert "not a compliance score" in text


def test_public_level_is_built_as_public_and_shows_the_hidden_as_gaps(demo_engine) -> None:
    label, text = _produce(demo_engine, "json", pack="cppnm", level="PUBLIC")
    assert label == "PUBLIC" and "LC-HOSP-01" not in text
    assert _produce(demo_engine, "json", pack="cppnm", principal=PUBLIC)[1] == text
    doc = json.loads(
        service.render(
            service.build(
                engine=demo_engine,
                kind="legal-framework",
                state_code="XD",
                principal=ADMIN,
                today=TODAY,
                level="PUBLIC",
            ),
            "json",
        )
    )
    principles = next(s for s in doc["sections"] if s["id"] == "group-2a")["blocks"][0]["rows"]
    assert len(principles) == 12
    assert {row[0]: row[-1] for row in principles}["CPPNM-2A-G"] == "gap"


def test_cli_pack_and_one_line_errors(cli, demo_engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "lf.md"
    made = cli(
        "report", "legal-framework", "--state", "XD", "--pack", "unscr1540", "-f", "md",
        "-o", str(out), "--as", "analyst",
    )  # fmt: skip
    assert made.code == 0, made.err
    text = out.read_text()
    assert "1540-OP2-possess" in text and "PUBLIC" in made.out
    assert re.search(r"Gaps", text)
    bad = cli("report", "legal-framework", "--state", "XD", "--pack", "nope", "-f", "md")
    assert bad.code != 0 and "unknown requirement pack 'nope'" in bad.err
    above = cli(
        "report", "legal-framework", "--state", "XD", "--level", "OFFICIAL", "--as", "analyst"
    )
    assert above.code != 0 and "does not reach OFFICIAL" in above.err
    assert "Traceback" not in bad.err + above.err
