"""Full backup and restore: every table, the audit log included, as one versioned JSON document.

The document is `{"format": "nucsec-backup", "format_version": 3, "schema_revision": …,
"created_at": …, "tables": {table: [row, …]}, "files": {}, "signature": {…}}`.
The signature is an HMAC-SHA256 over everything else, with a key derived from the secret key
(outside the database): restore refuses a file edited after it was written (a role raised, a
record relabelled, any row), or one made with another installation's key.
Values are plain JSON, decoded by column type on restore, so a backup taken on SQLite restores
exactly on PostgreSQL and back: date-times as UTC ISO strings, dates as ISO dates, binary
columns as base64 text.
`files` holds files of the data folder that are not in the database: the files stored with
evidence records (`files/<sha256>`, base64; format version 3, each checked against its name), and
the release-signing key files (`keys/…`) only when the backup was asked for them
(`nucsec backup --include-signing-key`); any other name is refused rather than ignored. Version 2
backups (made before evidence files existed) still restore.

Everything goes through SQLAlchemy Core on the table objects, never the ORM: the visibility rule
would hide rows from a dump, and the audit hooks would log a restore's inserts as new writes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from importlib.resources import files
from typing import Any

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DataError, IntegrityError

import nucsec.models  # noqa: F401  (registers every table on Base.metadata)
from nucsec.access import audit
from nucsec.db import Base
from nucsec.errors import Conflict, Invalid, NucsecError
from nucsec.evidence.files import FileStore, sha256_of

FORMAT = "nucsec-backup"
FORMAT_VERSION = 3
READABLE_VERSIONS = (2, 3)  # 3 added evidence files; a version 2 backup simply holds none
KEYS = frozenset(
    {"format", "format_version", "schema_revision", "created_at", "tables", "files", "signature"}
)
SIGNATURE = "signature"
ALGORITHM = "HMAC-SHA256"
SKIPPED = frozenset({"alembic_version"})  # alembic's own bookkeeping: the revision is in the header
AUDIT_HEAD = "audit_head"  # its single row always exists: a restore replaces it
KEY_FILES = ("keys/release_signing_key", "keys/release_signing_key.pub")
EVIDENCE_FILE = re.compile(r"^files/([0-9a-f]{64})$")
EVIDENCE_FILES_TABLE = "evidence_files"


def tables() -> list[Table]:
    """The backed-up tables in dependency order (parents first), so inserts satisfy foreign keys."""
    return [t for t in Base.metadata.sorted_tables if t.name not in SKIPPED]


@contextmanager
def consistent_transaction(*, engine: Engine) -> Iterator[Connection]:
    """A transaction that reads one snapshot and keeps writers out of the gap between a dump and
    its audit entry, or between a restore's emptiness check and its inserts.

    A plain `engine.begin()` does neither: PostgreSQL's READ COMMITTED lets each statement see
    newer commits, and the SQLite driver only opens the transaction at the first write. So
    PostgreSQL runs REPEATABLE READ (a concurrent audited write then makes the export's audit
    append fail instead of slipping in), and SQLite takes the write lock up front.
    """
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            if not connection.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield connection
        return
    with (
        engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection,
        connection.begin(),
    ):
        yield connection


def dump(
    *,
    connection: Connection,
    key_files: dict[str, bytes] | None = None,
    store: FileStore | None = None,
) -> dict[str, Any]:
    """Every row of every table, ordered by primary key, and every stored evidence file (read
    from `store`, by default the data folder's), as a JSON-safe document.

    Reads in the caller's transaction; run it in `consistent_transaction` so the tables agree.
    Rows are sorted in Python rather than by the server, whose collation could order text keys
    differently on another backend.
    """
    revision = _database_revision(connection)
    content: dict[str, list[dict[str, Any]]] = {}
    for table in tables():
        keys = [c.name for c in table.primary_key.columns]
        rows = [dict(r) for r in connection.execute(select(table)).mappings()]
        rows.sort(key=lambda row: tuple(row[k] for k in keys))
        content[table.name] = [
            {c.name: _encode(row[c.name]) for c in table.columns} for row in rows
        ]
    stored = _stored_files(content.get(EVIDENCE_FILES_TABLE, []), store)
    doc = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": revision,
        "created_at": _utc_iso(datetime.now(UTC)),
        "tables": content,
        "files": {
            name: base64.b64encode(data).decode("ascii")
            for name, data in sorted({**(key_files or {}), **stored}.items())
        },
    }
    _check_files(doc["files"], "backup")
    return sign(doc=doc, key=signing_key(connection))


def key_files(doc: dict[str, Any]) -> dict[str, bytes]:
    """The signing-key files a backup holds (none unless it was made with the flag)."""
    return {
        name: base64.b64decode(value) for name, value in doc["files"].items() if name in KEY_FILES
    }


def evidence_files(doc: dict[str, Any]) -> dict[str, bytes]:
    """The evidence files a backup holds, by sha256 (each already checked against its name)."""
    found = {}
    for name, value in doc["files"].items():
        if match := EVIDENCE_FILE.match(name):
            found[match.group(1)] = base64.b64decode(value)
    return found


def _stored_files(rows: list[dict[str, Any]], store: FileStore | None) -> dict[str, bytes]:
    """The bytes of every file the evidence_files rows name, from the store."""
    if not rows:
        return {}
    if store is None:
        from nucsec.config import get_settings

        store = FileStore.in_data_dir(get_settings().data_dir)
    found: dict[str, bytes] = {}
    for sha256 in sorted({row["sha256"] for row in rows}):
        data = store.get(sha256)
        if data is None:
            raise Invalid(
                f"backup: the stored file {sha256} is missing or damaged in {store.root}; "
                "restore it there (or remove its evidence_files row) and back up again"
            )
        found[f"files/{sha256}"] = data
    return found


# --- the signature -------------------------------------------------------------------------


def signing_key(connection: Connection | Engine | None = None) -> bytes:
    """The backup key of this installation: derived from the audit chain's key, so it too lives
    with the secret key, outside the database (without a connection: from the settings, so a
    file can be checked before any database is opened for it)."""
    chain = audit.chain_key(connection) if connection is not None else audit.settings_key()
    return hmac.new(chain, b"nucsec:backup-signature", "sha256").digest()


def _mac(doc: dict[str, Any], key: bytes) -> str:
    body = {k: v for k, v in doc.items() if k != SIGNATURE}
    message = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def _key_id(key: bytes) -> str:
    return hashlib.sha256(b"key-id:" + key).hexdigest()[:16]


def sign(*, doc: dict[str, Any], key: bytes) -> dict[str, Any]:
    """`doc` with a signature over the rest of its content."""
    signature = {"algorithm": ALGORITHM, "key_id": _key_id(key), "mac": _mac(doc, key)}
    return {**doc, SIGNATURE: signature}


def check_signature(*, doc: dict[str, Any], key: bytes, source: str) -> None:
    """Refuse a backup altered after it was written, or signed with another key; say which."""
    signature = doc.get(SIGNATURE)
    if not isinstance(signature, dict) or set(signature) != {"algorithm", "key_id", "mac"}:
        raise Invalid(f"{source}: the backup's signature is missing or malformed")
    if signature["algorithm"] != ALGORITHM:
        raise Invalid(f"{source}: unknown signature algorithm {signature['algorithm']!r}")
    if signature["key_id"] != _key_id(key):
        raise Invalid(
            f"{source}: the backup is signed with another key (key {signature['key_id']!r}, this "
            f"installation's is {_key_id(key)!r}): restore it with the secret key "
            "(NUCSEC_SECRET_KEY or the data folder's secret_key) of the installation that made it"
        )
    mac = signature["mac"]
    if not (isinstance(mac, str) and hmac.compare_digest(mac, _mac(doc, key))):
        raise Invalid(
            f"{source}: the backup was altered after it was written: its signature does not "
            "match its content"
        )


def to_json(*, doc: dict[str, Any]) -> str:
    """Stable text (sorted keys), so two backups of the same content are identical files."""
    return json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def from_json(*, text: str, source: str, key: bytes | None = None) -> dict[str, Any]:
    """Parse and check a backup before anything touches a database; errors name `source`.
    With `key`, the signature is checked first, so an edited file is named as such."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Invalid(
            f"{source}: not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from exc
    except RecursionError as exc:
        raise Invalid(f"{source}: not a nucsec backup (nested too deeply)") from exc
    _check_header(doc, source)
    if key is not None:
        check_signature(doc=doc, key=key, source=source)
    _check_revision(found=doc["schema_revision"], expected=code_revision(), source=source)
    _decoded_tables(doc, source)
    return doc


def restore(
    *, connection: Connection, doc: dict[str, Any], source: str = "backup"
) -> dict[str, int]:
    """Load a backup into an empty database in the caller's transaction; rows per table.

    Any error leaves the database as it was, provided the caller rolls back (a `with` block
    does). Appends no audit entry: the restored database must be identical to the backup, which
    already holds its own chain (checked with `audit.verify` after loading).
    """
    _check_header(doc, source)
    check_signature(doc=doc, key=signing_key(connection), source=source)
    _check_revision(
        found=doc["schema_revision"], expected=_database_revision(connection), source=source
    )
    content = _decoded_tables(doc, source)
    _check_evidence_files(content, doc, source)
    _require_empty(connection)
    for table in tables():
        if table.name == AUDIT_HEAD:
            connection.execute(delete(table))
        _insert(connection, table, content[table.name], source)
    verdict = audit.verify(connection)
    if not verdict.ok:
        raise Invalid(f"{source}: the audit log in the backup does not verify: {verdict.reason}")
    if connection.dialect.name == "postgresql":
        _reset_sequences(connection)  # last: setval is not undone by a rollback
    return {name: len(rows) for name, rows in content.items()}


def code_revision() -> str:
    """The newest schema revision this nucsec knows (its migrations' head)."""
    head = _migrations().get_current_head()
    assert head is not None
    return head


def _migrations() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(files("nucsec") / "migrations"))
    return ScriptDirectory.from_config(config)


# --- encoding ------------------------------------------------------------------------------


def _utc_iso(value: datetime) -> str:
    """One spelling per instant: SQLite gives back naive UTC times, PostgreSQL aware ones."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return _utc_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(value).decode("ascii")
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    raise TypeError(f"no backup encoding for {type(value).__name__}: add one to nucsec.backup")


def _decode(column: Column[Any], value: Any, where: str) -> Any:
    """The Python value of a JSON value for `column`, or Invalid saying what was expected."""
    kind = column.type
    if value is None:
        if not column.nullable:
            raise Invalid(f"{where}: must not be null")
        return None
    if isinstance(kind, JSON):
        return value
    if isinstance(kind, DateTime):
        moment = _parse(datetime.fromisoformat, value, "an ISO date-time with a time zone", where)
        if moment.tzinfo is None:
            raise Invalid(f"{where}: expected an ISO date-time with a time zone, got {value!r}")
        moment = moment.astimezone(UTC)
        return moment if kind.timezone else moment.replace(tzinfo=None)
    if isinstance(kind, Date):
        return _parse(date.fromisoformat, value, "an ISO date", where)
    if isinstance(kind, LargeBinary):
        return _parse(_from_base64, value, "base64 text", where)
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise Invalid(f"{where}: expected true or false, got {value!r}")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"{where}: expected an integer, got {value!r}")
        return value
    if isinstance(kind, Float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid(f"{where}: expected a number, got {value!r}")
        return float(value)
    if isinstance(kind, String):
        if not isinstance(value, str):
            raise Invalid(f"{where}: expected text, got {value!r}")
        if kind.length is not None and len(value) > kind.length:
            raise Invalid(f"{where}: longer than {kind.length} characters")
        return value
    raise TypeError(f"no backup decoding for {kind!r}: add one to nucsec.backup")


def _from_base64(value: str) -> bytes:
    return base64.b64decode(value, validate=True)  # binascii.Error is a ValueError


def _parse(parser: Any, value: Any, expected: str, where: str) -> Any:
    if isinstance(value, str):
        try:
            return parser(value)
        except ValueError:
            pass
    raise Invalid(f"{where}: expected {expected}, got {value!r}")


# --- checking a document -------------------------------------------------------------------


def _check_header(doc: Any, source: str) -> None:
    if not isinstance(doc, dict):
        raise Invalid(f"{source}: not a nucsec backup (expected a JSON object)")
    if doc.get("format") != FORMAT:
        found = f"format {doc['format']!r}" if "format" in doc else "no 'format' key"
        raise Invalid(f"{source}: not a nucsec backup ({found}, expected {FORMAT!r})")
    version = doc.get("format_version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise Invalid(
            f"{source}: backup format version {version!r} is not supported "
            f"(this nucsec reads versions {', '.join(map(str, READABLE_VERSIONS))})"
        )
    if missing := sorted(KEYS - doc.keys()):
        raise Invalid(f"{source}: missing key {missing[0]!r}")
    if unknown := sorted(doc.keys() - KEYS):
        raise Invalid(f"{source}: unknown key {unknown[0]!r}")
    if not isinstance(doc["schema_revision"], str):
        raise Invalid(f"{source}: schema_revision must be text")
    _check_files(doc["files"], source)


def _check_files(content: Any, source: str) -> None:
    if not isinstance(content, dict):
        raise Invalid(f"{source}: 'files' must be an object of name → base64 content")
    for name, value in content.items():
        evidence = EVIDENCE_FILE.match(name)
        if name not in KEY_FILES and not evidence:
            raise Invalid(
                f"{source}: 'files' may hold only the signing key and evidence files "
                f"(files/<sha256>), not {name!r}"
            )
        if not isinstance(value, str):
            raise Invalid(f"{source}: file {name}: expected base64 text")
        data = _parse(_from_base64, value, "base64 text", f"{source}: file {name}")
        if evidence and sha256_of(data) != evidence.group(1):
            raise Invalid(f"{source}: file {name}: its content does not match its sha256 name")


def _check_evidence_files(
    content: dict[str, list[dict[str, Any]]], doc: dict[str, Any], source: str
) -> None:
    """Every evidence_files row has its file in the backup: none is restored without its bytes."""
    held = {f"files/{sha}" for sha in evidence_files(doc)}
    for n, row in enumerate(content.get(EVIDENCE_FILES_TABLE, []), start=1):
        if f"files/{row['sha256']}" not in held:
            raise Invalid(
                f"{source}: table {EVIDENCE_FILES_TABLE}, row {n}: its file {row['sha256']} "
                "is not in the backup"
            )


def _check_revision(*, found: str, expected: str, source: str) -> None:
    if found == expected:
        return
    known = {r.revision for r in _migrations().walk_revisions()}
    advice = (
        f"restore it into a database at revision {found} with the nucsec release that made it, "
        "then upgrade that database with `nucsec init`"
        if found in known
        else "upgrade nucsec to the release that made it"
    )
    raise Invalid(
        f"{source}: the backup is at schema revision {found} but the database is at "
        f"{expected}: {advice}"
    )


def _decoded_tables(doc: dict[str, Any], source: str) -> dict[str, list[dict[str, Any]]]:
    """Every row checked against its table and converted to the values to insert."""
    content = doc["tables"]
    if not isinstance(content, dict):
        raise Invalid(f"{source}: 'tables' must be an object of table name → rows")
    known = {t.name: t for t in tables()}
    if unknown := sorted(content.keys() - known.keys()):
        raise Invalid(f"{source}: unknown table {unknown[0]!r}")
    if missing := [name for name in known if name not in content]:
        raise Invalid(f"{source}: missing table {missing[0]!r}")
    decoded: dict[str, list[dict[str, Any]]] = {}
    for name, table in known.items():
        rows = content[name]
        if not isinstance(rows, list):
            raise Invalid(f"{source}: table {name}: expected a list of rows")
        decoded[name] = [
            _decoded_row(table, row, f"{source}: table {name}, row {n}")
            for n, row in enumerate(rows, start=1)
        ]
    return decoded


def _decoded_row(table: Table, row: Any, where: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise Invalid(f"{where}: expected an object of column → value")
    if unknown := sorted(row.keys() - table.columns.keys()):
        raise Invalid(f"{where}: unknown column {unknown[0]!r}")
    # Every column is required: a backup writes them all, and a default would not restore exactly.
    if missing := [c.name for c in table.columns if c.name not in row]:
        raise Invalid(f"{where}: missing column {missing[0]!r}")
    values = {c.name: _decode(c, row[c.name], f"{where}, column {c.name}") for c in table.columns}
    if table.name != "audit_entries":  # their hashes cover the text exactly as written
        values = {k: _without_nul(v) for k, v in values.items()}
    return values


def _without_nul(value: Any) -> Any:
    """Text without NUL: SQLite stored it, PostgreSQL cannot, and it never meant anything."""
    return value.replace("\x00", "") if isinstance(value, str) else value


# --- writing -------------------------------------------------------------------------------


def _database_revision(connection: Connection) -> str:
    current, head = MigrationContext.configure(connection).get_current_revision(), code_revision()
    if current != head:
        raise NucsecError(
            f"the database schema is at revision {current}, nucsec needs {head}: run `nucsec init`"
        )
    return current


def _require_empty(connection: Connection) -> None:
    busy = []
    for table in tables():
        if table.name != AUDIT_HEAD:
            count = connection.execute(select(func.count()).select_from(table)).scalar_one()
            if count:
                busy.append(f"table {table.name} has {count} row{'' if count == 1 else 's'}")
    if busy:
        more = len(busy) - 1
        rest = (
            f" (and {more} more table{' is' if more == 1 else 's are'} not empty)" if more else ""
        )
        raise Conflict(f"restore needs an empty database: {busy[0]}{rest}")


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]], source: str) -> None:
    """Insert in primary-key order; references to rows of the same table (a follow-up review,
    a carried-forward assessment) are set afterwards, so they may point to any row."""
    if not rows:
        return
    later = [
        c
        for c in table.columns
        if c.nullable and any(fk.column.table is table for fk in c.foreign_keys)
    ]
    keys = list(table.primary_key.columns)
    try:
        connection.execute(
            table.insert(), [{**row, **{c.name: None for c in later}} for row in rows]
        )
        for row in rows:
            values = {c.name: row[c.name] for c in later if row[c.name] is not None}
            if values:
                match = [k == row[k.name] for k in keys]
                connection.execute(update(table).where(*match).values(**values))
    except (IntegrityError, DataError) as exc:
        reason = str(exc.orig).strip().splitlines()[0]
        raise Invalid(f"{source}: table {table.name}: {reason}") from exc


def _reset_sequences(connection: Connection) -> None:
    """Move each integer key's sequence past the restored rows, so new inserts do not collide."""
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        top = select(func.max(keys[0])).scalar_subquery()
        sequence = func.pg_get_serial_sequence(table.name, keys[0].name)
        connection.execute(select(func.setval(sequence, func.coalesce(top, 1), top.is_not(None))))
