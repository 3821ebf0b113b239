"""`nucsec backup` and `nucsec restore`: the whole database as one JSON file."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import make_url

from nucsec import backup as backups
from nucsec.access import audit
from nucsec.access.principal import cli_principal
from nucsec.cli.context import current_revision, raw_engine, ready_engine
from nucsec.cli.output import console
from nucsec.config import get_settings
from nucsec.db import migrate
from nucsec.errors import Conflict, Invalid
from nucsec.evidence.files import FileStore
from nucsec.publishing import keys


def backup(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The JSON file to write (replaced atomically).")
    ],
    include_signing_key: Annotated[
        bool,
        typer.Option(
            "--include-signing-key",
            help="Also hold the private release-signing key (as stored: encrypted if it has a "
            "passphrase). Without it the backup holds public keys only.",
        ),
    ] = False,
) -> None:
    """Write every table, the audit log included, to a JSON file that `nucsec restore` loads.

    The file holds password hashes and SENSITIVE records: it is created readable by you only.
    The export is audited; its own entry is not in the file, so backing up a restored database
    gives the same tables.
    """
    engine = ready_engine()
    temp: Path | None = None
    try:
        with backups.consistent_transaction(engine=engine) as connection:
            doc = backups.dump(
                connection=connection,
                key_files=_signing_key_files() if include_signing_key else None,
                store=FileStore.in_data_dir(get_settings().data_dir),
            )
            counts = {name: len(rows) for name, rows in doc["tables"].items()}
            data = backups.to_json(doc=doc).encode("utf-8")
            audit.record(
                connection,
                actor=cli_principal().username,
                action="export",
                object_type="backup",
                object_id=output.name[:100],
                detail=f"{_counts(counts)}, sha256 {hashlib.sha256(data).hexdigest()}",
            )
            temp = _write_private(output, data)  # a failure here rolls the audit entry back
        os.replace(temp, output)
    except OSError as exc:
        raise Invalid(f"{output}: cannot write: {exc.strerror or exc}") from exc
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)
    holds = (
        "it holds the private signing key: keep it as safe as the key itself"
        if backups.key_files(doc)
        else "the private signing key is not included (add --include-signing-key to include it)"
    )
    console.print(
        f"backup written to {output}: {_counts(counts)}; {holds}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


def restore(
    file: Annotated[Path, typer.Argument(help="A file written by `nucsec backup`.")],
) -> None:
    """Load a backup into a new, empty database, creating its schema if needed.

    Do not run `nucsec init` first: it adds rows, and a restore only goes into an empty
    database. Nothing is written unless the whole backup loads and its audit log verifies.
    """
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise Invalid(f"{file}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise Invalid(f"{file}: cannot read: not UTF-8 text") from exc
    # The key comes from the settings, not the database: check the file before any database
    # (an SQLite file included) is created for it.
    doc = backups.from_json(text=text, source=str(file), key=backups.signing_key())
    restored_keys = backups.key_files(doc)
    folder = keys.folder_for()
    for name, data in restored_keys.items():
        existing = folder.parent / name
        if existing.exists() and existing.read_bytes() != data:
            raise Conflict(f"{existing}: a different signing key is already there; move it away")
    engine = raw_engine()
    if current_revision(engine) is None:
        migrate(engine)
    engine = ready_engine()
    stored = backups.evidence_files(doc)
    if stored:  # first, so no restored record lacks its file (a failed restore leaves copies
        store = FileStore.in_data_dir(get_settings().data_dir)  # that nothing names: harmless)
        try:
            for data in stored.values():
                store.put(data)
        except OSError as exc:
            raise Invalid(f"{store.root}: cannot write the evidence files: {exc}") from exc
    try:
        with backups.consistent_transaction(engine=engine) as connection:
            counts = backups.restore(connection=connection, doc=doc, source=str(file))
    except Conflict as exc:
        raise Conflict(f"{exc}; restore into a new database (no `nucsec init` needed)") from exc
    for name, data in restored_keys.items():
        target = folder.parent / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write_private(target, data).replace(target)
    url = make_url(str(engine.url)).render_as_string(hide_password=True)
    console.print(
        f"restored {file} into {url}: {_counts(counts)}"
        + (f", {len(stored)} stored files" if stored else "")
        + (", and the signing key" if restored_keys else ""),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


def _signing_key_files() -> dict[str, bytes]:
    """The key files to back up, by their name in the backup; refuses when there is no key."""
    folder = keys.folder_for()
    found = {
        name: (folder.parent / name).read_bytes()
        for name in backups.KEY_FILES
        if (folder.parent / name).exists()
    }
    if not found:
        raise Invalid(f"--include-signing-key: no signing key in {folder}")
    return found


def _counts(rows: dict[str, int]) -> str:
    return f"{len(rows)} tables, {sum(rows.values())} rows"


def _write_private(output: Path, data: bytes) -> Path:
    """A temporary file (mode 600) next to `output`, written to disk; the caller moves it."""
    handle, name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    return Path(name)
