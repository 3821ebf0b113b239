"""Imports through upload forms and exports through download buttons: the CLI's checks, on the
page (all or nothing, each bad row named by its line)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from tests.integration.webclient import csrf_of, sign_in

GOOD = (
    "ref,kind,text,items,owner,due_on,label\n"
    "R-11,recommendation,Define the design basis threat,C1-IA02,Authority,2027-06-30,OFFICIAL\n"
    "S-11,suggestion,Exercise the transport plan,,Police,,OFFICIAL\n"
    "GP-11,good_practice,Shared training centre,,,,PUBLIC\n"
)
BAD = GOOD.replace("suggestion", "hint").replace("C1-IA02", "C9-XX01")


@pytest.fixture
def demo(demo_engine: Engine) -> Engine:
    return demo_engine


def _upload(client: TestClient, url: str, token: str, name: str, text: str, **fields: str):
    return client.post(
        url,
        data={"csrf_token": token, **fields},
        files={"file": (name, text.encode(), "text/csv")},
    )


def test_findings_file_through_the_upload_form(client: TestClient, demo: Engine) -> None:
    sign_in(client, "amina", "nucsec-demo")
    review = client.get("/api/v1/states/XD/reviews").json()[-1]["id"]
    page = client.get(f"/reviews/{review}")
    before = client.get(f"/reviews/{review}/findings.csv").text.count("\n")
    token = csrf_of(page.text)
    refused = _upload(client, f"/reviews/{review}/findings/import", token, "f.csv", BAD)
    assert refused.status_code == 422
    assert 'data-testid="import-problems"' in refused.text
    assert "line 2: R-11" in refused.text and "line 3: S-11" in refused.text
    assert client.get(f"/reviews/{review}/findings.csv").text.count("\n") == before, "all or none"
    done = _upload(client, f"/reviews/{review}/findings/import", token, "f.csv", GOOD)
    assert done.status_code == 303
    assert "Imported 3 findings" in client.get(done.headers["location"]).text
    exported = client.get(f"/reviews/{review}/findings.yaml")
    assert exported.headers["content-disposition"].startswith("attachment")
    assert "Define the design basis threat" in exported.text
    labels = {line.split(": ")[1] for line in exported.text.splitlines() if "label: " in line}
    assert "OFFICIAL" in labels and "PUBLIC" in labels
    assert exported.headers["x-nucsec-label"] == max(
        labels, key=["PUBLIC", "OFFICIAL", "SENSITIVE"].index
    )


def test_a_viewer_has_no_upload_form_and_may_not_post_one(client: TestClient, demo: Engine) -> None:
    sign_in(client, "analyst", "nucsec-demo")
    review = client.get("/api/v1/states/XD/reviews").json()
    page = client.get("/cooperation?state=XD")
    assert "/record-files/cooperation" in page.text, "downloads for everyone"
    assert 'enctype="multipart/form-data"' not in page.text
    token = csrf_of(page.text)
    url = f"/reviews/{review[-1]['id']}/findings/import" if review else "/reviews/1/findings/import"
    assert _upload(client, url, token, "f.csv", GOOD).status_code == 403


def test_assessment_round_trip_through_download_and_upload(
    client: TestClient, demo: Engine
) -> None:
    sign_in(client, "amina", "nucsec-demo")
    latest = client.get("/api/v1/states/XD/assessments").json()[-1]["id"]
    page = client.get(f"/assessments/{latest}")
    assert f"/assessments/{latest}/export.yaml" in page.text
    yaml_file = client.get(f"/assessments/{latest}/export.yaml")
    assert yaml_file.status_code == 200 and "C1-IA02" in yaml_file.text
    token = csrf_of(page.text)
    done = _upload(client, f"/assessments/{latest}/import", token, "a.yaml", yaml_file.text)
    assert done.status_code == 303, done.text
    assert "Imported" in client.get(done.headers["location"]).text
    csv_file = client.get(f"/assessments/{latest}/export.csv").text
    broken = csv_file.replace(",implemented,", ",finished,", 1)
    refused = _upload(client, f"/assessments/{latest}/import", token, "a.csv", broken)
    assert refused.status_code == 422 and "line " in refused.text and "finished" in refused.text


def test_cooperation_records_export_and_import(client: TestClient, demo: Engine) -> None:
    sign_in(client, "amina", "nucsec-demo")
    exported = client.get("/record-files/cooperation.csv?state=XB")
    assert exported.status_code == 200
    rows = exported.text.strip().count("\n")
    assert rows >= 1
    page = client.get("/cooperation?state=XD")
    token = csrf_of(page.text)
    done = _upload(client, "/record-files/cooperation", token, "c.csv", exported.text, state="XD")
    assert done.status_code == 303, done.text
    assert f"Imported {rows} record" in client.get(done.headers["location"]).text
    header, first, *_ = exported.text.splitlines()
    bad = f"{header}\n{first}\nTOPSECRET{first[first.index(',') :]}\n"
    refused = _upload(client, "/record-files/cooperation", token, "c.csv", bad, state="XD")
    assert refused.status_code == 422 and "line 3" in refused.text
