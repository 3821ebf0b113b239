"""Editing a state's profile in the web; a refused edit keeps what was typed."""

from __future__ import annotations

from fastapi.testclient import TestClient

from nucsec.access.labels import Label
from nucsec.access.principal import Role


def test_coordinator_edits_the_profile_and_keeps_input_on_error(client: TestClient, login) -> None:
    token = login("coord", Role.coordinator, Label.SENSITIVE)
    added = client.post(
        "/states",
        data={"csrf_token": token, "code": "QP", "name": "Quplain", "maturity": "new"},
    )
    assert added.status_code == 303
    page = client.get("/states/QP").text
    assert "Edit the profile" in page and 'value="Quplain"' in page
    form = {
        "csrf_token": token,
        "name": "Quplain Republic",
        "maturity": "developed",
        "subscribed_on": "2024-05-01",
        "research_reactors": "1",
        "material_categories": "II",
        "label": "OFFICIAL",
    }
    assert client.post("/states/QP", data=form).status_code == 303
    state = client.get("/api/v1/states/QP").json()
    assert state["name"] == "Quplain Republic" and state["maturity"] == "developed"
    assert state["profile"]["research_reactors"] is True
    assert state["profile"]["material_categories"] == ["II"]
    refused = client.post("/states/QP", data={**form, "name": "Kept", "maturity": "ancient"})
    assert refused.status_code == 422
    assert 'value="Kept"' in refused.text, "the typed name is kept"
    assert 'name="maturity" aria-invalid="true"' in refused.text, "the field is marked"
    assert client.get("/api/v1/states/QP").json()["name"] == "Quplain Republic"


def test_a_viewer_sees_no_form_and_may_not_post(client: TestClient, login) -> None:
    token = login("view", Role.viewer, Label.PUBLIC)
    assert client.get("/states").status_code == 200
    assert client.post("/states/XD", data={"csrf_token": token, "name": "X"}).status_code == 403


def test_a_refused_new_state_keeps_what_was_typed(client: TestClient, login) -> None:
    token = login("coord", Role.coordinator, Label.SENSITIVE)
    refused = client.post(
        "/states",
        data={
            "csrf_token": token,
            "code": "QR",
            "name": "Quarry",
            "maturity": "ancient",
            "research_reactors": "1",
            "material_categories": "II",
            "label": "PUBLIC",
        },
    )
    assert refused.status_code == 422
    page = refused.text
    assert 'value="QR"' in page and 'value="Quarry"' in page and 'value="II"' in page
    assert 'name="research_reactors" value="1" checked' in page
    assert '<option value="PUBLIC" selected>' in page
    assert 'name="maturity" aria-invalid="true"' in page
    assert client.get("/api/v1/states/QR").status_code == 404
