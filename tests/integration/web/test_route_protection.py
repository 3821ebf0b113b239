"""Every route refuses anonymous callers (except the few public ones) and forged form posts."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from nucsec.access.labels import Label
from nucsec.access.principal import Role
from tests.integration.webclient import csrf_of

PUBLIC_ROUTES = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/healthz"),
    ("POST", "/api/v1/auth/token"),
    ("GET", "/api/v1/catalogue"),
    ("GET", "/verify"),
    ("POST", "/verify"),
}
FRAMEWORK_ROUTES = {"/api/v1/openapi.json", "/api/v1/docs", "/docs/oauth2-redirect"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def app_routes(app) -> list[tuple[str, str, object]]:
    """(method, path, endpoint) of every route the app serves, included routers too."""
    routes = []
    for ctx in iter_route_contexts(app.routes):
        if ctx.path in FRAMEWORK_ROUTES or ctx.path == "/static" or not ctx.methods:
            continue
        routes.extend((m, ctx.path, ctx.endpoint) for m in sorted(ctx.methods) if m != "HEAD")
    assert len(routes) > 15
    return routes


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "XD", path)


def is_public(endpoint: object) -> bool:
    return getattr(endpoint, "__nucsec_public__", False)


def test_public_routes_are_exactly_the_declared_ones(app) -> None:
    public = {(m, p) for m, p, endpoint in app_routes(app) if is_public(endpoint)}
    assert public == PUBLIC_ROUTES


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_every_other_route_refuses_anonymous_callers(app, client: TestClient) -> None:
    checked = 0
    for method, path, endpoint in app_routes(app):
        if is_public(endpoint):
            continue
        response = client.request(method, concrete(path))
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.headers["www-authenticate"] == "Bearer"
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/login?next=")
        checked += 1
    assert checked >= 12


def test_state_changing_requests_without_a_valid_csrf_token_are_refused(
    app, client: TestClient, login
) -> None:
    login("root", Role.admin, Label.SENSITIVE)
    unsafe = [
        (m, p)
        for m, p, endpoint in app_routes(app)
        if m in UNSAFE and not getattr(endpoint, "__nucsec_csrf_exempt__", False)
    ]
    assert ("POST", "/logout") in unsafe and ("POST", "/states") in unsafe
    for method, path in unsafe:
        url = concrete(path)
        missing = client.request(method, url, data={"name": "x"})
        wrong = client.request(method, url, data={"csrf_token": "forged"})
        header = client.request(method, url, headers={"X-CSRF-Token": "forged"})
        for response in (missing, wrong, header):
            assert response.status_code == 403, (method, path, response.status_code)
            assert "CSRF" in response.text
    assert client.get("/api/v1/me").status_code == 200, "the refused requests changed nothing"


def test_a_valid_csrf_token_lets_the_form_through(client: TestClient, login) -> None:
    token = login("amina", Role.coordinator, Label.SENSITIVE)
    response = client.post(
        "/states",
        data={
            "csrf_token": token,
            "code": "XE",
            "name": "Exland",
            "maturity": "new",
            "label": "OFFICIAL",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/states/XE"
    page = client.get("/states/XE")
    assert page.status_code == 200 and "Exland" in page.text


def test_unknown_paths_answer_404_without_detail(client: TestClient) -> None:
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/api/v1/nope").status_code == 404


def test_the_login_form_carries_a_csrf_token_and_refuses_without_it(
    client: TestClient, make_user
) -> None:
    make_user("amina", Role.coordinator, Label.SENSITIVE)
    csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": "amina", "password": "x"})
    assert response.status_code == 403


def test_a_refused_form_is_shown_again_with_its_reason(client: TestClient, login) -> None:
    token = login("amina", Role.coordinator, Label.SENSITIVE)
    ok = client.post(
        "/states",
        data={
            "csrf_token": token,
            "code": "XE",
            "name": "Exland",
            "maturity": "new",
            "label": "OFFICIAL",
        },
    )
    assert ok.status_code == 303
    again = client.post(
        "/states",
        data={
            "csrf_token": token,
            "code": "XE",
            "name": "Other",
            "maturity": "new",
            "label": "OFFICIAL",
        },
    )
    assert again.status_code == 422 and "state XE already exists" in again.text
    bad = client.post(
        "/states",
        data={
            "csrf_token": token,
            "code": "X1",
            "name": "Bad",
            "maturity": "new",
            "label": "OFFICIAL",
        },
    )
    assert bad.status_code == 422 and "two or three letters" in bad.text
    assert client.get("/api/v1/states").json()["count"] == 1


def test_every_navigation_page_answers(client: TestClient, login) -> None:
    from nucsec.web.templating import NAV

    login("root", Role.admin, Label.SENSITIVE)
    for href, _, _ in NAV:  # Roadmap leads on to the chosen state's roadmap (or to States)
        assert client.get(href, follow_redirects=True).status_code == 200, href
