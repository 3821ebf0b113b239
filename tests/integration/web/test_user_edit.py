"""Editing a user in the web: role, clearance and agency; disabling needs a confirmation."""

from __future__ import annotations

from fastapi.testclient import TestClient

from nucsec.access.labels import Label
from nucsec.access.principal import Role


def test_admin_changes_a_users_rights_and_disables_with_confirmation(
    client: TestClient, login, make_user
) -> None:
    make_user("officer", Role.viewer, Label.PUBLIC)
    token = login("boss", Role.admin, Label.SENSITIVE)
    assert 'href="/admin/users/officer"' in client.get("/admin").text
    page = client.get("/admin/users/officer")
    assert page.status_code == 200 and "Disable officer" in page.text
    saved = client.post(
        "/admin/users/officer",
        data={
            "csrf_token": token,
            "role": "contributor",
            "clearance": "OFFICIAL",
            "agency": "Customs",
        },
    )
    assert saved.status_code == 303
    users = {u["username"]: u for u in client.get("/api/v1/users").json()["items"]}
    assert users["officer"]["role"] == "contributor"
    assert users["officer"]["clearance"] == "OFFICIAL" and users["officer"]["agency"] == "Customs"
    bad = client.post(
        "/admin/users/officer", data={"csrf_token": token, "role": "king", "clearance": "PUBLIC"}
    )
    assert bad.status_code == 422 and "unknown role" in bad.text
    unconfirmed = client.post("/admin/users/officer", data={"csrf_token": token, "disable": "1"})
    assert unconfirmed.status_code == 422 and "confirm" in unconfirmed.text
    done = client.post(
        "/admin/users/officer", data={"csrf_token": token, "disable": "1", "confirm": "1"}
    )
    assert done.status_code == 303
    users = {u["username"]: u for u in client.get("/api/v1/users").json()["items"]}
    assert users["officer"]["disabled"] is True
    self_demote = client.post(
        "/admin/users/boss", data={"csrf_token": token, "role": "viewer", "clearance": "PUBLIC"}
    )
    assert self_demote.status_code == 422


def test_only_user_managers_open_the_edit_page(client: TestClient, login, make_user) -> None:
    make_user("officer", Role.viewer, Label.PUBLIC)
    token = login("coord", Role.coordinator, Label.SENSITIVE)
    assert client.get("/admin/users/officer").status_code == 403
    refused = client.post(
        "/admin/users/officer", data={"csrf_token": token, "role": "admin", "clearance": "PUBLIC"}
    )
    assert refused.status_code == 403
