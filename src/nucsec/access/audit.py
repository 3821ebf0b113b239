"""The tamper-evident audit log: every write appends an entry to a keyed hash chain.

ORM writes are recorded automatically by a flush hook, so a service cannot forget to audit;
events that change no table (a login, an export) are appended explicitly with `record`.
Each entry's hash is an HMAC, with a key kept outside the database (derived from the secret
key), over its fields and the previous entry's hash; `audit_head` keeps the newest hash. So
`verify` detects an edited, forged, re-chained, reordered or deleted entry. Rolling the whole
log back to an earlier state (wipe and reset, or cutting off the newest entries) is detected
against an anchor: the head (`seq:hash`) printed by `nucsec audit anchor` and kept elsewhere.

Each entry carries the label of what it touches and is filtered by the visibility rule like
any labelled record, so the log never names a record above the reader's clearance.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import weakref
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, event, func, insert, inspect, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from nucsec.access import head_cache
from nucsec.access.labels import DEFAULT_LABEL, Label
from nucsec.access.models import AuditEntry, AuditHead
from nucsec.access.visibility import principal_of
from nucsec.errors import Invalid
from nucsec.paging import Page, PageParams, paginate

GENESIS = "0" * 64
HEX = "0123456789abcdef"
HEAD_ID = 1
HASHED_FIELDS = (
    "seq", "at", "actor", "action", "object_type", "object_id",
    "before_hash", "after_hash", "detail", "prev_hash", "label", "origin",
)  # fmt: skip
CHAIN_PURPOSE = "audit-chain"

_KEYS: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()


def use_key(engine: Engine, key: bytes) -> None:
    """Chain `engine`'s entries with `key` (the web app registers its settings' key here)."""
    _KEYS[engine] = key


def chain_key(connection: Connection | Engine) -> bytes:
    """The chain key of this database: registered for its engine, else from the settings."""
    return _KEYS.get(connection.engine) or settings_key()


def settings_key() -> bytes:
    """The chain key the settings (secret key) give, with no database at hand."""
    from nucsec.config import get_settings

    return get_settings().derived_key(CHAIN_PURPOSE)


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


def entry_hash(fields: dict[str, Any], key: bytes) -> str:
    message = canonical({k: fields[k] for k in HASHED_FIELDS}).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


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
    label: Label | str = DEFAULT_LABEL,
    origin: str | None = None,
    key: bytes | None = None,
) -> int:
    """Append one entry inside the caller's transaction; returns its sequence number.

    The head is claimed by one UPDATE … RETURNING, which takes the row (PostgreSQL) or the
    database (SQLite) write lock first: parallel writers queue instead of taking the same number.
    """
    head_cache.forget(connection)
    head = connection.execute(
        update(AuditHead)
        .where(AuditHead.id == HEAD_ID)
        .values(last_seq=AuditHead.last_seq + 1)
        .returning(AuditHead.last_seq, AuditHead.last_hash)
    ).one()
    fields: dict[str, Any] = {
        "seq": head.last_seq,
        "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": actor[:100],
        "action": action,
        "object_type": object_type,
        "object_id": object_id[:100],
        "before_hash": content_hash(before),
        "after_hash": content_hash(after),
        "detail": detail,
        "prev_hash": head.last_hash,
        "label": Label(label).value,
        "origin": origin,
    }
    fields["entry_hash"] = entry_hash(fields, key or chain_key(connection))
    connection.execute(insert(AuditEntry).values(**fields))
    connection.execute(
        update(AuditHead).where(AuditHead.id == HEAD_ID).values(last_hash=fields["entry_hash"])
    )
    return fields["seq"]


def record_many(connection: Connection, entries: list[dict[str, Any]], *, key: bytes) -> None:
    """Append several entries (each `record`'s keyword arguments but the key) at once.

    The same chain as one `record` per entry, in three statements whatever their number: the
    head is claimed for all of them by one UPDATE … RETURNING, the entries are chained here and
    inserted together, and the head takes the last hash. A flush of a whole import file writes
    thousands of rows; one round trip per entry would cost most of its time.
    """
    if not entries:
        return
    head_cache.forget(connection)
    head = connection.execute(
        update(AuditHead)
        .where(AuditHead.id == HEAD_ID)
        .values(last_seq=AuditHead.last_seq + len(entries))
        .returning(AuditHead.last_seq, AuditHead.last_hash)
    ).one()
    first, previous = head.last_seq - len(entries) + 1, head.last_hash
    rows = []
    for n, entry in enumerate(entries):
        fields: dict[str, Any] = {
            "seq": first + n,
            "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "actor": entry["actor"][:100],
            "action": entry["action"],
            "object_type": entry["object_type"],
            "object_id": entry["object_id"][:100],
            "before_hash": content_hash(entry.get("before")),
            "after_hash": content_hash(entry.get("after")),
            "detail": entry.get("detail"),
            "prev_hash": previous,
            "label": Label(entry.get("label", DEFAULT_LABEL)).value,
            "origin": entry.get("origin"),
        }
        fields["entry_hash"] = previous = entry_hash(fields, key)
        rows.append(fields)
    connection.execute(insert(AuditEntry), rows)
    connection.execute(update(AuditHead).where(AuditHead.id == HEAD_ID).values(last_hash=previous))


def record_event(
    session: Session,
    *,
    action: str,
    object_type: str,
    object_id: str,
    detail: str | None = None,
    after: dict[str, Any] | None = None,
    label: Label | str = DEFAULT_LABEL,
) -> int:
    """Append an event (login, export …) on behalf of the session's principal."""
    principal = principal_of(session)
    return record(
        session.connection(),
        actor=principal.username,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        after=after,
        label=label,
        origin=principal.origin,
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
    data: dict[str, object] = {}
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


def _highest(labels: list[str]) -> Label:
    return max((Label(x) for x in labels), key=lambda x: x.rank)


def _label_of(
    connection: Connection, obj: object, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> Label:
    """The label of what an entry touches: the record's own (the higher of before and after),
    else the highest of the labelled records it refers to (an evidence link takes its
    evidence's), else the default. A referred record that cannot be found counts as SENSITIVE."""
    own = [c["label"] for c in (old, new) if c and c.get("label")]
    if own:
        return _highest(own)
    content = new or old or {}
    found: list[str] = []
    for column in inspect(obj).mapper.local_table.columns:
        for fk in column.foreign_keys:
            target = fk.column.table
            value = content.get(column.key)
            if value is None or "label" not in target.c:
                continue
            label = connection.execute(
                select(target.c.label).where(fk.column == value)
            ).scalar_one_or_none()
            found.append(label or Label.SENSITIVE.value)
    return _highest(found) if found else DEFAULT_LABEL


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
            rows.append(
                ("update", obj, old, _snapshot(obj, before=False), "changed: " + ", ".join(changed))
            )
    for obj in session.deleted:
        if _audited(obj):
            rows.append(("delete", obj, before[id(obj)][0], None, None))
    if not rows:
        return
    principal = principal_of(session)
    connection = session.connection()
    record_many(
        connection,
        [
            {
                "actor": principal.username,
                "action": action,
                "object_type": inspect(obj).mapper.local_table.name,
                "object_id": _key(obj),
                "before": old_content,
                "after": new_content,
                "detail": detail,
                "label": _label_of(connection, obj, old_content, new_content),
                "origin": principal.origin,
            }
            for action, obj, old_content, new_content, detail in rows
        ],
        key=chain_key(connection),
    )


# --- anchors, verification and reading -------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """The head of the log at some moment, kept outside the database: `seq:hash`."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        seq, _, digest = text.strip().partition(":")
        digest = digest.lower()
        if not (seq.isdigit() and len(digest) == 64 and set(digest) <= set(HEX)):
            raise Invalid("anchor: expected SEQ:HASH, as printed by `nucsec audit anchor`")
        return cls(int(seq), digest)


def anchor(connection: Connection) -> Anchor:
    """The current head, to store outside the database and verify against later."""
    head = connection.execute(select(AuditHead).where(AuditHead.id == HEAD_ID)).mappings().one()
    return Anchor(head["last_seq"], head["last_hash"])


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    first_bad: int | None = None
    reason: str = ""
    head_hash: str = GENESIS


def verify(
    connection: Connection, *, key: bytes | None = None, anchor: Anchor | None = None
) -> Verdict:
    """Walk the chain from the first entry; name the first entry that does not hold.

    With an anchor, also check that the log still holds that entry unchanged: this detects a
    log wiped and restarted, or cut back, which a chain alone cannot show.
    """
    key = key or chain_key(connection)
    expected_seq, prev = 1, GENESIS
    checked = 0
    anchored: str | None = None
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
        if not hmac.compare_digest(entry_hash(dict(row), key), row["entry_hash"]):
            return Verdict(False, checked, seq, f"entry {seq}: content altered (hash mismatch)")
        if anchor is not None and seq == anchor.seq:
            anchored = row["entry_hash"]
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
    if anchor is not None and anchor.seq > 0:
        if anchored is None:
            return Verdict(
                False,
                checked,
                anchor.seq,
                f"entry {anchor.seq}: missing, though the anchor holds it: the log ends at "
                f"{expected_seq - 1} (wiped or cut back since the anchor was taken)",
            )
        if anchored != anchor.hash:
            return Verdict(
                False,
                checked,
                anchor.seq,
                f"entry {anchor.seq}: does not match the anchor (the log was rewritten since)",
            )
    return Verdict(True, checked, None, "", prev)


def entries(
    session: Session, *, limit: int = 200, offset: int = 0, filters: LogFilters | None = None
) -> list[AuditEntry]:
    """Newest first; only entries about what the session's principal may see."""
    query = _narrowed(select(AuditEntry), filters or LogFilters())
    return list(session.scalars(query.order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)))


def count(session: Session, *, filters: LogFilters | None = None) -> int:
    """How many entries the reader may see match `filters` (the visibility rule applies to
    the count as to the rows, so it says nothing of hidden entries)."""
    query = _narrowed(select(func.count(AuditEntry.seq)), filters or LogFilters())
    return int(session.scalar(query) or 0)


def entry_dict(entry: AuditEntry, *, chain: bool = True) -> dict[str, Any]:
    """An entry as plain data. Without `chain`, the sequence number and hashes are left out:
    their gaps would count the entries hidden from the reader."""
    shown = (*HASHED_FIELDS, "entry_hash") if chain else _PLAIN_FIELDS
    return {f: getattr(entry, f) for f in shown}


_PLAIN_FIELDS = (
    "at", "actor", "action", "object_type", "object_id", "detail", "label", "origin",
)  # fmt: skip


@dataclass(frozen=True)
class LogView:
    """What one reader may see of the log: the entries at or below their clearance, and the
    verdict on the whole chain; counts and positions only for a reader who sees every entry."""

    intact: bool
    problem: str | None
    checked: int | None
    entries: list[dict[str, Any]]


def read_log(
    session: Session, *, limit: int = 200, offset: int = 0, filters: LogFilters | None = None
) -> LogView:
    """The one reading of the log used by the API, the Admin page and the CLI."""
    principal = principal_of(session)
    sees_all = principal.clearance is Label.SENSITIVE
    verdict = verify(session.connection())
    problem = None
    if not verdict.ok:
        problem = verdict.reason if sees_all else "ask a SENSITIVE-cleared administrator"
    rows = entries(session, limit=limit, offset=offset, filters=filters)
    return LogView(
        intact=verdict.ok,
        problem=problem,
        checked=verdict.checked if sees_all else None,
        entries=[entry_dict(e, chain=sees_all) for e in rows],
    )


@dataclass(frozen=True)
class LogFilters:
    """What the audit log page narrows to; every field optional, dates inclusive (UTC)."""

    actor: str | None = None
    action: str | None = None
    object_type: str | None = None
    since: date | None = None
    until: date | None = None


def _narrowed(query: Any, filters: LogFilters) -> Any:
    if filters.actor:
        query = query.where(AuditEntry.actor == filters.actor)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.object_type:
        query = query.where(AuditEntry.object_type == filters.object_type)
    if filters.since:
        query = query.where(AuditEntry.at >= filters.since.isoformat())
    if filters.until:  # `at` is ISO text: everything before the next day is on or before it
        query = query.where(AuditEntry.at < (filters.until + timedelta(days=1)).isoformat())
    return query


def log_page(
    session: Session, *, filters: LogFilters, params: PageParams
) -> tuple[LogView, Page[dict[str, Any]]]:
    """One page of the log, newest first, narrowed by `filters`, with the verdict on the whole
    chain. The visibility rule applies to the rows and to the count alike, so neither the
    entries nor the number of pages betray an entry above the reader's clearance."""
    principal = principal_of(session)
    sees_all = principal.clearance is Label.SENSITIVE
    verdict = verify(session.connection())
    problem = None
    if not verdict.ok:
        problem = verdict.reason if sees_all else "ask a SENSITIVE-cleared administrator"
    query = _narrowed(select(AuditEntry), filters).order_by(AuditEntry.seq.desc())
    rows, total = paginate(session, query, params, count_column=AuditEntry.seq)
    items = [entry_dict(row[0], chain=sees_all) for row in rows]
    view = LogView(
        intact=verdict.ok,
        problem=problem,
        checked=verdict.checked if sees_all else None,
        entries=items,
    )
    return view, Page.of(items, total, params)


def log_choices(session: Session) -> dict[str, list[str]]:
    """The actors, actions and record types of the entries the reader may see (filter choices:
    a value only a hidden entry carries is never offered)."""
    return {
        name: sorted(v for v in session.scalars(select(column).distinct()) if v)
        for name, column in (
            ("actors", AuditEntry.actor),
            ("actions", AuditEntry.action),
            ("object_types", AuditEntry.object_type),
        )
    }
