"""keyed audit chain, session generations, throttling by user name and address

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 09:00:00.000000

The audit chain was a plain SHA-256 chain: anyone able to edit the database could re-hash it.
From here on each entry's hash is an HMAC with a key derived from the secret key (kept outside
the database). Existing entries are re-keyed here, after the old chain is verified: a chain
that is already broken is refused rather than laundered into a valid keyed one. Existing
entries get the label SENSITIVE (what they touched is not known safely), and a last entry
records the switch.
"""

import hashlib
import hmac
import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
OLD_FIELDS = (
    "seq", "at", "actor", "action", "object_type", "object_id",
    "before_hash", "after_hash", "detail", "prev_hash",
)  # fmt: skip
NEW_FIELDS = (*OLD_FIELDS, "label", "origin")

entries = sa.table(
    "audit_entries",
    *(sa.column(name) for name in (*NEW_FIELDS, "entry_hash")),
)
head = sa.table("audit_head", sa.column("id"), sa.column("last_seq"), sa.column("last_hash"))


def _canonical(fields: dict, names: Sequence[str]) -> bytes:
    data = {k: fields[k] for k in names}
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _old_hash(fields: dict) -> str:
    return hashlib.sha256(_canonical(fields, OLD_FIELDS)).hexdigest()


def _new_hash(fields: dict, key: bytes) -> str:
    return hmac.new(key, _canonical(fields, NEW_FIELDS), hashlib.sha256).hexdigest()


def _rows(connection: sa.Connection, names: Sequence[str]) -> list[dict]:
    query = sa.select(*(entries.c[n] for n in (*names, "entry_hash"))).order_by(entries.c.seq)
    return [dict(r) for r in connection.execute(query).mappings()]


def _rechain(connection: sa.Connection, rows: list[dict], hasher) -> None:
    prev = GENESIS
    for row in rows:
        row["prev_hash"] = prev
        row["entry_hash"] = hasher(row)
        connection.execute(
            entries.update()
            .where(entries.c.seq == row["seq"])
            .values(prev_hash=prev, entry_hash=row["entry_hash"])
        )
        prev = row["entry_hash"]
    last = rows[-1]["seq"] if rows else 0
    connection.execute(head.update().where(head.c.id == 1).values(last_seq=last, last_hash=prev))


def _verified_unkeyed(connection: sa.Connection) -> list[dict]:
    """The old chain's entries, refused unless it verifies (checked before any change: SQLite
    cannot roll back a schema change)."""
    rows = _rows(connection, OLD_FIELDS)
    prev = GENESIS
    for expected, row in enumerate(rows, start=1):
        if (
            row["seq"] != expected
            or row["prev_hash"] != prev
            or _old_hash(row) != row["entry_hash"]
        ):
            raise RuntimeError(
                f"the audit log does not verify at entry {row['seq']}: nucsec will not re-key a "
                "broken chain; restore a good backup taken with the previous release first"
            )
        prev = row["entry_hash"]
    top = connection.execute(sa.select(head.c.last_seq, head.c.last_hash)).one()
    if (top.last_seq, top.last_hash) != ((rows[-1]["seq"] if rows else 0), prev):
        raise RuntimeError(
            "the audit log does not verify: its newest entries are missing; nucsec will not "
            "re-key a broken chain"
        )
    return rows


def upgrade() -> None:
    from nucsec.access.audit import chain_key

    connection = op.get_bind()
    rows = _verified_unkeyed(connection)
    op.add_column(
        "audit_entries",
        sa.Column("label", sa.String(length=16), nullable=False, server_default="SENSITIVE"),
    )
    op.add_column("audit_entries", sa.Column("origin", sa.String(length=200), nullable=True))
    op.add_column(
        "users",
        sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0"),
    )
    op.drop_table("login_throttle")
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )

    if not rows:
        return
    rows = [{**row, "label": "SENSITIVE", "origin": None} for row in rows]
    key = chain_key(connection)
    _rechain(connection, rows, lambda fields: _new_hash(fields, key))
    switch = {
        "seq": rows[-1]["seq"] + 1,
        "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": "system",
        "action": "rekey",
        "object_type": "audit_entries",
        "object_id": f"1-{rows[-1]['seq']}",
        "before_hash": None,
        "after_hash": None,
        "detail": f"unkeyed chain of {len(rows)} entries verified, then keyed (HMAC-SHA256)",
        "prev_hash": rows[-1]["entry_hash"],
        "label": "SENSITIVE",
        "origin": None,
    }
    switch["entry_hash"] = _new_hash(switch, key)
    connection.execute(entries.insert().values(**switch))
    connection.execute(
        head.update()
        .where(head.c.id == 1)
        .values(last_seq=switch["seq"], last_hash=switch["entry_hash"])
    )


def downgrade() -> None:
    connection = op.get_bind()
    rows = _rows(connection, OLD_FIELDS)
    _rechain(connection, rows, _old_hash)
    op.drop_table("login_throttle")
    op.create_table(
        "login_throttle",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_login_throttle")),
    )
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_generation")
    with op.batch_alter_table("audit_entries") as batch:
        batch.drop_column("origin")
        batch.drop_column("label")
