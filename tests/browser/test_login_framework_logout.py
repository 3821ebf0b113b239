"""Sign in as the demo coordinator, read the Framework page, sign out; and a refused sign-in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COMMITMENTS = [
    "Subscribe to Nuclear Security Fundamentals",
    "Meet the Intent of IAEA Recommendations and the Code of Conduct",
    "Continuous Improvement",
    "Demonstrable Competence",
]


def test_login_framework_logout(page: Page, live_server: str) -> None:
    login(page, live_server, "amina")
    header = page.get_by_role("banner")
    expect(header).to_contain_text("amina")

    header.get_by_role("navigation", name="Main").get_by_role("link", name="Framework").click()
    expect(page).to_have_url(f"{live_server}/framework")
    expect(page.get_by_role("heading", level=1)).to_contain_text("INFCIRC/869")
    for title in COMMITMENTS:  # case-sensitive: a measures area is "Demonstrable competence"
        heading = page.get_by_role("heading", level=3, name=re.compile(re.escape(title) + "$"))
        expect(heading).to_be_visible()

    header.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server)}/login(\?.*)?$"))
    expect(header).not_to_contain_text("amina")

    page.goto(f"{live_server}/framework")
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server)}/login\?next="))
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_wrong_password_is_refused(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("User name").fill("amina")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Invalid user name or password.")
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server)}/login(\?.*)?$"))
