"""The Legal page and the legal register's API: visibility, paging, the add form and its CSRF."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import Role
from tests.integration.webclient import bearer


def test_page_lists_what_the_reader_may_see(demo_engine: Engine, client: TestClient, login):
    login("noor2", Role.viewer, Label.PUBLIC)
    page = client.get("/legal?state=XD")
    assert page.status_code == 200
    html = page.text
    assert "Nuclear and Radiation Security Act 2019" in html
    assert "Art. 4: CPPNM-2A-A" in html, "provisions with the requirements they meet"
    assert "security.contact@dnra.example" in html
    assert "LC-HOSP-01" not in html and "Nuclear Security Duty Officer" not in html
    assert "theft of a category 3 source" not in html
    assert 'action="/legal/instruments"' not in html, "a viewer gets no add form"
    assert 'href="/legal"' in html, "the Legal entry in the navigation"


def test_add_form_checks_csrf_and_refuses_bad_rows(
    demo_engine: Engine, client: TestClient, login
) -> None:
    token = login("kofi", Role.coordinator, Label.SENSITIVE)
    form = {
        "state": "XB",
        "name": "Coast Guard Operations",
        "role": "Maritime contact",
        "channel": "ops@coast.example",
        "label": "OFFICIAL",
    }
    forged = client.post("/legal/contacts", data=form)
    assert forged.status_code == 403
    made = client.post("/legal/contacts", data={**form, "csrf_token": token})
    assert made.status_code == 303 and made.headers["location"] == "/legal?state=XB"
    assert "ops@coast.example" in client.get("/legal?state=XB").text
    bad = client.post(
        "/legal/instruments",
        data={"state": "XB", "ref": "L-9", "kind": "treaty", "title": "T", "csrf_token": token},
    )
    assert bad.status_code == 422 and "kind" in bad.text and "Traceback" not in bad.text
    unknown = client.post("/legal/nope", data={"state": "XB", "csrf_token": token})
    assert unknown.status_code == 422 and "unknown record type" in unknown.text


def test_api_pages_typed_records_by_clearance(
    demo_engine: Engine, client: TestClient, make_user
) -> None:
    make_user("noor", Role.viewer, Label.PUBLIC)
    make_user("rev", Role.reviewer, Label.SENSITIVE)
    public, cleared = bearer(client, "noor"), bearer(client, "rev")
    seen = client.get("/api/v1/states/XD/legal/instruments", headers=public).json()
    everything = client.get("/api/v1/states/XD/legal/instruments", headers=cleared).json()
    assert {r["label"] for r in seen["items"]} == {"PUBLIC"}
    assert seen["total"] == len(seen["items"]) < everything["total"], "hidden rows not counted"
    paged = client.get(
        "/api/v1/states/XD/legal/instruments?limit=1&sort=-ref", headers=cleared
    ).json()
    assert paged["pages"] == everything["total"] and len(paged["items"]) == 1
    assert paged["items"][0]["ref"] == max(r["ref"] for r in everything["items"])
    one = client.get("/api/v1/states/XD/legal/instruments/ACT-2019", headers=public).json()
    assert one["provisions"][0] == {
        "article": "Art. 4",
        "requirements": ["CPPNM-2A-A", "CPPNM-2A-D", "C1-IA01"],
    }
    hidden = client.get("/api/v1/states/XD/legal/instruments/LC-HOSP-01", headers=public)
    assert hidden.status_code == 404
    contacts = client.get("/api/v1/states/XD/legal/contacts", headers=public).json()
    assert [c["channel"] for c in contacts["items"]] == ["security.contact@dnra.example"]
    bad = client.get("/api/v1/states/XD/legal/contacts?sort=colour", headers=public)
    assert bad.status_code in (400, 422) and "unknown key" in bad.text
