"""Change an item's status on the editing page and see the dashboard's figures move."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def figure(page: Page, testid: str) -> float:
    return float(page.get_by_test_id(testid).get_attribute("data-value") or "nan")


def test_status_change_moves_the_dashboard(page: Page, live_server: str) -> None:
    login(page, live_server, "amina")
    page.goto(f"{live_server}/dashboard?state=XD")
    before = figure(page, "overall")
    c3_before = page.get_by_test_id("index-C3").inner_text()

    page.get_by_role("link", name="Assessments").first.click()
    page.get_by_role("link", name="Self-assessment 2026", exact=True).click()
    page.get_by_label("Commitment").select_option("C3")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"commitment=C3"))
    page.get_by_label("Status of C3-IA03").select_option("sustained")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_label("Status of C3-IA03")).to_have_value("sustained")

    page.goto(f"{live_server}/dashboard?state=XD")
    after = figure(page, "overall")
    assert after > before
    expect(page.get_by_test_id("index-C3")).not_to_have_text(c3_before)
