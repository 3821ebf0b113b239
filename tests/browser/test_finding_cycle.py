"""Record a finding, move it to implemented, and verify it from the follow-up mission."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_record_implement_verify(page: Page, live_server: str) -> None:
    login(page, live_server, "amina")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reviews").click()
    page.get_by_role("link", name="IPPAS mission 2024").click()
    page.get_by_label("Kind").select_option("recommendation")
    page.get_by_label("Finding", exact=True).fill("Lock the source store at the central hospital.")
    page.get_by_label("Linked items").fill("C2-IA03")
    page.get_by_label("Owner agency").fill("Regulator")
    page.get_by_role("button", name="Record finding").click()
    expect(page).to_have_url(re.compile(r"/findings/\d+$"))
    finding_url = page.url
    expect(page.get_by_test_id("finding-status")).to_have_text("Open")

    page.get_by_label("New status").select_option("implemented")
    page.get_by_role("button", name="Move").click()
    expect(page.get_by_test_id("finding-status")).to_have_text("Implemented")
    page.get_by_role("button", name="Sign out").click()

    login(page, live_server, "reviewer")
    page.goto(finding_url)
    page.get_by_label("New status").select_option("verified")
    page.get_by_label("Verified by").select_option(label="IPPAS follow-up mission 2026")
    page.get_by_role("button", name="Move").click()
    expect(page.get_by_test_id("finding-status")).to_have_text("Verified")
    expect(page.get_by_role("link", name="IPPAS follow-up mission 2026")).to_be_visible()
