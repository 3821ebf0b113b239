"""The tamper-evident audit log: every write appends a hash-chained entry.

ORM writes are recorded automatically by a flush hook, so a service cannot forget to audit;
events that change no table (a login, an export) are appended explicitly with `record`.
Each entry's hash covers its fields and the previous entry's hash, and `audit_head` keeps the
newest hash, so editing, deleting or truncating entries is detected by `verify`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, event, insert, inspect, select, update
from sqlalchemy.orm import Session

from nucsec.access.models import AuditEntry, AuditHead
from nucsec.access.visibility import principal_of

GENESIS = "0" * 64
HEAD_ID = 1
HASHED_FIELDS = (
    "seq", "at", "actor", "action", "object_type", "object_id",
    "before_hash", "after_hash", "detail", "prev_hash",
)  # fmt: skip


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_iso)


def _iso(value: Any) -> str:
    """One spelling per instant: SQLite gives back naive UTC times, PostgreSQL aware ones."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def content_hash(content: dict[str, Any] | None) -> str | None:
    """SHA-256 of a record's content; None when there is no content (before a create)."""
    if content is None:
        return None
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


def entry_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical({k: fields[k] for k in HASHED_FIELDS}).encode()).hexdigest()


def record(
    connection: Connection,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: str | None = None,
) -> int:
    """Append one entry inside the caller's transaction; returns its sequence number."""
    head = connection.execute(
        select(AuditHead.last_seq, AuditHead.last_hash)
        .where(AuditHead.id == HEAD_ID)
        .with_for_update()
    ).one()
    fields: dict[str, Any] = {
        "seq": head.last_seq + 1,
        "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "before_hash": content_hash(before),
        "after_hash": content_hash(after),
        "detail": detail,
        "prev_hash": head.last_hash,
    }
    fields["entry_hash"] = entry_hash(fields)
    connection.execute(insert(AuditEntry).values(**fields))
    connection.execute(
        update(AuditHead)
        .where(AuditHead.id == HEAD_ID)
        .values(last_seq=fields["seq"], last_hash=fields["entry_hash"])
    )
    return fields["seq"]


def record_event(
    session: Session,
    *,
    action: str,
    object_type: str,
    object_id: str,
    detail: str | None = None,
    after: dict[str, Any] | None = None,
) -> int:
    """Append an event (login, export …) on behalf of the session's principal."""
    return record(
        session.connection(),
        actor=principal_of(session).username,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        after=after,
    )


# --- automatic auditing of ORM writes -------------------------------------------------------


def _audited(obj: object) -> bool:
    return getattr(type(obj), "__audited__", True)


def _key(obj: object) -> str:
    key_attr = getattr(type(obj), "__audit_key__", None)
    if key_attr:
        return str(getattr(obj, key_attr))
    return ",".join(str(v) for v in inspect(obj).mapper.primary_key_from_instance(obj))


def _snapshot(obj: object, *, before: bool) -> dict[str, Any]:
    state = inspect(obj)
    data = {}
    for attr in state.mapper.column_attrs:
        value = getattr(obj, attr.key)
        if before:
            history = state.attrs[attr.key].history
            if history.deleted:
                value = history.deleted[0]
        data[attr.key] = value
    return data


def _changed(obj: object) -> list[str]:
    state = inspect(obj)
    return sorted(a.key for a in state.mapper.column_attrs if state.attrs[a.key].history.deleted)


_BEFORE = "nucsec_audit_before"


@event.listens_for(Session, "before_flush")
def _remember_before(session: Session, _context: Any, _instances: Any) -> None:
    """Snapshot changed and deleted records before the flush adds generated values."""
    before = session.info.setdefault(_BEFORE, {})
    for obj in (*session.dirty, *session.deleted):
        if _audited(obj) and id(obj) not in before:
            before[id(obj)] = (_snapshot(obj, before=True), _changed(obj))


@event.listens_for(Session, "after_flush")
def _audit_flush(session: Session, _context: Any) -> None:
    before = session.info.pop(_BEFORE, {})
    rows: list[tuple[str, object, dict | None, dict | None, str | None]] = []
    for obj in session.new:
        if _audited(obj):
            rows.append(("create", obj, None, _snapshot(obj, before=False), None))
    for obj in session.dirty:
        if _audited(obj) and id(obj) in before and before[id(obj)][1]:
            old, changed = before[id(obj)]
            detail = "changed: " + ", ".join(changed)
            rows.append(("update", obj, old, _snapshot(obj, before=False), detail))
    for obj in session.deleted:
        if _audited(obj):
            rows.append(("delete", obj, before[id(obj)][0], None, None))
    if not rows:
        return
    actor = principal_of(session).username
    connection = session.connection()
    for action, obj, old_content, new_content, detail in rows:
        record(
            connection,
            actor=actor,
            action=action,
            object_type=inspect(obj).mapper.local_table.name,
            object_id=_key(obj),
            before=old_content,
            after=new_content,
            detail=detail,
        )


# --- verification and reading ----------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    first_bad: int | None = None
    reason: str = ""
    head_hash: str = GENESIS


def verify(connection: Connection) -> Verdict:
    """Walk the chain from the first entry; name the first entry that does not hold."""
    expected_seq, prev = 1, GENESIS
    checked = 0
    rows = connection.execute(select(AuditEntry).order_by(AuditEntry.seq)).mappings()
    for row in rows:
        seq = row["seq"]
        if seq != expected_seq:
            return Verdict(
                False, checked, seq, f"entry {seq}: entries {expected_seq}–{seq - 1} are missing"
            )
        if row["prev_hash"] != prev:
            return Verdict(
                False, checked, seq, f"entry {seq}: does not follow entry {seq - 1} (chain broken)"
            )
        if entry_hash(dict(row)) != row["entry_hash"]:
            return Verdict(False, checked, seq, f"entry {seq}: content altered (hash mismatch)")
        prev, expected_seq, checked = row["entry_hash"], seq + 1, checked + 1
    head = connection.execute(select(AuditHead).where(AuditHead.id == HEAD_ID)).mappings().first()
    if head is None:
        return Verdict(False, checked, None, "audit head is missing")
    if head["last_seq"] != expected_seq - 1 or head["last_hash"] != prev:
        missing = head["last_seq"]
        return Verdict(
            False,
            checked,
            missing,
            f"entry {missing}: newest entries are missing (log ends at {expected_seq - 1})",
        )
    return Verdict(True, checked, None, "", prev)


def entries(session: Session, *, limit: int = 200, offset: int = 0) -> list[AuditEntry]:
    """Newest first."""
    return list(
        session.scalars(
            select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)
        )
    )


def entry_dict(entry: AuditEntry) -> dict[str, Any]:
    return {f: getattr(entry, f) for f in (*HASHED_FIELDS, "entry_hash")}
