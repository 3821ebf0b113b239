"""The analyst's pages and routes: heatmap, filters, traceability, versus, trends, scenarios."""

from __future__ import annotations

from fastapi.testclient import TestClient

from nucsec.access.labels import Label
from nucsec.access.principal import Role
from tests.integration.analytics.conftest import REACTOR, add_state, judge
from tests.integration.webclient import bearer


def test_heatmap_filters_and_a_cell_leads_to_its_evidence(client: TestClient, login, engine):
    add_state(engine, "XA")
    add_state(engine, "XE", REACTOR)
    _, ref = judge(engine, "XA", ["C1-IA01"])
    judge(engine, "XE", ["C1-IA01", "C1-IA02"])
    login("noor", Role.analyst, Label.PUBLIC)
    page = client.get("/compare?kind=external")
    assert page.status_code == 200
    assert 'data-testid="cell-XA-C1"' in page.text and 'data-testid="cell-XE-C1"' in page.text
    assert "1, 2, 2, 4" in page.text
    only = client.get("/compare?kind=external&profile=nuclear_material").text
    assert 'data-state="XE"' in only and 'data-state="XA"' not in only
    assert client.get("/compare?kind=nonsense").status_code == 422
    trace = client.get("/compare/trace?state=XA&by=commitment&key=C1&kind=external")
    assert trace.status_code == 200
    assert f'id="{ref}"' in trace.text and "Annual report of XA" in trace.text
    assert "Inspection report" not in trace.text, "the state's OFFICIAL evidence stays hidden"
    versus = client.get("/compare/versus?a=XA&b=XE&kind=external")
    assert versus.status_code == 200 and 'data-testid="versus"' in versus.text
    analysis = client.get("/compare/states/XA")
    assert analysis.status_code == 200 and 'data-testid="scenarios"' in analysis.text
    assert "publish" in analysis.text or "implement" in analysis.text


def test_typed_api_routes(client: TestClient, make_user, engine) -> None:
    add_state(engine, "XA")
    judge(engine, "XA", ["C1-IA01"])
    headers = bearer(client, make_user("noor", Role.analyst, Label.PUBLIC))
    doc = client.get("/api/v1/compare?kind=external&by=element", headers=headers).json()
    assert doc["by"] == "element" and doc["states"][0]["rank"] == 1
    trends = client.get("/api/v1/states/XA/trends?kind=external", headers=headers).json()
    assert len(trends["points"]) == 1 and trends["points"][0]["change"] is None
    trace = client.get("/api/v1/states/XA/trace?key=E01&by=element&kind=external", headers=headers)
    assert trace.status_code == 200 and trace.json()["evidence"][0]["label"] == "PUBLIC"
    plan = client.get("/api/v1/states/XA/scenarios", headers=headers).json()
    assert plan["kind"] == "external" and plan["scenarios"]
    assert client.get("/api/v1/compare?by=nothing", headers=headers).status_code == 422
    assert client.get("/api/v1/states/XA/trace?key=Q9", headers=headers).status_code == 404
    schema = client.get("/api/v1/openapi.json").json()
    assert "CompareDoc" in schema["components"]["schemas"]


def test_an_analyst_records_through_the_api(client: TestClient, make_user, engine) -> None:
    add_state(engine, "XA")
    headers = bearer(client, make_user("noor", Role.analyst, Label.PUBLIC))
    own = client.post(
        "/api/v1/assessments",
        json={"state": "XA", "assessed_on": "2026-06-01", "label": "PUBLIC"},
        headers=headers,
    )
    assert own.status_code == 403 and "external" in own.json()["detail"]
    made = client.post(
        "/api/v1/assessments",
        json={"state": "XA", "assessed_on": "2026-06-01", "kind": "external", "label": "PUBLIC"},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    doc = client.post(
        "/api/v1/states/XA/evidence",
        json={"title": "Law", "kind": "law", "label": "PUBLIC"},
        headers=headers,
    )
    assert doc.status_code == 201 and doc.json()["ref"] == "EV-0001"
    edited = client.patch(
        f"/api/v1/assessments/{made.json()['id']}/items/C1-IA01",
        json={"status": "implemented", "demonstration": "published", "evidence": ["EV-0001"]},
        headers=headers,
    )
    assert edited.status_code == 200, edited.text
    hidden = client.patch(
        f"/api/v1/assessments/{made.json()['id']}/items/C1-IA02",
        json={"evidence": ["EV-O0001"]},
        headers=headers,
    )
    assert hidden.status_code == 422


def test_the_heatmap_and_its_route_come_a_page_at_a_time(client: TestClient, make_user, engine):
    for code in ("XA", "XB", "XC"):
        add_state(engine, code)
        judge(engine, code, ["C1-IA01"])
    headers = bearer(client, make_user("noor", Role.analyst, Label.PUBLIC))
    doc = client.get("/api/v1/compare?kind=external&limit=2&sort=state", headers=headers).json()
    assert [r["state"] for r in doc["states"]] == ["XA", "XB"]
    assert doc["total"] == 3 and doc["next"] == 2 and doc["sort"] == "state"
    last = client.get("/api/v1/compare?kind=external&limit=2&page=2&sort=state", headers=headers)
    assert [r["state"] for r in last.json()["states"]] == ["XC"] and last.json()["next"] is None
    wrong = client.get("/api/v1/compare?sort=C9", headers=headers)
    assert wrong.status_code == 422 and "sort" in wrong.text
    page = client.get("/compare?kind=external&limit=2&sort=state", headers=headers)
    assert page.status_code == 200 and 'data-state="XC"' not in page.text
    assert 'rel="next"' in page.text and "3 in all" in page.text
    fallback = client.get("/compare?kind=external&sort=C9", headers=headers)
    assert fallback.status_code == 200, "a hand-edited sort key shows the ranking"
