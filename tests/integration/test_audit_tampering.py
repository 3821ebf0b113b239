"""Thirteen ways to tamper with the audit log, each detected with the key or with an anchor."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable

import pytest
from sqlalchemy import Connection, column, delete, insert, select, table, text, update
from sqlalchemy.engine import Engine

from nucsec.access import audit
from nucsec.access.labels import Label
from nucsec.access.models import AuditEntry, AuditHead
from nucsec.access.principal import SYSTEM, Principal, Role
from nucsec.db import downgrade, migrate, transaction
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate, StateUpdate

AMINA = Principal("amina", Role.coordinator, Label.SENSITIVE)


def seed(engine: Engine) -> audit.Anchor:
    """Five entries; returns the anchor an operator would have stored after them."""
    with transaction(engine, AMINA) as session:
        for code in ("XA", "XB", "XC"):
            states.create(session=session, data=StateCreate(code=code, name=code, maturity="new"))
    with transaction(engine, AMINA) as session:
        states.update(session=session, code="XB", data=StateUpdate(name="Bee"))
    with transaction(engine, AMINA) as session:
        states.delete(session=session, code="XC")
    with engine.connect() as conn:
        return audit.anchor(conn)


def rows(conn: Connection) -> list[dict]:
    return [dict(r) for r in conn.execute(select(AuditEntry).order_by(AuditEntry.seq)).mappings()]


def plain_hash(fields: dict) -> str:
    """What a forger without the key can compute: an unkeyed SHA-256 of the same fields."""
    return hashlib.sha256(audit.canonical({k: fields[k] for k in audit.HASHED_FIELDS}).encode())


def rechain(conn: Connection, entries: list[dict], hasher: Callable[[dict], str]) -> None:
    """Rewrite every hash from the first entry on, and the head, as a careful forger would."""
    prev = audit.GENESIS
    for entry in entries:
        entry["prev_hash"] = prev
        entry["entry_hash"] = hasher(entry)
        conn.execute(
            update(AuditEntry)
            .where(AuditEntry.seq == entry["seq"])
            .values(prev_hash=prev, entry_hash=entry["entry_hash"])
        )
        prev = entry["entry_hash"]
    last = entries[-1]["seq"] if entries else 0
    conn.execute(update(AuditHead).values(last_seq=last, last_hash=prev))


def set_entry(seq: int, **values: object) -> Callable[[Connection], None]:
    def tamper(conn: Connection) -> None:
        conn.execute(update(AuditEntry).where(AuditEntry.seq == seq).values(**values))

    return tamper


def delete_middle(conn: Connection) -> None:
    conn.execute(delete(AuditEntry).where(AuditEntry.seq == 3))


def delete_last(conn: Connection) -> None:
    conn.execute(delete(AuditEntry).where(AuditEntry.seq == 5))


def cut_back_and_reset_head(conn: Connection) -> None:
    conn.execute(delete(AuditEntry).where(AuditEntry.seq > 3))
    third = conn.execute(select(AuditEntry.entry_hash).where(AuditEntry.seq == 3)).scalar_one()
    conn.execute(update(AuditHead).values(last_seq=3, last_hash=third))


def wipe_and_reset(conn: Connection) -> None:
    conn.execute(delete(AuditEntry))
    conn.execute(update(AuditHead).values(last_seq=0, last_hash=audit.GENESIS))


def rechain_without_key(conn: Connection) -> None:
    entries = rows(conn)
    entries[1]["actor"] = "mallory"
    conn.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(actor="mallory"))
    rechain(conn, entries, lambda e: plain_hash(e).hexdigest())


def rechain_with_the_key(conn: Connection) -> None:
    """An insider who holds the key too: only the anchor kept elsewhere shows it."""
    entries = rows(conn)
    entries[1]["detail"] = "nothing happened"
    conn.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(detail="nothing happened"))
    key = audit.chain_key(conn)
    rechain(conn, entries, lambda e: audit.entry_hash(e, key))


def reorder(conn: Connection) -> None:
    entries = rows(conn)
    second, third = entries[1], entries[2]
    for seq, source in ((2, third), (3, second)):
        values = {k: v for k, v in source.items() if k not in ("seq", "prev_hash")}
        conn.execute(update(AuditEntry).where(AuditEntry.seq == seq).values(**values))


def insert_forged(conn: Connection) -> None:
    last = rows(conn)[-1]
    forged = {
        **last,
        "seq": 6,
        "actor": "amina",
        "action": "delete",
        "object_id": "XA",
        "prev_hash": last["entry_hash"],
    }
    forged["entry_hash"] = plain_hash(forged).hexdigest()
    conn.execute(insert(AuditEntry).values(**forged))
    conn.execute(update(AuditHead).values(last_seq=6, last_hash=forged["entry_hash"]))


def edit_head(conn: Connection) -> None:
    conn.execute(update(AuditHead).values(last_hash="f" * 64))


CASES = [
    # (tampering, detected without an anchor?, the reason starts with)
    ("edit an entry's payload", set_entry(3, detail="nothing to see"), True, "entry 3: content"),
    ("edit an entry's hash", set_entry(3, entry_hash="a" * 64), True, "entry 3: content"),
    ("delete an entry in the middle", delete_middle, True, "entry 4: entries 3–3 are missing"),
    ("delete the last entry", delete_last, True, "entry 5: newest entries are missing"),
    ("cut back and reset the head", cut_back_and_reset_head, False, "entry 5: missing"),
    ("wipe all and reset the head", wipe_and_reset, False, "entry 5: missing"),
    ("re-chain after an edit, no key", rechain_without_key, True, "entry 1: content"),
    ("re-chain with the key", rechain_with_the_key, False, "entry 5: does not match the anchor"),
    ("reorder two entries", reorder, True, "entry 2: content"),
    ("insert a forged entry", insert_forged, True, "entry 6: content"),
    ("edit the head", edit_head, True, "entry 5: newest entries are missing"),
    ("change the actor", set_entry(2, actor="mallory"), True, "entry 2: content"),
    ("change the timestamp", set_entry(2, at="2020-01-01T00:00:00.000000Z"), True, "entry 2:"),
    ("change a before/after hash", set_entry(4, before_hash="0" * 64), True, "entry 4: content"),
    ("lower an entry's label", set_entry(1, label="PUBLIC"), True, "entry 1: content"),
]


@pytest.mark.parametrize(
    ("tamper", "without_anchor", "reason"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_tampering_is_detected(
    engine: Engine, tamper: Callable[[Connection], None], without_anchor: bool, reason: str
) -> None:
    anchor = seed(engine)
    with engine.connect() as conn:
        assert audit.verify(conn, anchor=anchor).ok
    with engine.begin() as conn:
        tamper(conn)
    with engine.connect() as conn:
        plain = audit.verify(conn)
        anchored = audit.verify(conn, anchor=anchor)
    assert plain.ok is not without_anchor, "what the key alone shows"
    assert not anchored.ok and anchored.reason.startswith(reason), anchored.reason


def test_a_forger_without_the_key_cannot_make_a_valid_entry(engine: Engine) -> None:
    seed(engine)
    with engine.connect() as conn:
        other = audit.verify(conn, key=b"another installation's key")
    assert not other.ok and other.reason == "entry 1: content altered (hash mismatch)"


def test_cli_anchor_and_verify_against_it(cli, engine: Engine) -> None:
    seed(engine)
    printed = cli("audit", "anchor")
    assert printed.code == 0
    value = printed.out.strip()
    assert value == str(audit.Anchor(5, audit.Anchor.parse(value).hash))
    ok = cli("audit", "verify", "--anchor", value)
    assert ok.code == 0 and "intact: 5 entries" in ok.out and "holds anchor 5" in ok.out
    with engine.begin() as conn:
        wipe_and_reset(conn)
    assert cli("audit", "verify").code == 0  # the chain alone cannot tell
    wiped = cli("audit", "verify", "--anchor", value)
    assert wiped.code == 1
    assert wiped.err.strip().startswith("error: audit log broken: entry 5: missing, though")
    bad = cli("audit", "verify", "--anchor", "five")
    assert bad.code == 1
    assert (
        bad.err.strip() == "error: anchor: expected SEQ:HASH, as printed by `nucsec audit anchor`"
    )


def test_the_key_comes_from_the_data_folder_secret_file(
    cli, engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.delenv("NUCSEC_SECRET_KEY")
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    args = ("user", "add", "noor", "--role", "viewer", "--clearance", "PUBLIC", "--password-stdin")
    assert cli(*args).code == 0
    secret = tmp_path / "data" / "secret_key"
    assert secret.stat().st_mode & 0o777 == 0o600
    assert cli("audit", "verify").code == 0
    secret.write_text("another key", encoding="utf-8")
    assert cli("audit", "verify").err.strip() == (
        "error: audit log broken: entry 1: content altered (hash mismatch)"
    )


# --- the upgrade from the unkeyed chain ------------------------------------------------------

OLD_FIELDS = audit.HASHED_FIELDS[:10]
OLD_ENTRIES = table("audit_entries", *(column(c) for c in (*OLD_FIELDS, "entry_hash")))


def write_unkeyed_chain(conn: Connection, count: int) -> None:
    prev = audit.GENESIS
    for seq in range(1, count + 1):
        fields = {
            "seq": seq,
            "at": f"2026-01-0{seq}T00:00:00.000000Z",
            "actor": "amina",
            "action": "create",
            "object_type": "states",
            "object_id": f"X{seq}",
            "before_hash": None,
            "after_hash": "b" * 64,
            "detail": None,
            "prev_hash": prev,
        }
        fields["entry_hash"] = hashlib.sha256(
            audit.canonical({k: fields[k] for k in OLD_FIELDS}).encode()
        ).hexdigest()
        conn.execute(OLD_ENTRIES.insert().values(**fields))
        prev = fields["entry_hash"]
    conn.execute(
        text("UPDATE audit_head SET last_seq = :s, last_hash = :h"), {"s": count, "h": prev}
    )


def test_the_upgrade_rekeys_an_intact_unkeyed_chain(engine: Engine) -> None:
    downgrade(engine, "0006")
    with engine.begin() as conn:
        write_unkeyed_chain(conn, 3)
    migrate(engine)
    with engine.connect() as conn:
        result = audit.verify(conn)
        entries = rows(conn)
    assert result.ok and result.checked == 4
    assert {e["label"] for e in entries} == {"SENSITIVE"}
    assert (entries[-1]["action"], entries[-1]["object_id"]) == ("rekey", "1-3")
    with transaction(engine, SYSTEM) as session:
        states.create(session=session, data=StateCreate(code="XA", name="A", maturity="new"))
    with engine.connect() as conn:
        assert audit.verify(conn).checked == 5


def test_the_upgrade_refuses_to_launder_a_broken_chain(engine: Engine) -> None:
    downgrade(engine, "0006")
    with engine.begin() as conn:
        write_unkeyed_chain(conn, 3)
        conn.execute(text("UPDATE audit_entries SET actor = 'mallory' WHERE seq = 2"))
    with pytest.raises(RuntimeError, match="does not verify at entry 2"):
        migrate(engine)
    with engine.begin() as conn:  # leave the shared test database usable
        wipe_and_reset(conn)
    migrate(engine)
