"""Web hardening: headers, safe links, body limits, NUL, bounded numbers, stale edits, OpenAPI."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib.resources import files

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Principal, Role
from nucsec.assessments import service as assessments
from nucsec.assessments.schemas import AssessmentCreate
from nucsec.config import Settings
from nucsec.db import transaction
from nucsec.evidence import service as evidence
from nucsec.evidence.models import Evidence
from nucsec.evidence.schemas import EvidenceCreate
from nucsec.reviews import service as reviews
from nucsec.reviews.schemas import FindingCreate, ReviewCreate
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate
from nucsec.web.app import create_app
from nucsec.web.openapi import Error
from tests.integration.webclient import bearer, sign_in

BOSS = Principal("boss", Role.coordinator, Label.SENSITIVE)


@pytest.fixture
def world(engine: Engine, make_user) -> dict[str, int]:
    """A state with an assessment, a review with one finding, and one evidence record."""
    make_user("boss", Role.coordinator, Label.SENSITIVE)
    with transaction(engine, SYSTEM) as session:
        states.create(
            session=session,
            data=StateCreate(code="XB", name="Borealia", maturity="developed", label=Label.PUBLIC),
        )
    with transaction(engine, BOSS) as session:
        assessment = assessments.create(
            session=session, data=AssessmentCreate(state="XB", assessed_on=date(2026, 1, 5))
        )
        review = reviews.create_review(
            session=session,
            data=ReviewCreate(state="XB", kind="ippas_mission", started_on=date(2025, 3, 3)),
        )
        finding = reviews.add_finding(
            session=session,
            data=FindingCreate(review=review.id, kind="recommendation", text="Fence the store"),
        )
        evidence.create(
            session=session, state_code="XB", data=EvidenceCreate(title="Act", label=Label.PUBLIC)
        )
        return {"assessment": assessment.id, "review": review.id, "finding": finding.id}


@pytest.fixture
def auth(client: TestClient, world) -> dict[str, str]:
    return bearer(client, "boss")


# --- headers and scripts -------------------------------------------------------------------------


def test_every_response_carries_the_security_headers(client: TestClient, auth) -> None:
    sign_in(client, "boss")
    for path in ("/login", "/dashboard", "/evidence", "/static/nucsec.css", "/api/v1/me", "/nope"):
        response = client.get(path, headers=auth if path.startswith("/api") else {})
        csp = response.headers.get("content-security-policy", "")
        script_src = re.search(r"script-src ([^;]*)", csp)
        assert script_src and "'unsafe-inline'" not in script_src.group(1), path
        assert "frame-ancestors 'none'" in csp, path
        assert response.headers["x-frame-options"] == "DENY", path
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "same-origin", path


def test_templates_hold_no_inline_script_or_event_handler() -> None:
    folder = files("nucsec.web") / "templates"
    for template in folder.iterdir():
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert not re.search(r"\son[a-z]+\s*=", text), template.name


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_session_cookie_is_secure_when_the_setting_says_https(engine: Engine, tmp_path) -> None:
    settings = Settings(data_dir=tmp_path / "d", secret_key="k", secure_cookies=True)
    with TestClient(create_app(settings, engine=engine)) as client:
        cookie = client.get("/login").headers["set-cookie"]
        assert "secure" in cookie.lower()
        assert client.get("/login").headers["strict-transport-security"]


# --- links -------------------------------------------------------------------------------------


def test_only_http_links_are_stored(client: TestClient, auth) -> None:
    for url in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "/relative"):
        response = client.post(
            "/api/v1/states/XB/evidence", json={"title": "x", "url": url}, headers=auth
        )
        assert response.status_code == 422, url
        assert "http" in response.json()["detail"]
    ok = client.post(
        "/api/v1/states/XB/evidence",
        json={"title": "Gazette", "url": "https://gazette.example/act"},
        headers=auth,
    )
    assert ok.status_code == 201


def test_an_old_bad_link_is_shown_as_text_never_as_a_link(
    client: TestClient, engine: Engine, world
) -> None:
    with engine.begin() as conn:
        conn.execute(update(Evidence).values(url="javascript:alert(document.cookie)"))
    sign_in(client, "boss")
    page = client.get("/evidence?state=XB").text
    assert 'href="javascript' not in page.lower()
    assert "javascript:alert(document.cookie)" in page  # visible, inert


def test_the_evidence_form_refuses_a_script_link(client: TestClient, world, login) -> None:
    token = login("clerk", Role.coordinator, Label.SENSITIVE)
    response = client.post(
        "/evidence",
        data={"csrf_token": token, "state": "XB", "title": "x", "url": "javascript:alert(1)"},
    )
    assert response.status_code == 422


# --- bodies, NUL and numbers --------------------------------------------------------------------


def test_a_body_above_the_limit_gets_413_in_the_error_shape(client: TestClient, auth) -> None:
    big = json.dumps({"title": "x" * 3_000_000})
    response = client.post(
        "/api/v1/states/XB/evidence",
        content=big,
        headers={**auth, "content-type": "application/json"},
    )
    assert response.status_code == 413
    Error.model_validate(response.json())


def test_nul_in_text_is_refused_everywhere(client: TestClient, auth, world) -> None:
    body = '{"title": "a\\u0000b"}'
    response = client.post(
        "/api/v1/states/XB/evidence",
        content=body,
        headers={**auth, "content-type": "application/json"},
    )
    assert response.status_code == 422 and "NUL" in response.json()["detail"]
    assert client.get("/api/v1/findings?owner=a%00b", headers=auth).status_code == 422
    assert client.get("/api/v1/states/X%00B", headers=auth).status_code == 422


def test_nul_written_by_a_file_or_the_cli_is_dropped(engine: Engine, world) -> None:
    with transaction(engine, BOSS) as session:
        created = evidence.create(
            session=session, state_code="XB", data=EvidenceCreate(title="Act\x00 of 2020")
        )
    with transaction(engine, BOSS) as session:
        assert evidence.get(session=session, state_code="XB", ref=created.ref).title == (
            "Act of 2020"
        )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/assessments/99999999999999999999",
        "/api/v1/assessments/2147483648",
        "/api/v1/findings/due?within=1000000000",
        "/api/v1/reviews/0",
        "/api/v1/audit?offset=-1",
    ],
)
def test_numbers_out_of_range_are_a_422(client: TestClient, auth, path: str) -> None:
    response = client.get(path, headers=auth)
    assert response.status_code == 422, response.text
    Error.model_validate(response.json())


def test_the_due_page_refuses_a_huge_horizon(client: TestClient, world) -> None:
    sign_in(client, "boss")
    assert client.get("/findings/due?within=1000000000").status_code == 422


def test_null_for_a_yes_no_field_is_a_422(client: TestClient, auth, world) -> None:
    response = client.patch(
        f"/api/v1/findings/{world['finding']}", json={"shared": None}, headers=auth
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("shared:")


# --- concurrent writes --------------------------------------------------------------------------


def test_a_stale_edit_gets_409_and_changes_nothing(client: TestClient, auth, world) -> None:
    finding = f"/api/v1/findings/{world['finding']}"
    item = f"/api/v1/assessments/{world['assessment']}/items/C1-IA01"
    record = "/api/v1/states/XB/evidence/EV-0001"
    for url, field in ((finding, "actions"), (item, "owner"), (record, "summary")):
        first = client.patch(url, json={field: "first", "version": 1}, headers=auth)
        assert first.status_code == 200, first.text
        assert first.json()["version"] == 2
        stale = client.patch(url, json={field: "second", "version": 1}, headers=auth)
        assert stale.status_code == 409, url
        assert "changed by someone else" in stale.json()["detail"]
        assert client.patch(url, json={"version": 2}, headers=auth).json()[field] == "first"


def test_a_note_edit_moves_the_item_version(client: TestClient, auth, world) -> None:
    item = f"/api/v1/assessments/{world['assessment']}/items/C1-IA01"
    edited = client.patch(item, json={"note": "n", "note_label": "OFFICIAL"}, headers=auth)
    assert edited.json()["version"] == 2


def test_a_reference_number_taken_meanwhile_is_retried_not_a_500(
    client: TestClient, auth, world, monkeypatch
) -> None:
    """Two creators computing the same next number: the loser's transaction is run again."""
    real = reviews._next_ref
    calls = []

    def racing(session, review_id, kind, *rest):
        calls.append(kind)
        return "R-01" if len(calls) == 1 else real(session, review_id, kind, *rest)

    monkeypatch.setattr(reviews, "_next_ref", racing)
    response = client.post(
        "/api/v1/findings",
        json={"review": world["review"], "kind": "recommendation", "text": "Lock the gate"},
        headers=auth,
    )
    assert response.status_code == 201, response.text
    assert response.json()["ref"] == "R-02"
    assert len(calls) == 2


# --- OpenAPI -----------------------------------------------------------------------------------


def test_openapi_declares_security_and_one_error_schema(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    assert set(doc["components"]["securitySchemes"]) == {"bearer", "cookie"}
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    operations = [(p, m, op) for p, ops in doc["paths"].items() for m, op in ops.items()]
    assert len(operations) > 20
    for path, method, op in operations:
        codes = op["responses"]
        for code in ("403", "404", "409", "413", "422"):
            schema = codes[code]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, (path, method, code)
        if path in ("/api/v1/catalogue", "/api/v1/auth/token"):
            assert op["security"] == []
        else:
            assert "401" in codes and {"bearer": []} in op["security"], (path, method)


def test_a_422_body_matches_the_documented_error_schema(client: TestClient, auth) -> None:
    response = client.post("/api/v1/findings", json={"review": "x"}, headers=auth)
    assert response.status_code == 422
    body = Error.model_validate(response.json())
    assert body.errors and body.detail


def test_the_api_docs_page_runs_only_its_hashed_script(client: TestClient) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "'sha256-" in csp and "'unsafe-inline'" not in csp


def test_a_null_for_a_required_state_field_is_a_422_not_a_500(
    client: TestClient, auth, world
) -> None:
    for field in ("label", "name", "maturity"):
        answer = client.patch("/api/v1/states/XB", json={field: None}, headers=auth)
        assert answer.status_code == 422, (field, answer.text)
        assert "null is refused" in answer.text
