"""The command line, as a coordinator or a script uses it, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from nucsec import __version__

CATALOGUE_KEYS = {
    "framework",
    "commitments",
    "elements",
    "optional_actions",
    "implementation_actions",
    "references",
    "cycle",
    "measures",
    "channels",
}


def test_version(cli) -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"nucsec {__version__}"


def test_init_is_idempotent_and_demo_loads_both_states(cli) -> None:
    assert cli("init").code == 0
    again = cli("init")
    assert again.code == 0 and "framework infcirc869" in again.out
    assert "Demoland" in cli("demo").out
    assert "already loaded" in cli("demo").out
    states = json.loads(cli("state", "list", "--format", "json").out)
    assert sorted((s["code"], s["name"], s["start_steps"]) for s in states) == [
        ("XB", "Borealia", ["S3", "S4"]),
        ("XD", "Demoland", ["S1"]),
    ]


def test_demo_stores_the_regulators_report_as_a_searchable_file(cli, tmp_path: Path) -> None:
    """The demo's annual report is a stored file: its passages are found by search, and the
    bytes are in the data folder under their sha256, so the Evidence page can serve and map it."""
    assert cli("init").code == 0 and cli("demo").code == 0
    found = json.loads(
        cli("evidence", "search", "unannounced inspections", "--state", "XD", "-f", "json").out
    )
    assert [hit["ref"] for hit in found["items"]] == ["EV-0003"]
    passage = found["items"][0]["passages"][0]
    assert passage["filename"] == "dnra-annual-report-2025.html"
    assert "37 of them unannounced" in passage["text"]
    stored = tmp_path / "data" / "files" / passage["file"][:2] / passage["file"][2:]
    assert b"Demoland Nuclear Regulatory Authority" in stored.read_bytes()
    assert "already loaded" in cli("demo").out  # the file is not attached twice


def test_catalogue_show_json(cli) -> None:
    result = cli("catalogue", "show", "--format", "json")
    assert result.code == 0
    doc = json.loads(result.out)
    assert set(doc) == CATALOGUE_KEYS
    assert {"id", "title", "version"} <= set(doc["framework"])
    for section in CATALOGUE_KEYS - {"framework"}:
        assert all({"id", "title"} <= set(item) for item in doc[section]), section
    a03 = next(a for a in doc["optional_actions"] if a["id"] == "A03")
    assert a03["commitments"] == ["C1", "C4"] and "E06" in a03["elements"]


def test_catalogue_show_table_lists_every_section(cli) -> None:
    out = cli("catalogue", "show").out
    for heading in (
        "Commitments",
        "Essential elements",
        "Optional proposed actions",
        "Implementation cycle",
        "Confidence-building measures",
        "Reporting channels",
    ):
        assert heading in out
    assert "M-COMP-03" in out and "C4-IA02" in out


def test_catalogue_validate(cli, tmp_path: Path) -> None:
    from importlib.resources import files

    good = tmp_path / "good.yaml"
    good.write_text((files("nucsec.catalogue") / "data" / "infcirc869.yaml").read_text())
    ok = cli("catalogue", "validate", str(good))
    assert ok.code == 0 and "valid pack infcirc869" in ok.out

    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text().replace("commitments: [C1, C4]", "commitments: [C1, C5]"))
    refused = cli("catalogue", "validate", str(bad))
    assert refused.code == 1
    assert refused.err.strip() == (
        "error: bad.yaml: optional_actions[A03]: field 'commitments': unknown commitments ID 'C5'"
    )


def test_state_commands_round_trip(cli) -> None:
    cli("init")
    added = cli(
        "state",
        "add",
        "XB",
        "--name",
        "Borealia",
        "--maturity",
        "developed",
        "--power-reactors",
        "--material-categories",
        "I,II",
        "--subscribed",
        "2014-10-01",
        "--format",
        "json",
    )
    assert added.code == 0, added.err
    assert json.loads(added.out)[0]["start_steps"] == ["S3", "S4"]
    assert cli("state", "update", "XB", "--no-power-reactors", "--research-reactors").code == 0
    shown = json.loads(cli("state", "show", "xb", "--format", "json").out)
    assert shown["profile"]["power_reactors"] is False
    assert shown["profile"]["research_reactors"] is True
    assert shown["profile"]["material_categories"] == ["I", "II"], "untouched flags are kept"
    assert cli("state", "remove", "XB").code == 0
    assert json.loads(cli("state", "list", "--format", "json").out) == []


def one_line_error(result) -> str:
    assert result.code != 0
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.err + result.out
    return lines[0]


def test_uninitialised_database_is_named(fresh_cli) -> None:
    assert "run `nucsec init` first" in one_line_error(fresh_cli("state", "list"))
    assert fresh_cli("init").code == 0
    assert fresh_cli("state", "list").code == 0


def test_bad_input_exits_non_zero_with_one_clear_line(cli, tmp_path: Path) -> None:
    assert "no state with code 'ZZ'" in one_line_error(cli("state", "show", "ZZ"))
    assert "'xml' is not one of" in one_line_error(cli("catalogue", "show", "--format", "xml"))
    assert "cannot read file" in one_line_error(
        cli("catalogue", "validate", str(tmp_path / "nope.yaml"))
    )
    assert "unknown maturity" in one_line_error(
        cli("state", "add", "XE", "--name", "E", "--maturity", "ancient")
    )
    assert "subscribed_on" in one_line_error(
        cli("state", "add", "XE", "--name", "E", "--subscribed", "2020-13-40")
    )
    cli("state", "add", "XE", "--name", "E")
    assert "already exists" in one_line_error(cli("state", "add", "XE", "--name", "E"))
    assert "No such option" in one_line_error(cli("state", "list", "--bogus"))
