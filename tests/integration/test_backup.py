"""Backup and restore: an exact JSON round trip across backends, atomic, refused when unsafe."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from nucsec import backup as backups
from nucsec.access import audit
from nucsec.access import service as access
from nucsec.access.models import AuditEntry, AuditHead, LoginThrottle
from nucsec.access.principal import SYSTEM
from nucsec.catalogue import default_pack
from nucsec.catalogue.service import register_pack
from nucsec.cli import backup as cli_backup
from nucsec.db import make_engine, migrate, transaction
from nucsec.demo import load_demo
from nucsec.errors import Conflict, Invalid, NucsecError
from nucsec.evidence import service as evidence
from nucsec.evidence.files import FileStore
from nucsec.evidence.models import EvidenceProposal
from nucsec.evidence.schemas import EvidenceCreate
from nucsec.publishing.models import ReleaseSignature
from nucsec.reports.models import ApprovalRequest, Narrative, ReleaseFile, ReportRelease
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate
from tests.conftest import empty_tables

Doc = dict[str, Any]
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
BYTES = bytes(range(256))  # every byte value, not valid UTF-8


STORE: dict[str, FileStore] = {}  # the evidence files of every dump here (content-addressed)
EVIDENCE_TEXT = b"The regulator inspected every facility.\n\nTransport plans were approved.\n"


def file_store() -> FileStore:
    return STORE["store"]


@pytest.fixture(scope="module")
def demo_doc(tmp_path_factory: pytest.TempPathFactory) -> Doc:
    """A backup of the demo plus a framework version, an API token, throttled logins, a
    report release with a binary file and its signature, and a file stored with an evidence
    record, so that every table has rows. Made once: loading the demo takes seconds."""
    STORE["store"] = FileStore(tmp_path_factory.mktemp("files"))
    source = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    migrate(source)
    with transaction(source, SYSTEM) as session:
        register_pack(session=session, pack=default_pack())
        load_demo(session=session)
        access.create_api_token(session=session, username="amina", name="sync")
        locked = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)  # no microseconds
        session.add(LoginThrottle(key="user:ab", failures=1))
        session.add(LoginThrottle(key="addr:10.0.0.1", failures=0, locked_until=locked))
        release = ReportRelease(
            state_id=1, kind="public", approved_by="reviewer", document={"title": "Ünïcode"}
        )
        session.add(release)
        session.flush()
        session.add(
            ReleaseFile(
                release_id=release.id, format="pdf", sha256="0" * 64, size=256, content=BYTES
            )
        )
        session.add(
            ReleaseSignature(
                release_id=release.id,
                manifest=b'{"files": []}\n',
                signature="-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n",
                fingerprint="SHA256:" + "A" * 43,
                public_key="ssh-ed25519 AAAA nucsec",
                label="PUBLIC",
            )
        )
        evidence.attach(
            session=session,
            state_code="XD",
            ref=evidence.list_for_state(session=session, state_code="XD")[0].ref,
            data=EVIDENCE_TEXT,
            filename="inspections.txt",
            store=file_store(),
            max_bytes=1_000_000,
        )
        session.add(
            ApprovalRequest(
                state_id=1,
                kind="public",
                status="approved",
                requested_by="amina",
                note="Yearly report",
                decided_by="reviewer",
                decided_at=locked,
                comment="Fine",
                release_id=release.id,
                label="PUBLIC",
            )
        )
        session.add(
            Narrative(
                state_id=1,
                section="offences",
                text="The Atomic Act defines the offences of Art. 7.",
                updated_by="amina",
                updated_at=locked,
                label="PUBLIC",
            )
        )
        session.add(
            EvidenceProposal(
                evidence_id=1,
                page=3,
                text="Inspectors carried out 46 inspections.",
                item_id="C1-IA02",
                score=0.73,
                why={"words": ["inspectors"], "semantic": 0.61},
                state="accepted",
                decided_by="amina",
                decided_at=locked,
                label="PUBLIC",
            )
        )
    doc = dump_of(source)
    source.dispose()
    return doc


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Engine]:
    """Another empty, migrated SQLite database."""
    eng = make_engine(f"sqlite:///{tmp_path / 'target.db'}")
    migrate(eng)
    yield eng
    eng.dispose()


def dump_of(engine: Engine) -> Doc:
    with engine.connect() as connection:
        return backups.dump(connection=connection, store=file_store())


def restore_into(engine: Engine, doc: Doc) -> dict[str, int]:
    with backups.consistent_transaction(engine=engine) as connection:
        return backups.restore(connection=connection, doc=doc)


def verdict(engine: Engine) -> audit.Verdict:
    with engine.connect() as connection:
        return audit.verify(connection)


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
            for t in backups.tables()
        }


def assert_empty(engine: Engine) -> None:
    counts = row_counts(engine)
    assert counts.pop("audit_head") == 1
    assert set(counts.values()) == {0}, counts
    with engine.connect() as connection:
        head = connection.execute(select(AuditHead.last_seq, AuditHead.last_hash)).one()
    assert tuple(head) == (0, audit.GENESIS)


def resigned(doc: Doc, engine: Engine) -> Doc:
    """`doc` signed again with the installation's key: what only a holder of the key can do,
    to reach the checks behind the signature."""
    return backups.sign(doc=doc, key=backups.signing_key(engine))


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


# --- the document ----------------------------------------------------------------------------


def test_a_backup_holds_every_table_as_typed_json(demo_doc: Doc) -> None:
    assert demo_doc["format"] == "nucsec-backup" and demo_doc["format_version"] == 3
    assert demo_doc["schema_revision"] == backups.code_revision()
    assert ISO_UTC.match(demo_doc["created_at"])
    sha = hashlib.sha256(EVIDENCE_TEXT).hexdigest()
    assert demo_doc["files"] == {f"files/{sha}": base64.b64encode(EVIDENCE_TEXT).decode()}
    assert backups.evidence_files(demo_doc) == {sha: EVIDENCE_TEXT}
    assert backups.key_files(demo_doc) == {}
    content = demo_doc["tables"]
    assert list(content) == [t.name for t in backups.tables()]
    assert "alembic_version" not in content
    empty = [name for name, rows in content.items() if not rows]
    assert empty == [], "add rows to the demo_doc fixture so every table's columns are covered"
    state = content["states"][0]
    assert state["code"] == "XD" and state["subscribed_on"] == "2016-04-01"
    assert state["transport"] is True and state["power_reactors"] is False
    assert ISO_UTC.match(state["created_at"])
    assert isinstance(content["score_releases"][0]["figures"], dict)
    assert content["reviews"][0]["modules"] == [
        "national_regime",
        "radioactive_material",
        "transport",
    ]
    assert [r["key"] for r in content["login_throttle"]] == ["addr:10.0.0.1", "user:ab"]
    assert content["login_throttle"][0]["locked_until"] == "2030-01-02T03:04:05.000000Z"
    assert base64.b64decode(content["release_files"][0]["content"]) == BYTES
    seqs = [r["seq"] for r in content["audit_entries"]]
    assert seqs == list(range(1, len(seqs) + 1))
    assert content["audit_head"] == [
        {"id": 1, "last_seq": seqs[-1], "last_hash": content["audit_entries"][-1]["entry_hash"]}
    ]
    text_ = backups.to_json(doc=demo_doc)
    assert text_.startswith('{\n "created_at"')  # sorted keys, indent 1
    assert backups.from_json(text=text_, source="b.json") == demo_doc


# --- round trips -----------------------------------------------------------------------------


def test_restore_then_dump_gives_the_same_tables(demo_doc: Doc, target: Engine) -> None:
    counts = restore_into(target, demo_doc)
    assert counts == {name: len(rows) for name, rows in demo_doc["tables"].items()}
    again = dump_of(target)
    assert again["tables"] == demo_doc["tables"]
    assert again["schema_revision"] == demo_doc["schema_revision"]
    checked = verdict(target)
    assert checked.ok and checked.checked == len(demo_doc["tables"]["audit_entries"])


def test_rows_may_refer_to_later_rows_of_their_own_table(demo_doc: Doc, target: Engine) -> None:
    doc = copy.deepcopy(demo_doc)
    mission, follow_up = doc["tables"]["reviews"][:2]
    assert follow_up["follows_id"] == mission["id"] < follow_up["id"]
    mission["follows_id"] = follow_up["id"]  # a reference forward, inserted before its target
    doc = resigned(doc, target)
    restore_into(target, doc)
    assert dump_of(target)["tables"] == doc["tables"]


@pytest.mark.postgres
def test_sqlite_to_postgres_and_back(
    postgres_engine: Engine, demo_doc: Doc, target: Engine
) -> None:
    pg = postgres_engine
    empty_tables(pg)
    try:
        with pg.begin() as connection:  # as on a new server: sequences start at 1
            for table in ("states", "users", "evidence"):
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 1, false)")
                )
        restore_into(pg, demo_doc)
        with pg.connect() as connection:
            connection.execute(text("SET TIME ZONE 'Pacific/Chatham'"))  # UTC+13:45
            on_postgres = backups.dump(connection=connection, store=file_store())
        assert on_postgres["tables"] == demo_doc["tables"]
        assert verdict(pg).ok

        restore_into(target, on_postgres)
        assert dump_of(target)["tables"] == demo_doc["tables"]

        with transaction(pg, SYSTEM) as session:  # the services go on from the restored keys
            state = states.create(
                session=session, data=StateCreate(code="XE", name="Exland", maturity="new")
            )
            record = evidence.create(
                session=session, state_code="XE", data=EvidenceCreate(title="Act", kind="law")
            )
        assert state.id == max(r["id"] for r in demo_doc["tables"]["states"]) + 1
        assert record.id == max(r["id"] for r in demo_doc["tables"]["evidence"]) + 1
        after = verdict(pg)
        assert after.ok and after.checked > len(demo_doc["tables"]["audit_entries"])
    finally:
        empty_tables(pg)


def test_consistent_transaction_keeps_other_writers_out(engine: Engine, backend: str) -> None:
    with backups.consistent_transaction(engine=engine) as connection:
        before = backups.dump(connection=connection)
        if backend == "sqlite":
            other = sqlite3.connect(engine.url.database, timeout=0)  # type: ignore[arg-type]
            try:
                with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                    other.execute("UPDATE audit_head SET last_seq = 7")
            finally:
                other.close()
        else:
            with transaction(engine, SYSTEM) as session:  # commits on another connection
                states.create(
                    session=session, data=StateCreate(code="XA", name="A", maturity="new")
                )
        assert backups.dump(connection=connection)["tables"] == before["tables"]


# --- refusals and atomicity ------------------------------------------------------------------


def test_restore_into_a_database_with_rows_is_refused(engine: Engine, demo_doc: Doc) -> None:
    with transaction(engine, SYSTEM) as session:
        states.create(session=session, data=StateCreate(code="XA", name="A", maturity="new"))
    before = dump_of(engine)["tables"]
    with pytest.raises(Conflict) as refused:
        restore_into(engine, demo_doc)
    assert str(refused.value) == (
        "restore needs an empty database: table audit_entries has 1 row "
        "(and 1 more table is not empty)"
    )
    assert dump_of(engine)["tables"] == before


def _break_foreign_key(doc: Doc) -> None:
    doc["tables"]["published_summaries"][-1]["finding_id"] = 9999  # the last table inserted


def _duplicate_key(doc: Doc) -> None:
    doc["tables"]["item_notes"].append(dict(doc["tables"]["item_notes"][0]))


def _tamper_audit(doc: Doc) -> None:
    doc["tables"]["audit_entries"][2]["actor"] = "mallory"


def _unknown_column(doc: Doc) -> None:
    doc["tables"]["published_summaries"][0]["extra"] = 1


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_break_foreign_key, r"^backup: table published_summaries: .*foreign key"),
        (_duplicate_key, r"^backup: table item_notes: .*(unique|duplicate key)"),
        (_tamper_audit, r"^backup: the audit log in the backup does not verify: entry 3: content"),
        (_unknown_column, r"^backup: table published_summaries, row 1: unknown column 'extra'$"),
    ],
    ids=["foreign-key", "duplicate-key", "audit-tampered", "unknown-column"],
)
def test_a_bad_backup_leaves_the_database_empty(
    engine: Engine, demo_doc: Doc, spoil: Callable[[Doc], None], message: str
) -> None:
    doc = copy.deepcopy(demo_doc)
    spoil(doc)
    with pytest.raises(Invalid, match=re.compile(message, re.IGNORECASE)):
        restore_into(engine, resigned(doc, engine))
    assert_empty(engine)


def test_restore_checks_the_revision_of_the_database(engine: Engine, demo_doc: Doc) -> None:
    doc = resigned({**demo_doc, "schema_revision": "0001"}, engine)
    with pytest.raises(Invalid, match="backup is at schema revision 0001 but the database is at"):
        restore_into(engine, doc)
    assert_empty(engine)


def _set(path: str, value: Any) -> Callable[[Doc], None]:
    """Set one value of the document: "key" or "table.row_index.column"."""

    def spoil(doc: Doc) -> None:
        parts = path.split(".")
        if len(parts) == 1:
            doc[path] = value
        else:
            table, index, column = parts
            doc["tables"][table][int(index)][column] = value

    return spoil


def _drop(path: str) -> Callable[[Doc], None]:
    def spoil(doc: Doc) -> None:
        table, index, column = path.split(".")
        del doc["tables"][table][int(index)][column]

    return spoil


HEAD = backups.code_revision()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_set("format", "other"), "not a nucsec backup (format 'other', expected 'nucsec-backup')"),
        (
            _set("format_version", 1),
            "backup format version 1 is not supported (this nucsec reads versions 2, 3)",
        ),
        (
            _set("schema_revision", "0001"),
            f"the backup is at schema revision 0001 but the database is at {HEAD}: restore it into "
            "a database at revision 0001 with the nucsec release that made it, then upgrade that "
            "database with `nucsec init`",
        ),
        (
            _set("schema_revision", "9999"),
            f"the backup is at schema revision 9999 but the database is at {HEAD}: upgrade nucsec "
            "to the release that made it",
        ),
        (
            _set("files", {"EV-0001": "…"}),
            "'files' may hold only the signing key and evidence files (files/<sha256>), not "
            "'EV-0001'",
        ),
        (
            _set("files", {f"files/{'a' * 64}": base64.b64encode(b"other").decode()}),
            f"file files/{'a' * 64}: its content does not match its sha256 name",
        ),
        (_set("extra", 1), "unknown key 'extra'"),
        (lambda doc: doc["tables"].update(secrets=[]), "unknown table 'secrets'"),
        (lambda doc: doc["tables"].pop("users"), "missing table 'users'"),
        (_set("users.1.shoe_size", 44), "table users, row 2: unknown column 'shoe_size'"),
        (_drop("users.0.role"), "table users, row 1: missing column 'role'"),
        (
            _set("states.0.created_at", "yesterday"),
            "table states, row 1, column created_at: expected an ISO date-time with a time zone, "
            "got 'yesterday'",
        ),
        (
            _set("states.0.created_at", "2026-01-01T10:00:00"),
            "table states, row 1, column created_at: expected an ISO date-time with a time zone",
        ),
        (
            _set("states.0.transport", 1),
            "table states, row 1, column transport: expected true or false, got 1",
        ),
        (_set("states.0.id", "1"), "table states, row 1, column id: expected an integer, got '1'"),
        (
            _set("states.0.subscribed_on", "2016-13-01"),
            "table states, row 1, column subscribed_on: expected an ISO date, got '2016-13-01'",
        ),
        (
            _set("release_files.0.content", "not base64!"),
            "table release_files, row 1, column content: expected base64 text",
        ),
        (_set("states.0.name", None), "table states, row 1, column name: must not be null"),
        (
            _set("states.0.code", "XDXD"),
            "table states, row 1, column code: longer than 3 characters",
        ),
    ],
)
def test_from_json_says_what_is_wrong(
    demo_doc: Doc, spoil: Callable[[Doc], None], message: str
) -> None:
    doc = copy.deepcopy(demo_doc)
    spoil(doc)
    with pytest.raises(Invalid) as refused:
        backups.from_json(text=backups.to_json(doc=doc), source="b.json")
    assert str(refused.value).startswith(f"b.json: {message}")


@pytest.mark.parametrize(
    ("text_", "message"),
    [
        ('{"format": ', "b.json: not JSON: Expecting value (line 1, column 12)"),
        ("[1, 2]", "b.json: not a nucsec backup (expected a JSON object)"),
        (
            '{"tables": {}}',
            "b.json: not a nucsec backup (no 'format' key, expected 'nucsec-backup')",
        ),
    ],
)
def test_from_json_refuses_what_is_not_a_backup(text_: str, message: str) -> None:
    with pytest.raises(Invalid) as refused:
        backups.from_json(text=text_, source="b.json")
    assert str(refused.value) == message


# --- the commands ----------------------------------------------------------------------------


def run(*args: str) -> None:
    """`nucsec backup|restore ARGS`, before they are wired into nucsec.cli.main."""
    app = typer.Typer()
    app.command("backup")(cli_backup.backup)
    app.command("restore")(cli_backup.restore)
    typer.main.get_command(app).main(args=list(args), prog_name="nucsec", standalone_mode=False)


def use_database(monkeypatch: pytest.MonkeyPatch, engine_or_url: Engine | str) -> None:
    url = engine_or_url if isinstance(engine_or_url, str) else url_of(engine_or_url)
    monkeypatch.setenv("NUCSEC_DATABASE_URL", url)


def test_backup_and_restore_commands_round_trip(
    engine: Engine,
    demo_doc: Doc,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NUCSEC_DATA_DIR", str(tmp_path / "data"))
    restore_into(engine, demo_doc)
    for data in backups.evidence_files(demo_doc).values():  # as `nucsec restore` does
        FileStore.in_data_dir(tmp_path / "data").put(data)
    use_database(monkeypatch, engine)
    folder = tmp_path / "backups"
    folder.mkdir()
    file = folder / "nightly.json"
    rows = sum(len(r) for r in demo_doc["tables"].values())
    counts = f"{len(backups.tables())} tables, {rows} rows"
    run("backup", "-o", str(file))
    assert capsys.readouterr().out == (
        f"backup written to {file}: {counts}; the private signing key is not included "
        "(add --include-signing-key to include it)\n"
    )
    assert [p.name for p in folder.iterdir()] == ["nightly.json"]  # no temp file left
    assert file.stat().st_mode & 0o777 == 0o600
    saved = backups.from_json(text=file.read_text(encoding="utf-8"), source=str(file))
    assert saved["tables"] == demo_doc["tables"]  # the export's own entry is not in the file

    with engine.connect() as connection:
        newest = connection.execute(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert newest is not None
    assert (newest.seq, newest.action, newest.object_type, newest.object_id) == (
        len(saved["tables"]["audit_entries"]) + 1,
        "export",
        "backup",
        "nightly.json",
    )
    assert newest.actor.startswith("cli:")
    assert newest.detail == f"{counts}, sha256 {hashlib.sha256(file.read_bytes()).hexdigest()}"
    assert verdict(engine).ok

    fresh = tmp_path / "restored" / "fresh.db"  # does not exist yet: restore creates the schema
    use_database(monkeypatch, f"sqlite:///{fresh}")
    monkeypatch.setenv("NUCSEC_DATA_DIR", str(tmp_path / "restored"))  # a new data folder too
    run("restore", str(file))
    assert (
        capsys.readouterr().out
        == f"restored {file} into sqlite:///{fresh}: {counts}, 1 stored files\n"
    )
    sha = hashlib.sha256(EVIDENCE_TEXT).hexdigest()
    restored_file = tmp_path / "restored" / "files" / sha[:2] / sha[2:]
    assert restored_file.read_bytes() == EVIDENCE_TEXT
    again = folder / "again.json"
    run("backup", "--output", str(again))
    assert json.loads(again.read_text(encoding="utf-8"))["tables"] == saved["tables"]

    with pytest.raises(
        Conflict,
        match=r"table audit_entries has \d+ rows \(and \d+ more tables are not empty\); "
        r"restore into a new database \(no `nucsec init` needed\)$",
    ):
        run("restore", str(file))


def test_commands_fail_with_one_clear_error(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_database(monkeypatch, engine)
    missing = tmp_path / "missing.json"
    with pytest.raises(Invalid, match=f"^{re.escape(str(missing))}: cannot read: No such file"):
        run("restore", str(missing))
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(Invalid, match=r"binary\.json: cannot read: not UTF-8 text"):
        run("restore", str(binary))
    nowhere = tmp_path / "no-such-folder" / "b.json"
    with pytest.raises(Invalid, match=r"no-such-folder/b\.json: cannot write: No such file"):
        run("backup", "-o", str(nowhere))
    assert verdict(engine).checked == 0  # the failed export left no audit entry


# --- the signature ---------------------------------------------------------------------------


def _raise_role(doc: Doc) -> None:
    doc["tables"]["users"][-1]["role"] = "admin"


def _relabel_finding(doc: Doc) -> None:
    doc["tables"]["findings"][0]["label"] = "PUBLIC"


def _edit_a_note(doc: Doc) -> None:
    doc["tables"]["item_notes"][0]["text"] += "."


def _drop_an_audit_entry(doc: Doc) -> None:
    doc["tables"]["audit_entries"].pop(3)


@pytest.mark.parametrize(
    "alter",
    [_raise_role, _relabel_finding, _edit_a_note, _tamper_audit, _drop_an_audit_entry],
    ids=["role-raised", "finding-relabelled", "row-edited", "audit-edited", "audit-entry-dropped"],
)
def test_restore_refuses_a_file_altered_after_it_was_written(
    demo_doc: Doc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alter: Callable[[Doc], None]
) -> None:
    doc = copy.deepcopy(demo_doc)
    alter(doc)
    file = tmp_path / "edited.json"
    file.write_text(backups.to_json(doc=doc), encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    use_database(monkeypatch, f"sqlite:///{fresh}")
    with pytest.raises(Invalid) as refused:
        run("restore", str(file))
    assert str(refused.value) == (
        f"{file}: the backup was altered after it was written: its signature does not match "
        "its content"
    )
    assert not fresh.exists(), "refused before a database is even created"


def test_restore_refuses_a_file_signed_with_another_key(
    demo_doc: Doc, target: Engine, tmp_path: Path
) -> None:
    foreign = backups.sign(doc=demo_doc, key=b"another installation")
    with pytest.raises(Invalid, match=r"^backup: the backup is signed with another key \(key '"):
        restore_into(target, foreign)
    unsigned = {k: v for k, v in demo_doc.items() if k != "signature"}
    with pytest.raises(Invalid, match="missing key 'signature'"):
        restore_into(target, unsigned)
    assert_empty(target)


# --- fuzzing the restore ---------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


@st.composite
def mutated(draw: st.DrawFn, doc: Doc) -> Doc:
    """A copy of `doc` with one value replaced, a key dropped or a row duplicated."""
    doc = copy.deepcopy(doc)
    table = draw(st.sampled_from(sorted(doc["tables"])))
    rows = doc["tables"][table]
    how = draw(st.sampled_from(["value", "drop", "duplicate", "header"]))
    if how == "header":
        doc[draw(st.sampled_from(sorted(backups.KEYS)))] = draw(JSON_VALUES)
    elif rows:
        row = rows[draw(st.integers(0, len(rows) - 1))]
        column = draw(st.sampled_from(sorted(row)))
        if how == "value":
            row[column] = draw(JSON_VALUES)
        elif how == "drop":
            del row[column]
        else:
            rows.append(dict(row))
    return doc


@pytest.mark.slow
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), resign=st.booleans())
def test_fuzzed_backups_restore_or_fail_with_one_line_and_write_nothing(
    demo_doc: Doc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data, resign: bool
) -> None:
    doc = data.draw(mutated(demo_doc))
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    file, fresh = folder / "fuzzed.json", folder / "fresh.db"
    url = f"sqlite:///{fresh}"
    if resign:  # as the key's holder could: reaches the checks behind the signature
        doc = backups.sign(doc=doc, key=backups.signing_key())
    file.write_text(backups.to_json(doc=doc), encoding="utf-8")
    use_database(monkeypatch, url)
    try:
        run("restore", str(file))
    except NucsecError as exc:
        message = str(exc)
        assert message.startswith(f"{file}: ") and "\n" not in message, message
        if fresh.exists():
            engine = make_engine(url)
            try:
                assert_empty(engine)
            finally:
                engine.dispose()


# --- evidence files (format version 3) -------------------------------------------------------


def test_a_version_2_backup_without_files_still_restores(engine: Engine, target: Engine) -> None:
    with transaction(engine, SYSTEM) as session:
        states.create(session=session, data=StateCreate(code="XA", name="A", maturity="new"))
    with engine.connect() as connection:
        doc = backups.dump(connection=connection)
    old = resigned({**doc, "format_version": 2}, target)
    text_ = backups.to_json(doc=old)
    loaded = backups.from_json(text=text_, source="old.json", key=backups.signing_key(target))
    restore_into(target, loaded)
    assert dump_of(target)["tables"] == doc["tables"]


def test_a_backup_whose_evidence_file_is_missing_is_refused(demo_doc: Doc, engine: Engine) -> None:
    doc = resigned({**demo_doc, "files": {}}, engine)
    with pytest.raises(Invalid, match=r"table evidence_files, row 1: its file [0-9a-f]{64} is not"):
        restore_into(engine, doc)
    assert_empty(engine)


def test_a_backup_is_refused_when_a_stored_file_is_lost(demo_doc: Doc, target: Engine) -> None:
    restore_into(target, demo_doc)
    with target.connect() as connection, pytest.raises(Invalid, match="is missing or damaged"):
        backups.dump(connection=connection, store=FileStore(Path(tempfile.mkdtemp())))


def test_restored_passages_are_searchable(demo_doc: Doc, engine: Engine) -> None:
    from nucsec.evidence import search
    from nucsec.paging import PageParams

    restore_into(engine, demo_doc)
    with transaction(engine, SYSTEM) as session:
        found = search.search(
            session=session,
            state_code="XD",
            text="transport plans approved",
            filters=search.Filters(),
            page=PageParams(),
        )
    assert found.total == 1
    assert found.items[0].passages[0].text == "Transport plans were approved."
