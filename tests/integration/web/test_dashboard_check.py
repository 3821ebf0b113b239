"""The dashboard's check panel: contradictions with the records, and the one-click fix."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from tests.integration.webclient import csrf_of, sign_in


@pytest.fixture
def demo(demo_engine: Engine) -> Engine:
    return demo_engine


def test_one_click_fix_records_what_the_records_show(client: TestClient, demo) -> None:
    sign_in(client, "amina", "nucsec-demo")
    page = client.get("/dashboard?state=XD")
    assert page.status_code == 200
    assert 'data-testid="issue-C3-IA02-done_in_records"' in page.text, "the IPPAS mission"
    api = client.get("/api/v1/states/XD/check").json()
    kinds = {(i["item"], i["kind"]) for i in api["issues"]}
    assert ("C3-IA02", "done_in_records") in kinds
    fixed = client.post(
        "/states/XD/check/fix",
        data={"csrf_token": csrf_of(page.text), "item": "C3-IA02", "kind": "done_in_records"},
    )
    assert fixed.status_code == 303
    after = client.get("/api/v1/states/XD/check").json()
    assert ("C3-IA02", "done_in_records") not in {(i["item"], i["kind"]) for i in after["issues"]}
    plan = client.get("/api/v1/states/XD/roadmap").json()
    assert plan["position"]["step"] == "S5", "Demoland acts on its IPPAS recommendations"
    assert all(a["reason"] for a in plan["next_actions"])


def test_a_viewer_sees_no_fix_and_cannot_apply_one(client: TestClient, demo) -> None:
    sign_in(client, "analyst", "nucsec-demo")
    page = client.get("/dashboard?state=XD")
    assert "check/fix" not in page.text
    refused = client.post(
        "/states/XD/check/fix",
        data={"csrf_token": csrf_of(page.text), "item": "C3-IA02", "kind": "done_in_records"},
    )
    assert refused.status_code == 403
