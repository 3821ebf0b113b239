"""Journey 5: open the heatmap, filter to states with nuclear material, click a cell and land on
the evidence behind it."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_PASSWORD, login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def judge_borealia(base_url: str) -> str:
    """An external assessment of Borealia citing a PUBLIC document (through the API)."""
    with httpx.Client(base_url=f"{base_url}/api/v1", timeout=30) as api:
        token = api.post("/auth/token", data={"username": "amina", "password": DEMO_PASSWORD})
        api.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        doc = api.post(
            "/states/XB/evidence",
            json={"title": "Borealia security review 2026", "kind": "report", "label": "PUBLIC"},
        )
        assert doc.status_code == 201, doc.text
        made = api.post(
            "/assessments",
            json={"state": "XB", "assessed_on": "2026-07-01", "kind": "external",
                  "label": "PUBLIC", "carry_forward": False},
        )  # fmt: skip
        assert made.status_code == 201, made.text
        edited = api.patch(
            f"/assessments/{made.json()['id']}/items/C1-IA01",
            json={"status": "implemented", "demonstration": "published",
                  "evidence": [doc.json()["ref"]]},
        )  # fmt: skip
        assert edited.status_code == 200, edited.text
        return doc.json()["ref"]


def test_heatmap_filter_and_cell_lead_to_the_evidence(page: Page, live_server: str) -> None:
    ref = judge_borealia(live_server)
    login(page, live_server, "analyst")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Compare").click()
    expect(page.get_by_test_id("heatmap")).to_be_visible()
    filters = page.get_by_test_id("compare-filters")
    filters.get_by_label("Figures").select_option("external")
    filters.get_by_label("Programme").select_option("nuclear_material")
    filters.get_by_role("button", name="Show").click()
    expect(page.locator("tr[data-state='XB']")).to_be_visible()
    expect(page.locator("tr[data-state='XD']")).to_have_count(0)  # sources only
    page.get_by_test_id("cell-XB-C1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("XB, commitment C1")
    evidence = page.get_by_test_id("trace-evidence")
    expect(evidence.locator(f"tr#{ref}")).to_contain_text("Borealia security review 2026")
    expect(page.get_by_test_id("trace-items")).to_contain_text("C1-IA01")
