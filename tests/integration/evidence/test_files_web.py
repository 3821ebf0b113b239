"""Files and search through the API and the Evidence page: upload, download, clearance, links."""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient

from nucsec.access.labels import Label
from nucsec.access.principal import Role
from tests import documents
from tests.integration.webclient import csrf_of


@pytest.fixture
def state(client: TestClient, login) -> str:
    token = login("ada", Role.admin, Label.SENSITIVE)
    response = client.post(
        "/api/v1/states",
        json={"code": "XD", "name": "Demoland", "maturity": "new"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 201, response.text
    return token


def _record(client: TestClient, token: str, title: str, label: str = "OFFICIAL") -> str:
    response = client.post(
        "/api/v1/states/XD/evidence",
        json={"title": title, "label": label},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 201, response.text
    return response.json()["ref"]


def _upload(client: TestClient, token: str, ref: str, name: str, data: bytes):
    return client.post(
        f"/api/v1/states/XD/evidence/{ref}/files",
        files={"file": (name, data, "application/octet-stream")},
        headers={"X-CSRF-Token": token},
    )


def _as(client: TestClient, login, name: str, clearance: Label) -> str:
    client.cookies.clear()
    return login(name, Role.viewer, clearance)


def test_a_file_is_stored_served_as_a_download_and_found_by_search(
    client: TestClient, state: str
) -> None:
    ref = _record(client, state, "Annual report")
    html = documents.HTML
    response = _upload(client, state, ref, 'report "final";\r\n.html', html)
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["media_type"] == "text/html" and stored["passages"] >= 3
    sha = hashlib.sha256(html).hexdigest()
    assert stored["sha256"] == sha

    for url in (f"/api/v1/states/XD/evidence/{ref}/files/{sha}", f"/evidence/XD/{ref}/files/{sha}"):
        got = client.get(url)
        assert got.status_code == 200 and got.content == html
        disposition = got.headers["content-disposition"]
        assert disposition.startswith("attachment;") and "\r" not in disposition
        assert "filename*=UTF-8''report%20" in disposition and disposition.count('"') == 2
        assert disposition.count(";") == 2  # the name's own ; is encoded
        assert got.headers["x-content-type-options"] == "nosniff"
        assert got.headers["content-security-policy"].startswith("sandbox")

    found = client.get("/api/v1/states/XD/evidence/search", params={"q": "orphan sources"})
    assert found.status_code == 200
    assert found.json()["total"] == 1 and found.json()["items"][0]["ref"] == ref
    page = client.get("/evidence", params={"state": "XD", "q": "orphan sources"})
    assert page.status_code == 200
    assert "<mark>Orphan</mark> <mark>source</mark> search completed" in page.text
    listed = client.get("/evidence", params={"state": "XD"}).text
    assert f"/evidence/XD/{ref}/files/{sha}" in listed


def test_a_sensitive_file_is_never_served_or_counted_for_an_official_user(
    client: TestClient, state: str, login
) -> None:
    secret = _record(client, state, "Threat statement", label="SENSITIVE")
    data = documents.TEXT
    assert _upload(client, state, secret, "threat.txt", data).status_code == 201
    sha = hashlib.sha256(data).hexdigest()
    _as(client, login, "olga", Label.OFFICIAL)
    missing = "0" * 64
    for url in (
        f"/api/v1/states/XD/evidence/{secret}/files/{sha}",
        f"/evidence/XD/{secret}/files/{sha}",
        f"/api/v1/states/XD/evidence/{secret}/files",
    ):
        hidden = client.get(url)
        assert hidden.status_code == 404 and "threat" not in hidden.text.lower()
        nowhere = client.get(url.replace(secret, "EV-S0099"))  # a record that does not exist
        assert hidden.text == nowhere.text.replace("EV-S0099", secret)
    absent = client.get(f"/api/v1/states/XD/evidence/{secret}/files/{missing}")
    assert (
        absent.json()["detail"].replace(missing, sha)
        == client.get(f"/api/v1/states/XD/evidence/{secret}/files/{sha}").json()["detail"]
    )
    found = client.get("/api/v1/states/XD/evidence/search", params={"q": "forensics"})
    assert found.json()["total"] == 0 and found.json()["items"] == []
    page = client.get("/evidence", params={"state": "XD", "q": "forensics"})
    assert "forensics library" not in page.text and "(0 records)" in page.text
    assert secret not in client.get("/evidence", params={"state": "XD"}).text


def test_a_bad_upload_is_a_422_with_one_line_and_stores_nothing(
    client: TestClient, state: str, tmp_path
) -> None:
    ref = _record(client, state, "Report")
    refused = _upload(client, state, ref, "report.pdf", b"not a pdf at all")
    assert refused.status_code == 422
    assert refused.json()["detail"] == "report.pdf is named as PDF but its content is plain text"
    assert client.get(f"/api/v1/states/XD/evidence/{ref}/files").json() == []
    assert not (tmp_path / "data" / "files").exists()


def test_uploads_may_exceed_the_request_cap_but_not_the_upload_limit(
    client: TestClient, state: str
) -> None:
    ref = _record(client, state, "Large report")
    big = b"Nuclear security culture programme. " * 80_000  # ~3 MB, above the 2 MB body cap
    assert _upload(client, state, ref, "big.txt", big).status_code == 201
    too_big = b"x" * 21_000_000
    assert _upload(client, state, ref, "huge.txt", too_big).status_code == 413
    other = client.post(
        "/api/v1/states/XD/evidence",
        content=b"{" + b" " * 2_100_000 + b"}",
        headers={"X-CSRF-Token": state, "Content-Type": "application/json"},
    )
    assert other.status_code == 413  # the cap still holds for every other route


def test_the_page_records_evidence_with_a_file_or_refuses_both(
    client: TestClient, state: str
) -> None:
    token = csrf_of(client.get("/evidence", params={"state": "XD"}).text)
    fields = {"csrf_token": token, "state": "XD", "title": "Progress report", "kind": "report"}
    ok = client.post("/evidence", data=fields, files={"file": ("p.docx", documents.docx())})
    assert ok.status_code == 303
    listed = client.get("/api/v1/states/XD/evidence").json()["items"]
    assert [f["filename"] for f in listed[0]["files"]] == ["p.docx"]
    bad = client.post(
        "/evidence",
        data={**fields, "title": "Broken"},
        files={"file": ("b.pdf", b"%PDF-1.4 broken")},
    )
    assert bad.status_code == 422 and "broken PDF" in bad.text
    assert [e["title"] for e in client.get("/api/v1/states/XD/evidence").json()["items"]] == [
        "Progress report"
    ]
    attach = client.post(
        "/evidence/files",
        data={"csrf_token": token, "state": "XD", "ref": listed[0]["ref"]},
        files={"file": ("note.txt", documents.TEXT)},
    )
    assert attach.status_code == 303
    no_csrf = client.post(
        "/evidence/files",
        data={"state": "XD", "ref": listed[0]["ref"]},
        files={"file": ("n2.txt", b"other text")},
    )
    assert no_csrf.status_code == 403


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<script>x</script>"])
def test_script_and_data_links_are_refused_by_api_and_page(
    client: TestClient, state: str, link: str
) -> None:
    api = client.post(
        "/api/v1/states/XD/evidence",
        json={"title": "Bad link", "url": link},
        headers={"X-CSRF-Token": state},
    )
    assert api.status_code == 422 and "http" in api.text
    ref = _record(client, state, "Good")
    patch = client.patch(
        f"/api/v1/states/XD/evidence/{ref}", json={"url": link}, headers={"X-CSRF-Token": state}
    )
    assert patch.status_code == 422
    token = csrf_of(client.get("/evidence", params={"state": "XD"}).text)
    page = client.post(
        "/evidence", data={"csrf_token": token, "state": "XD", "title": "Bad", "url": link}
    )
    assert page.status_code == 422 and "http:// or https://" in page.text
    titles = [e["title"] for e in client.get("/api/v1/states/XD/evidence").json()["items"]]
    assert titles == ["Good"]


def test_a_refused_record_keeps_what_was_typed_and_marks_the_field(
    client: TestClient, state: str
) -> None:
    token = csrf_of(client.get("/evidence", params={"state": "XD"}).text)
    typed = {
        "title": "Regulator annual report",
        "publisher": "Demoland Nuclear Regulatory Authority",
        "published_on": "2026-13-01",
        "summary": "Inspections and enforcement,\nsecond line of the summary.",
        "label": "PUBLIC",
    }
    page = client.post("/evidence", data={"csrf_token": token, "state": "XD", **typed})
    assert page.status_code == 422
    assert 'value="Regulator annual report"' in page.text
    assert 'value="Demoland Nuclear Regulatory Authority"' in page.text
    assert "second line of the summary.</textarea>" in page.text
    assert "<option selected>PUBLIC</option>" in page.text
    assert 'name="published_on" value="2026-13-01" aria-invalid="true"' in page.text
