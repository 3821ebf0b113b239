"""The audit log: every write path appends an entry, and any tampering is detected."""

from __future__ import annotations

import io
import json
from itertools import pairwise

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from nucsec.access import audit
from nucsec.access import service as access
from nucsec.access.labels import Label
from nucsec.access.models import AuditEntry
from nucsec.access.principal import SYSTEM, Principal, Role
from nucsec.access.schemas import UserCreate
from nucsec.db import transaction
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate, StateUpdate
from tests.integration.webclient import bearer, csrf_of, sign_in

AMINA = Principal("amina", Role.coordinator, Label.SENSITIVE)


def log(engine: Engine) -> list[dict]:
    with transaction(engine, SYSTEM) as session:
        return [audit.entry_dict(e) for e in reversed(audit.entries(session, limit=10_000))]


def verdict(engine: Engine) -> audit.Verdict:
    with engine.connect() as conn:
        return audit.verify(conn)


def seed(engine: Engine) -> None:
    with transaction(engine, AMINA) as session:
        for code in ("XA", "XB", "XC"):
            states.create(session=session, data=StateCreate(code=code, name=code, maturity="new"))
    with transaction(engine, AMINA) as session:
        states.update(session=session, code="XB", data=StateUpdate(name="Bee"))
    with transaction(engine, AMINA) as session:
        states.delete(session=session, code="XC")


def test_service_writes_are_recorded_with_actor_and_hashes(engine: Engine) -> None:
    seed(engine)
    entries = log(engine)
    assert [(e["action"], e["object_type"], e["object_id"]) for e in entries] == [
        ("create", "states", "XA"),
        ("create", "states", "XB"),
        ("create", "states", "XC"),
        ("update", "states", "XB"),
        ("delete", "states", "XC"),
    ]
    assert {e["actor"] for e in entries} == {"amina"}
    create, upd, gone = entries[1], entries[3], entries[4]
    assert create["before_hash"] is None and create["after_hash"]
    assert upd["before_hash"] == create["after_hash"], "before-hash of an update is the old content"
    assert upd["after_hash"] != upd["before_hash"] and upd["detail"] == "changed: name"
    assert gone["before_hash"] and gone["after_hash"] is None
    assert [e["seq"] for e in entries] == [1, 2, 3, 4, 5]
    assert all(b["prev_hash"] == a["entry_hash"] for a, b in pairwise(entries))
    assert verdict(engine).ok and verdict(engine).checked == 5


def test_a_failed_use_case_leaves_no_entry(engine: Engine) -> None:
    with pytest.raises(RuntimeError), transaction(engine, AMINA) as session:
        states.create(session=session, data=StateCreate(code="XA", name="A", maturity="new"))
        raise RuntimeError("boom")
    assert log(engine) == []
    assert verdict(engine).ok


def test_every_web_write_path_adds_an_entry(client: TestClient, make_user, engine: Engine) -> None:
    make_user("root", Role.admin, Label.SENSITIVE)
    start = len(log(engine))
    sign_in(client, "root", "wrong password")
    sign_in(client, "root")
    token = csrf_of(client.get("/dashboard").text)
    client.post(
        "/states",
        data={
            "csrf_token": token,
            "code": "XW",
            "name": "Webland",
            "maturity": "new",
            "label": "PUBLIC",
        },
    )
    client.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "username": "newbie",
            "role": "viewer",
            "clearance": "PUBLIC",
            "password": "a long password",
        },
    )
    client.post("/admin/users/newbie/disable", data={"csrf_token": token})
    headers = bearer(client, "root")
    client.patch("/api/v1/states/XW", json={"name": "Webland 2"}, headers=headers)
    client.delete("/api/v1/states/XW", headers=headers)
    client.post("/logout", data={"csrf_token": token})
    actions = [
        (e["actor"], e["action"], e["object_type"], e["object_id"]) for e in log(engine)[start:]
    ]
    assert actions == [
        ("root", "login_failed", "users", "root"),
        ("root", "login", "users", "root"),
        ("root", "create", "states", "XW"),
        ("root", "create", "users", "newbie"),
        ("root", "update", "users", "newbie"),
        ("root", "login", "users", "root"),
        ("root", "update", "states", "XW"),
        ("root", "delete", "states", "XW"),
        ("root", "update", "users", "root"),  # logout ends every session: a new generation
        ("root", "logout", "users", "root"),
    ]
    assert verdict(engine).ok


def test_admin_page_and_api_show_the_log(client: TestClient, make_user, engine: Engine) -> None:
    make_user("root", Role.admin, Label.SENSITIVE)
    sign_in(client, "root")
    page = client.get("/admin").text
    assert "intact" in page and "login" in page and "root" in page
    listing = client.get("/api/v1/audit", headers=bearer(client, "root")).json()
    assert listing["intact"] is True
    assert listing["entries"][0]["action"] == "login"


def test_cli_verify_and_show(cli, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    assert (
        cli(
            "user", "add", "Noor", "--role", "viewer", "--clearance", "PUBLIC", "--password-stdin"
        ).code
        == 0
    )
    ok = cli("audit", "verify")
    assert ok.code == 0 and "intact: 1 entries" in ok.out
    shown = json.loads(cli("audit", "show", "--format", "json").out)
    assert shown[0]["action"] == "create" and shown[0]["object_id"] == "noor"
    assert shown[0]["actor"].startswith("cli:")
    with engine.begin() as conn:
        conn.execute(update(AuditEntry).values(detail="edited"))
    broken = cli("audit", "verify")
    assert broken.code == 1
    assert broken.err.strip() == "error: audit log broken: entry 1: content altered (hash mismatch)"


def test_cli_user_commands(cli, monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    added = cli(
        "user",
        "add",
        "police",
        "--role",
        "contributor",
        "--clearance",
        "OFFICIAL",
        "--password-stdin",
    )
    assert added.code == 0 and "police (contributor, cleared OFFICIAL)" in added.out
    users = json.loads(cli("user", "list", "--format", "json").out)
    assert [(u["username"], u["role"], u["clearance"], u["disabled"]) for u in users] == [
        ("police", "contributor", "OFFICIAL", False)
    ]
    token = cli("user", "token", "police").out.strip()
    assert token.startswith("nsk_")
    with transaction(engine, SYSTEM) as session:
        assert access.user_for_bearer(session=session, token=token, secret="x").username == "police"
    assert cli("user", "disable", "police").code == 0
    with transaction(engine, SYSTEM) as session:
        assert access.user_for_bearer(session=session, token=token, secret="x") is None
    bad_role = cli("user", "add", "x", "--role", "emperor", "--clearance", "PUBLIC")
    assert bad_role.code == 2 and "emperor" in bad_role.err
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    short = cli(
        "user", "add", "yves", "--role", "viewer", "--clearance", "PUBLIC", "--password-stdin"
    )
    assert short.code == 1
    assert short.err.strip() == "error: password: must be at least 10 characters"
    assert cli("user", "disable", "ghost").err.strip() == "error: no user named 'ghost'"


def test_users_created_through_the_service_are_audited_under_their_creator(engine: Engine) -> None:
    with transaction(engine, AMINA) as session:
        access.create_user(
            session=session,
            data=UserCreate(
                username="x1", role=Role.viewer, clearance=Label.PUBLIC, password="a long password"
            ),
        )
    (entry,) = log(engine)
    assert (entry["actor"], entry["action"], entry["object_id"]) == ("amina", "create", "x1")
    with transaction(engine, SYSTEM) as session:
        assert session.scalar(select(AuditEntry.seq)) == 1


# --- who may read which entries ----------------------------------------------------------------


def test_entries_carry_the_label_of_what_they_touch_and_follow_clearance(
    client: TestClient, make_user, engine: Engine, cli
) -> None:
    with transaction(engine, AMINA) as session:
        states.create(
            session=session,
            data=StateCreate(code="XS", name="Secretland", maturity="new", label=Label.SENSITIVE),
        )
        states.create(session=session, data=StateCreate(code="XO", name="Openland", maturity="new"))
    with transaction(engine, AMINA) as session:  # relabelled down: the entry keeps the higher
        states.update(session=session, code="XS", data=StateUpdate(name="Secretland 2"))
        states.update(session=session, code="XO", data=StateUpdate(label=Label.PUBLIC))
    labels = {(e["object_id"], e["action"], e["label"]) for e in log(engine)}
    assert ("XS", "update", "SENSITIVE") in labels and ("XO", "update", "OFFICIAL") in labels

    make_user("olu", Role.coordinator, Label.OFFICIAL)
    listing = client.get("/api/v1/audit", headers=bearer(client, "olu")).json()
    shown = json.dumps(listing)
    assert listing["intact"] is True
    assert "XS" not in shown and "Secretland" not in shown
    assert all("seq" not in e and "entry_hash" not in e for e in listing["entries"])
    assert {e["object_id"] for e in listing["entries"] if e["object_type"] == "states"} == {"XO"}

    sign_in(client, "olu")
    page = client.get("/admin").text
    assert "XS" not in page and "XO" in page and "entries)" not in page  # no count of all
    as_olu = json.loads(cli("audit", "show", "--as", "olu", "--format", "json").out)
    assert {e["object_id"] for e in as_olu if e["object_type"] == "states"} == {"XO"}

    make_user("root", Role.admin, Label.SENSITIVE)
    everything = client.get("/api/v1/audit", headers=bearer(client, "root")).json()
    assert "XS" in json.dumps(everything) and everything["entries"][0]["seq"] > 1


def test_a_broken_log_names_the_entry_only_to_who_sees_them_all(
    client: TestClient, make_user, engine: Engine
) -> None:
    seed(engine)
    make_user("olu", Role.coordinator, Label.OFFICIAL)
    make_user("root", Role.admin, Label.SENSITIVE)
    with engine.begin() as conn:
        conn.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(detail="edited"))
    low = client.get("/api/v1/audit", headers=bearer(client, "olu")).json()
    high = client.get("/api/v1/audit", headers=bearer(client, "root")).json()
    assert low["intact"] is False and "entry" not in low["problem"]
    assert high["problem"] == "entry 2: content altered (hash mismatch)"


def test_cli_writes_as_another_user_record_who_ran_them(
    cli, make_user, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("nucsec.access.principal.getpass.getuser", lambda: "operator")
    make_user("amina", Role.coordinator, Label.SENSITIVE)
    assert cli("state", "add", "XT", "--name", "Testland").code == 0
    added = cli(
        "cooperation", "add", "--state", "XT", "--as", "amina",
        "-s", "kind=mission_experts", "-s", "title=Expert", "-s", "held_on=2026-04-08",
    )  # fmt: skip
    assert added.code == 0, added.err
    entries = [e for e in log(engine) if e["action"] == "create"]
    assert (entries[-2]["actor"], entries[-2]["origin"]) == ("cli:operator", "cli:operator")
    assert (entries[-1]["actor"], entries[-1]["origin"]) == ("amina", "cli:operator")
    shown = json.loads(cli("audit", "show", "-f", "json").out)
    assert {"cli:operator", "amina"} <= {e["actor"] for e in shown}
    assert "amina" in cli("audit", "show").out


def test_the_add_user_form_starts_from_the_least_privilege(client: TestClient, make_user) -> None:
    make_user("root", Role.admin, Label.SENSITIVE)
    sign_in(client, "root")
    page = client.get("/admin").text
    assert "<option selected>viewer</option>" in page
    assert "<option selected>PUBLIC</option>" in page
    assert page.count("<option selected>") == 2


def test_the_audit_api_takes_the_filters_of_the_audit_page(
    client: TestClient, make_user, engine: Engine
) -> None:
    """Actor, action, record type and a day range narrow the API's log as they narrow the
    page; `total` counts the matching entries the reader may see; a bad value is a 422 that
    says which parameter and why."""
    with transaction(engine, AMINA) as session:
        states.create(session=session, data=StateCreate(code="XO", name="Openland", maturity="new"))
        states.create(
            session=session,
            data=StateCreate(code="XS", name="Secretland", maturity="new", label=Label.SENSITIVE),
        )
    with transaction(engine, AMINA) as session:
        states.update(session=session, code="XO", data=StateUpdate(name="Openland 2"))
    make_user("olu", Role.coordinator, Label.OFFICIAL)
    headers = bearer(client, "olu")
    today = log(engine)[-1]["at"][:10]

    def audit_api(query: str) -> dict:
        answer = client.get(f"/api/v1/audit?{query}", headers=headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    updates = audit_api("actor=amina&action=update&record_type=states")
    assert [(e["object_id"], e["action"]) for e in updates["entries"]] == [("XO", "update")]
    assert updates["total"] == 1
    created = audit_api(f"action=create&record_type=states&from={today}&to={today}")
    assert {e["object_id"] for e in created["entries"]} == {"XO"}, "never the SENSITIVE state"
    assert created["total"] == 1, "the count says nothing of hidden entries"
    paged = audit_api("record_type=states&limit=1&offset=1")
    assert len(paged["entries"]) == 1 and paged["total"] == 2
    assert audit_api("to=2000-01-01")["entries"] == []
    assert audit_api("actor=nobody")["total"] == 0

    for query, reason in (
        ("from=yesterday", "from"),
        ("to=2026-13-01", "to"),
        ("action=DROP%20TABLE", "action"),
        ("record_type=" + "x" * 65, "record_type"),
        (f"from={today}&to=2000-01-01", "after"),
        ("limit=0", "limit"),
    ):
        refused = client.get(f"/api/v1/audit?{query}", headers=headers)
        assert refused.status_code == 422, query
        assert reason in refused.text, (query, refused.text)
