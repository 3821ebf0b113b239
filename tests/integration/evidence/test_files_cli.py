"""`nucsec evidence add --file`, `attach` and `search` on both backends."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests import documents


@pytest.fixture
def state(cli) -> None:
    assert cli("state", "add", "XD", "--name", "Demoland").code == 0


def _files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "data" / "files"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_add_with_a_file_takes_its_title_and_search_finds_its_passages(
    cli, state, tmp_path: Path
) -> None:
    report = tmp_path / "annual.pdf"
    report.write_bytes(documents.pdf())
    added = cli("evidence", "add", "--state", "XD", "--file", str(report), "--label", "PUBLIC")
    assert added.code == 0, added.err
    assert "recorded EV-0001: Annual report of the regulator" in added.out
    assert "2 pages" in added.out
    assert len(_files(tmp_path)) == 1

    found = cli("evidence", "search", "response plan", "--state", "XD", "--format", "json")
    assert found.code == 0, found.err
    result = json.loads(found.out)
    assert result["total"] == 1
    assert result["items"][0]["passages"][0]["page"] == 2
    table = cli("evidence", "search", "transport security", "--state", "XD")
    assert table.code == 0 and "EV-0001" in table.out and "p. 1" in table.out


def test_attach_and_the_clearance_of_search(
    cli, state, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    added = cli("evidence", "add", "--state", "XD", "--title", "Plan", "--label", "SENSITIVE")
    assert added.code == 0
    notes = tmp_path / "notes.txt"
    notes.write_bytes(documents.TEXT)
    attached = cli("evidence", "attach", "EV-S0001", "--state", "XD", "--file", str(notes))
    assert attached.code == 0, attached.err
    assert "text/plain" in attached.out and "passages" in attached.out
    again = cli("evidence", "attach", "EV-S0001", "--state", "XD", "--file", str(notes))
    assert again.code != 0 and "already holds this file" in again.err
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    args = ("--role", "viewer", "--clearance", "OFFICIAL", "--password-stdin")
    assert cli("user", "add", "olga", *args).code == 0
    query = ("evidence", "search", "forensics", "--state", "XD", "--format", "json")
    assert json.loads(cli(*query).out)["total"] == 1
    hidden = json.loads(cli(*query, "--as", "olga").out)
    assert hidden["total"] == 0 and hidden["items"] == []


def test_a_bad_file_is_refused_in_one_line_and_nothing_is_recorded(
    cli, state, tmp_path: Path
) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_text("plain words, not a PDF", encoding="utf-8")
    refused = cli("evidence", "add", "--state", "XD", "--title", "X", "--file", str(fake))
    assert refused.code != 0
    assert refused.err.strip().count("\n") == 0
    assert "report.pdf is named as PDF but its content is plain text" in refused.err
    listed = json.loads(cli("evidence", "list", "--state", "XD", "--format", "json").out)
    assert listed == [] and _files(tmp_path) == []


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,x"])
def test_the_cli_refuses_script_and_data_links(cli, state, link: str) -> None:
    refused = cli("evidence", "add", "--state", "XD", "--title", "X", "--url", link)
    assert refused.code != 0 and "http:// or https://" in refused.err
    assert json.loads(cli("evidence", "list", "--state", "XD", "--format", "json").out) == []
