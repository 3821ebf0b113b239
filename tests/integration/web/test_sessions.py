"""Ending sessions, and login throttling under parallel attempts."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.engine import Engine

from nucsec.access import audit
from nucsec.access import service as access
from nucsec.access.labels import Label
from nucsec.access.models import AuditEntry
from nucsec.access.principal import SYSTEM, Role
from nucsec.db import transaction
from tests.integration.webclient import PASSWORD, bearer, csrf_of, sign_in

COOKIE = "nucsec_session"


def _logout(app, engine: Engine, cookie: str) -> None:
    with TestClient(app, follow_redirects=False, cookies={COOKIE: cookie}) as other:
        token = csrf_of(other.get("/dashboard").text)
        assert other.post("/logout", data={"csrf_token": token}).status_code == 303


def _in_service(change: Callable) -> Callable:
    def run(_app, engine: Engine, _cookie: str) -> None:
        with transaction(engine, SYSTEM) as session:
            change(session)

    return run


ENDINGS = {
    "logout": _logout,
    "password change": _in_service(
        lambda s: access.set_password(session=s, username="amina", password="a new long password")
    ),
    "clearance change": _in_service(
        lambda s: access.set_access(session=s, username="amina", clearance=Label.OFFICIAL)
    ),
    "role change": _in_service(
        lambda s: access.set_access(session=s, username="amina", role=Role.viewer)
    ),
    "disable": _in_service(
        lambda s: access.set_disabled(session=s, username="amina", disabled=True)
    ),
    "disable, then enable": _in_service(
        lambda s: (
            access.set_disabled(session=s, username="amina", disabled=True),
            access.set_disabled(session=s, username="amina", disabled=False),
        )
    ),
}


@pytest.mark.parametrize("ending", ENDINGS.values(), ids=ENDINGS.keys())
def test_every_old_cookie_and_token_stops_working(
    app, client: TestClient, make_user, engine: Engine, ending: Callable
) -> None:
    make_user("amina", Role.coordinator, Label.SENSITIVE)
    assert sign_in(client, "amina").status_code == 303
    cookie = client.cookies[COOKIE]
    access_token = bearer(client, "amina")
    with transaction(engine, SYSTEM) as session:
        api_token = {
            "Authorization": "Bearer "
            + access.create_api_token(session=session, username="amina", name="sync")
        }
    with TestClient(app, follow_redirects=False) as anonymous:
        for headers in (access_token, api_token):
            assert anonymous.get("/api/v1/me", headers=headers).status_code == 200

    ending(app, engine, cookie)

    with TestClient(app, follow_redirects=False, cookies={COOKIE: cookie}) as old:
        assert old.get("/api/v1/me").status_code == 401
        page = old.get("/dashboard")
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
    with TestClient(app, follow_redirects=False) as anonymous:
        for headers in (access_token, api_token):
            assert anonymous.get("/api/v1/me", headers=headers).status_code == 401


def test_api_logout_ends_the_callers_tokens(app, client: TestClient, make_user) -> None:
    make_user("amina", Role.coordinator, Label.SENSITIVE)
    headers = bearer(client, "amina")
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_a_new_login_after_the_end_works(client: TestClient, make_user, engine: Engine) -> None:
    make_user("amina", Role.coordinator, Label.SENSITIVE)
    with transaction(engine, SYSTEM) as session:
        access.set_access(session=session, username="amina", clearance=Label.OFFICIAL)
    assert sign_in(client, "amina").status_code == 303
    assert client.get("/api/v1/me").json()["clearance"] == "OFFICIAL"


def test_cli_user_set_changes_access(cli, engine: Engine, make_user) -> None:
    make_user("amina", Role.coordinator, Label.SENSITIVE)
    done = cli("user", "set", "amina", "--clearance", "OFFICIAL")
    assert done.code == 0 and "amina: coordinator, cleared OFFICIAL" in done.out
    nothing = cli("user", "set", "amina")
    assert nothing.err.strip() == "error: nothing to change: give --role or --clearance"


# --- throttling ------------------------------------------------------------------------------


def _attempts(engine: Engine, name: str) -> list[tuple[str, str | None]]:
    with transaction(engine, SYSTEM) as session:
        found = session.execute(
            select(AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.object_id == name, AuditEntry.action.like("login%"))
            .order_by(AuditEntry.seq)
        )
        return [tuple(row) for row in found]


@pytest.mark.slow
def test_parallel_wrong_passwords_lock_the_account_and_are_all_audited(
    client: TestClient, make_user, engine: Engine
) -> None:
    make_user("amina")

    def guess(n: int) -> int:
        form = {"username": "amina", "password": f"guess {n}"}
        return client.post("/api/v1/auth/token", data=form).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(guess, range(20)))
    assert all(code < 500 for code in codes), codes
    assert set(codes) <= {401, 429}
    attempts = _attempts(engine, "amina")
    assert len(attempts) == 20, "every attempt is audited"
    assert {action for action, _ in attempts} <= {"login_failed", "login_refused"}
    right = client.post("/api/v1/auth/token", data={"username": "amina", "password": PASSWORD})
    assert right.status_code == 429, "a locked account refuses even the right password"
    assert _attempts(engine, "amina")[-1][0] == "login_refused"
    with engine.connect() as conn:
        assert audit.verify(conn).ok


def test_one_address_guessing_many_names_is_locked(engine: Engine, make_user) -> None:
    make_user("amina")
    policy = access.ThrottlePolicy(max_failures=100, address_max_failures=3)
    results = []
    for n in range(4):
        with transaction(engine, SYSTEM) as session:
            results.append(
                access.authenticate(
                    session=session,
                    username=f"user{n}",
                    password="guess",
                    address="192.0.2.7",
                    policy=policy,
                )
            )
    assert [r.throttled for r in results] == [False, False, False, True]
    with transaction(engine, SYSTEM) as session:
        other = access.authenticate(
            session=session, username="amina", password=PASSWORD, address="192.0.2.8"
        )
        same = access.authenticate(
            session=session, username="amina", password=PASSWORD, address="192.0.2.7"
        )
    assert other.user is not None and same.throttled


def test_the_settings_set_the_throttle(tmp_path, engine: Engine, make_user) -> None:
    from nucsec.config import Settings
    from nucsec.web.app import create_app

    make_user("amina")
    settings = Settings(data_dir=tmp_path, secret_key="test-secret-key", login_max_failures=2)
    with TestClient(create_app(settings, engine=engine), follow_redirects=False) as client:
        form = {"username": "amina", "password": "guess"}
        codes = [client.post("/api/v1/auth/token", data=form).status_code for _ in range(3)]
    assert codes == [401, 401, 429]
