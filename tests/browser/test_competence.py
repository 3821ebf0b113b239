"""Record a training programme and a certification count; see the dashboard's measure change."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_competence_records_move_the_dashboard(page: Page, live_server: str) -> None:
    login(page, live_server, "amina")
    page.goto(f"{live_server}/dashboard?state=XD")
    certified = int(page.get_by_test_id("cm-cert").inner_text())
    hours = float(page.get_by_test_id("cm-hours").inner_text())

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Competence").click()
    page.goto(f"{live_server}/competence?state=XD")
    training = page.get_by_role("form", name="Record a training programme")
    training.get_by_label("Training title").fill("Transport security course")
    training.get_by_label("Year").fill("2026")
    training.get_by_label("Provider").select_option("regional_coe")
    training.get_by_label("Hours").fill("30")
    training.get_by_role("button", name="Record training").click()
    expect(page.get_by_text("Transport security course")).to_be_visible()

    count = page.get_by_role("form", name="Record a certification count")
    count.get_by_label("Scheme").fill("Regional Centre of Excellence")
    count.get_by_label("Year of certification").fill("2026")
    count.get_by_label("Personnel certified").fill("4")
    count.get_by_role("button", name="Record certification").click()
    expect(page.get_by_test_id("CM-CERT-2026")).to_have_text(str(certified + 4))

    page.goto(f"{live_server}/dashboard?state=XD")
    expect(page.get_by_test_id("cm-cert")).to_have_text(str(certified + 4))
    assert float(page.get_by_test_id("cm-hours").inner_text()) == hours + 30
