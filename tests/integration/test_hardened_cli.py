"""Deletes that would take records with them, hidden state codes, and files the CLI cannot use:
each answered with one line and a non-zero exit code, leaving nothing behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Principal, Role
from nucsec.db import transaction
from nucsec.errors import Conflict, Invalid
from nucsec.evidence import service as evidence
from nucsec.evidence.schemas import EvidenceCreate
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate

OFFICIAL_COORDINATOR = Principal("oc", Role.coordinator, Label.OFFICIAL)


def latest(cli) -> str:
    """The demo state's latest assessment, as the CLI names it."""
    assert cli("demo").code == 0
    return str(json.loads(cli("assess", "list", "--state", "XD", "--format", "json").out)[-1]["id"])


def one_line_error(result) -> str:
    assert result.code != 0, result.out
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1, result.err
    return result.err.strip()


def test_a_state_with_records_is_not_deleted_even_when_they_are_hidden(engine) -> None:
    with transaction(engine, SYSTEM) as session:
        states.create(session=session, data=StateCreate(code="XB", name="B", maturity="new"))
        evidence.create(
            session=session,
            state_code="XB",
            data=EvidenceCreate(title="Secret plan", label=Label.SENSITIVE),
        )
    with pytest.raises(Conflict) as refused, transaction(engine, OFFICIAL_COORDINATOR) as session:
        states.delete(session=session, code="XB")
    assert str(refused.value) == "state XB still has records; delete or move them first"
    with transaction(engine, SYSTEM) as session:
        assert [e.title for e in evidence.list_for_state(session=session, state_code="XB")] == [
            "Secret plan"
        ]
    with transaction(engine, SYSTEM) as session:
        states.create(session=session, data=StateCreate(code="XC", name="C", maturity="new"))
    with transaction(engine, OFFICIAL_COORDINATOR) as session:
        states.delete(session=session, code="XC")  # nothing in it: removed


def test_a_hidden_states_code_is_refused_without_saying_it_exists(engine) -> None:
    with transaction(engine, SYSTEM) as session:
        states.create(
            session=session,
            data=StateCreate(code="XS", name="S", maturity="new", label="SENSITIVE"),
        )
    with pytest.raises(Invalid) as refused, transaction(engine, OFFICIAL_COORDINATOR) as session:
        states.create(session=session, data=StateCreate(code="XS", name="Mine", maturity="new"))
    assert str(refused.value) == "code: XS cannot be used; choose another state code"


def test_state_remove_refuses_in_one_line(cli) -> None:
    assert cli("demo").code == 0
    assert one_line_error(cli("state", "remove", "XD")) == (
        "error: state XD still has records; delete or move them first"
    )


def test_output_files_the_cli_cannot_use_are_one_line_errors(cli, tmp_path: Path) -> None:
    aid = latest(cli)
    folder = tmp_path / "out"
    folder.mkdir()
    attempts = [
        ("assess", "export", aid, "-o", str(folder)),
        ("assess", "export", aid, "-o", str(tmp_path / "missing" / "a.yaml")),
        ("assess", "export", aid, "-o", "/proc/nucsec-test.yaml"),
        ("report", "public", "--state", "XD", "-f", "md", "-o", str(folder)),
        ("report", "public", "--state", "XD", "-f", "md", "-o", "/proc/nucsec-test.md"),
        ("competence", "export", "trainings", "--state", "XD", "-o", str(folder)),
    ]
    for args in attempts:
        assert one_line_error(cli(*args)).startswith("error: "), args
    assert list(folder.iterdir()) == [] and not (tmp_path / "missing").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


BAD_FILES = {
    "unterminated.csv": b'item,status\n"C1-IA01,planned\nC1-IA02,planned\n',
    "deep.yaml": b"items: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "nested.yaml": b"items:\n- item: C1-IA01\n  status: [[planned]]\n",
    "baddate.yaml": b"items:\n- item: C1-IA01\n  status: planned\n  target_date: 2026-02-30\n",
    "bomb.yaml": b"a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nitems: [*b, *b]\n",
    "binary.yaml": b"\x00\x01\x02",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_import_files_are_refused_without_a_traceback(cli, tmp_path: Path, name) -> None:
    aid = latest(cli)
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    before = cli("assess", "export", aid).out
    result = cli("assess", "import", str(path), "--into", aid)
    assert result.code != 0 and "Traceback" not in result.err
    assert result.err.startswith("error: ") and path.name in result.err and len(result.err) < 2000
    assert "no assessment" not in result.err
    assert cli("assess", "export", aid).out == before


def test_dev_zero_and_size_limits(cli, monkeypatch) -> None:
    aid = latest(cli)
    assert "larger than" in one_line_error(cli("assess", "import", "/dev/zero", "--into", aid))


def test_a_csv_with_a_byte_order_mark_is_accepted(cli, tmp_path: Path) -> None:
    aid = latest(cli)
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfitem,status\nC1-IA03,planned\n")
    result = cli("assess", "import", str(path), "--into", aid)
    assert result.code == 0, result.err
