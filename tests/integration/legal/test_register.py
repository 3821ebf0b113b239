"""The legal register through the CLI: add, list, show, import (all or nothing), export."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.engine import Engine

GOOD = """ref,kind,title,adopted_on,provisions,label
LAW-1,law,Act on physical protection,2020-01-02,"Art. 5: CPPNM-2A-C | Art. 9: CPPNM-7-1b",PUBLIC
REG-1,regulation,Transport security regulation,2021-03-04,Art. 2: CPPNM-2A-B,OFFICIAL
"""
BAD = """ref,kind,title,adopted_on,label
LAW-2,law,A fine act,2020-01-02,PUBLIC
LAW-3,treaty,Not a national instrument,2020-01-02,PUBLIC
LAW-4,law,Bad date,2020-13-40,PUBLIC
"""


def test_import_is_all_or_nothing_and_names_each_bad_line(
    cli, demo_engine: Engine, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD)
    result = cli("legal", "import", "instruments", str(bad), "--state", "XB")
    assert result.code != 0
    assert "line 3" in result.err and "line 4" in result.err and "Traceback" not in result.err
    listed = cli("legal", "list", "instruments", "--state", "XB", "--format", "json")
    assert "LAW-2" not in listed.out, "nothing of a refused file is written"

    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    assert cli("legal", "import", "instruments", str(good), "--state", "XB").code == 0
    shown = cli("legal", "show", "LAW-1", "--state", "XB", "--format", "json")
    provisions = json.loads(shown.out)["provisions"]
    assert provisions == [
        {"article": "Art. 5", "requirements": ["CPPNM-2A-C"]},
        {"article": "Art. 9", "requirements": ["CPPNM-7-1b"]},
    ]
    again = cli("legal", "import", "instruments", str(good), "--state", "XB")
    assert again.code != 0 and "already taken" in again.err


def test_register_follows_clearance_and_round_trips(
    cli, demo_engine: Engine, tmp_path: Path
) -> None:
    public = json.loads(
        cli("legal", "list", "instruments", "--state", "XD", "-f", "json", "--as", "analyst").out
    )
    everything = json.loads(cli("legal", "list", "instruments", "--state", "XD", "-f", "json").out)
    assert {r["label"] for r in public} == {"PUBLIC"}
    assert len(everything) > len(public)
    hidden = cli("legal", "show", "LC-HOSP-01", "--state", "XD", "--as", "analyst")
    assert hidden.code != 0 and "no instrument" in hidden.err

    out = tmp_path / "adherence.yaml"
    assert cli("legal", "export", "adherence", "--state", "XD", "-o", str(out)).code == 0
    assert cli("legal", "import", "adherence", str(out), "--state", "XB").code == 0
    xb = json.loads(cli("legal", "list", "adherence", "--state", "XB", "-f", "json").out)
    assert {"NPT", "CPPNM", "CPPNM-A", "ICSANT", "CODE", "CODE-IE"} <= {r["instrument"] for r in xb}


def test_add_prosecution_and_refuse_unknown_instrument(cli, demo_engine: Engine) -> None:
    added = cli(
        "legal", "add", "prosecutions", "--state", "XB",
        "-s", "case=State v. X", "-s", "decided_on=2026-01-05",
        "-s", "offence_article=7(1)(a)", "-s", "outcome=Acquitted", "-s", "label=OFFICIAL",
    )  # fmt: skip
    assert added.code == 0, added.err
    rows = json.loads(cli("legal", "list", "prosecutions", "--state", "XB", "-f", "json").out)
    assert rows[-1]["offence_article"] == "7(1)(a)"
    refused = cli("legal", "add", "adherence", "--state", "XB", "-s", "instrument=XYZ")
    assert refused.code != 0 and "unknown instrument" in refused.err


def test_import_refuses_requirements_no_pack_defines(cli, demo_engine: Engine, tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "ref,kind,title,provisions\n"
        "LAW-8,law,Good,Art. 1: CPPNM-2A-A | Art. 2: 1540-OP2-use-ENF?\n"
        "LAW-9,law,Typo,Art. 1: CPPNM-2A-Z\n"
    )
    result = cli("legal", "import", "instruments", str(bad), "--state", "XB")
    assert result.code != 0 and "Traceback" not in result.err
    assert "line 3: unknown requirement 'CPPNM-2A-Z'" in result.err
    assert "line 2" not in result.err
    listed = cli("legal", "list", "instruments", "--state", "XB", "--format", "json")
    assert "LAW-8" not in listed.out


def test_points_of_contact_are_register_records(cli, demo_engine: Engine) -> None:
    added = cli(
        "legal", "add", "contacts", "--state", "XB",
        "-s", "name=Border Guard Operations Centre", "-s", "role=Operational contact",
        "-s", "channel=ops@border.example", "-s", "since=2024-04-01", "-s", "label=OFFICIAL",
    )  # fmt: skip
    assert added.code == 0, added.err
    rows = json.loads(cli("legal", "list", "contacts", "--state", "XB", "-f", "json").out)
    assert [r["channel"] for r in rows] == ["cppnm.poc@bnsso.example", "ops@border.example"]
    assert rows[-1]["since"] == "2024-04-01" and rows[-1]["label"] == "OFFICIAL"
    public = cli("legal", "list", "contacts", "--state", "XD", "-f", "json", "--as", "analyst")
    assert {r["label"] for r in json.loads(public.out)} == {"PUBLIC"}
    refused = cli("legal", "add", "contacts", "--state", "XB", "-s", "name=X", "-s", "role=Y")
    assert refused.code != 0 and "channel" in refused.err and "Traceback" not in refused.err
