"""Signing in and out, sessions, bearer and API tokens, throttling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.engine import Engine

from nucsec.access import service as access
from nucsec.access.labels import Label
from nucsec.access.models import ApiToken, User
from nucsec.access.principal import SYSTEM, Role
from nucsec.db import transaction
from tests.integration.webclient import PASSWORD, bearer, csrf_of, sign_in


def test_login_sets_a_hardened_session_cookie_and_logout_ends_it(
    client: TestClient, make_user
) -> None:
    make_user("amina", Role.coordinator, Label.SENSITIVE)
    response = sign_in(client, "amina")
    assert response.status_code == 303 and response.headers["location"] == "/dashboard"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "amina" in client.get("/dashboard").text
    me = client.get("/api/v1/me").json()
    assert (me["username"], me["role"], me["clearance"]) == ("amina", "coordinator", "SENSITIVE")

    token = csrf_of(client.get("/dashboard").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/dashboard").status_code == 303
    assert client.get("/api/v1/me").status_code == 401


def test_wrong_password_and_unknown_user_answer_alike(client: TestClient, make_user) -> None:
    make_user("amina")
    wrong = sign_in(client, "amina", "not the password")
    unknown = sign_in(client, "nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "Invalid user name or password." in wrong.text
    assert "Invalid user name or password." in unknown.text


def test_login_is_throttled_after_repeated_failures(
    client: TestClient, make_user, engine: Engine
) -> None:
    make_user("amina")
    for _ in range(access.MAX_FAILURES):
        assert sign_in(client, "amina", "guess").status_code == 401
    locked = sign_in(client, "amina")  # even the right password is refused while locked
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.text
    api = client.post("/api/v1/auth/token", data={"username": "amina", "password": PASSWORD})
    assert api.status_code == 429 and int(api.headers["retry-after"]) > 0
    later = datetime.now(UTC) + access.LOCKOUT + timedelta(seconds=1)
    with transaction(engine, SYSTEM) as session:
        result = access.authenticate(
            session=session, username="amina", password=PASSWORD, now=later
        )
    assert result.user is not None and not result.throttled


def test_next_only_redirects_within_the_site(client: TestClient, make_user) -> None:
    make_user("amina")
    for target, expected in (
        ("/states", "/states"),
        ("//evil.example", "/dashboard"),
        ("https://evil.example", "/dashboard"),
    ):
        client.cookies.clear()
        token = csrf_of(client.get("/login").text)
        response = client.post(
            "/login",
            data={"username": "amina", "password": PASSWORD, "csrf_token": token, "next": target},
        )
        assert response.headers["location"] == expected


def test_passwords_are_stored_as_argon2_hashes(engine: Engine, make_user) -> None:
    make_user("amina")
    with transaction(engine, SYSTEM) as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "amina"))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_bearer_tokens_and_api_tokens(client: TestClient, make_user, engine: Engine) -> None:
    make_user("robot", Role.coordinator, Label.OFFICIAL)
    assert client.get("/api/v1/me", headers=bearer(client, "robot")).json()["username"] == "robot"
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer forged"}).status_code == 401

    with transaction(engine, SYSTEM) as session:
        token = access.create_api_token(session=session, username="robot", name="ci")
    with transaction(engine, SYSTEM) as session:
        stored = session.scalar(select(ApiToken.token_hash))
    assert token not in stored and len(stored) == 64, "only the token's hash is kept"
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).json()["clearance"] == "OFFICIAL"
    created = client.post(
        "/api/v1/states",
        headers=headers,
        json={"code": "XR", "name": "Robotland", "maturity": "new"},
    )
    assert created.status_code == 201, "bearer calls need no CSRF token"

    with transaction(engine, SYSTEM) as session:
        access.set_disabled(session=session, username="robot", disabled=True)
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_a_disabled_user_loses_their_session(client: TestClient, make_user, engine: Engine) -> None:
    make_user("amina")
    sign_in(client, "amina")
    assert client.get("/dashboard").status_code == 200
    with transaction(engine, SYSTEM) as session:
        access.set_disabled(session=session, username="amina", disabled=True)
    assert client.get("/dashboard").status_code == 303
    assert sign_in(client, "amina").status_code == 401


def test_roles_limit_what_a_user_may_do(client: TestClient, make_user) -> None:
    make_user("viewer", Role.viewer, Label.SENSITIVE)
    headers = bearer(client, "viewer")
    refused = client.post(
        "/api/v1/states", headers=headers, json={"code": "XV", "name": "V", "maturity": "new"}
    )
    assert refused.status_code == 403
    assert client.get("/api/v1/audit", headers=headers).status_code == 403
    assert client.get("/api/v1/users", headers=headers).status_code == 403
