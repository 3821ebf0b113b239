"""The consolidated report: editable sections, narratives, release levels; re-read per format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from nucsec.db import transaction
from nucsec.errors import Forbidden, Invalid
from nucsec.reports import narratives, service
from tests.integration.reports.test_reports import (
    ADMIN,
    FORMATS,
    REVIEWER,
    SENSITIVE_NOTE,
    TODAY,
)
from tests.readback import text_of

NOT_TEMPLATE = "They are not the official CNNSR template"
PUBLIC_TEXT = "The Act of 2019 sets the framework; published in the Gazette."
OFFICIAL_TEXT = "Draft amendments are with the ministry."


def _produce(engine: Engine, fmt: str, level: str | None) -> tuple[str, str]:
    report, content = service.generate(
        engine=engine,
        kind="consolidated",
        state_code="XD",
        fmt=fmt,
        principal=ADMIN,
        today=TODAY,
        level=level,
    )
    return report.label, " ".join(text_of(fmt, content).split())


def _narrate(engine: Engine) -> None:
    with transaction(engine, ADMIN) as session:
        for text, label in ((PUBLIC_TEXT, "PUBLIC"), (OFFICIAL_TEXT, "OFFICIAL")):
            narratives.set_narrative(
                session=session, state_code="XD", section="legal-framework", text=text, label=label
            )


@pytest.mark.parametrize("fmt", FORMATS)
def test_public_level_shows_the_published_law_and_public_narrative(
    demo_engine: Engine, fmt: str
) -> None:
    _narrate(demo_engine)
    label, text = _produce(demo_engine, fmt, "PUBLIC")
    assert label == "PUBLIC"
    assert NOT_TEMPLATE in text
    assert "Nuclear and Radiation Security Act 2019 (ACT-2019)" in text
    assert "Official Gazette of Demoland 2019/41" in text
    assert "Code of Conduct on the Safety and Security of Radioactive Sources" in text
    assert PUBLIC_TEXT in text and OFFICIAL_TEXT not in text
    assert SENSITIVE_NOTE not in text and "LC-HOSP-01" not in text
    assert re.search(r"Release level\W+PUBLIC", text)
    assert "No information at this report's level" not in text


def test_official_level_adds_official_records_never_sensitive(demo_engine: Engine) -> None:
    _narrate(demo_engine)
    label, text = _produce(demo_engine, "json", "OFFICIAL")
    assert label == "OFFICIAL"
    assert PUBLIC_TEXT in text and OFFICIAL_TEXT in text and "LC-HOSP-01" in text
    assert SENSITIVE_NOTE not in text


def test_narratives_replace_per_label_and_refuse_bad_input(demo_engine: Engine) -> None:
    _narrate(demo_engine)
    with transaction(demo_engine, ADMIN) as session:
        narratives.set_narrative(
            session=session, state_code="XD", section="legal-framework", text="New.", label="PUBLIC"
        )
        found = narratives.narratives(session=session, state_code="XD")["legal-framework"]
        assert [(n.label, n.text) for n in found] == [
            ("PUBLIC", "New."),
            ("OFFICIAL", OFFICIAL_TEXT),
        ]
        with pytest.raises(Invalid, match="unknown section 'nope'"):
            narratives.set_narrative(
                session=session, state_code="XD", section="nope", text="x", label="PUBLIC"
            )
        with pytest.raises(Invalid, match="empty"):
            narratives.set_narrative(
                session=session, state_code="XD", section="offences", text="  ", label="PUBLIC"
            )
    with transaction(demo_engine, REVIEWER) as session, pytest.raises(Forbidden):
        narratives.set_narrative(
            session=session, state_code="XD", section="offences", text="x", label="PUBLIC"
        )


def test_cli_narrative_level_and_release_records_the_level(
    cli, demo_engine: Engine, tmp_path: Path
) -> None:
    made = cli(
        "report", "narrative", "offences", "--state", "XD", "--text", PUBLIC_TEXT,
        "--label", "PUBLIC",
    )  # fmt: skip
    assert made.code == 0, made.err
    listed = cli("report", "sections", "--state", "XD")
    assert listed.code == 0 and "offences" in listed.out
    out = tmp_path / "c.md"
    built = cli(
        "report", "consolidated", "--state", "XD", "--level", "PUBLIC", "-f", "md", "-o", str(out)
    )
    assert built.code == 0 and "PUBLIC" in built.out
    assert PUBLIC_TEXT in out.read_text()
    released = cli("report", "release", "consolidated", "--state", "XD", "--level", "PUBLIC")
    assert released.code == 0, released.err
    rows = json.loads(cli("report", "releases", "--state", "XD", "-f", "json").out)
    assert rows[-1]["kind"] == "consolidated" and rows[-1]["level"] == "PUBLIC"
    assert rows[-1]["label"] == "PUBLIC"
    bad = cli("report", "consolidated", "--state", "XD", "--level", "SECRET", "-f", "md")
    assert bad.code != 0 and "unknown release level 'SECRET'" in bad.err
    other = cli("report", "matrix", "--state", "XD", "-f", "md", "-o", str(tmp_path / "m.md"))
    assert other.code == 0


def test_an_edited_sections_pack_is_checked_then_used(cli, tmp_path: Path) -> None:
    """A coordinator edits the sections (a title, a section dropped) and installs the copy: a
    broken copy is refused whole and changes nothing; a valid one is what the report uses."""
    from nucsec.reports.sections import PACK_FILE, _shipped

    shipped = (Path(service.__file__).parent / "data" / PACK_FILE).read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(shipped.replace("1540-OP2-possess", "1540-OP2-nothing"), encoding="utf-8")
    refused = cli("report", "sections", "--install", str(broken))
    assert refused.code != 0 and "1540-OP2-nothing" in refused.err
    assert "Competent" in cli("report", "sections").out  # one word: a narrow table wraps titles
    edited = tmp_path / "edited.yaml"
    edited.write_text(
        shipped.replace("Competent authorities and responsibilities", "Authorities"),
        encoding="utf-8",
    )
    installed = cli("report", "sections", "--install", str(edited))
    assert installed.code == 0, installed.err
    listed = cli("report", "sections").out
    assert "Authorities" in listed and "Competent" not in listed
    assert _shipped().subjects[0].sections[1].title == "Competent authorities and responsibilities"
