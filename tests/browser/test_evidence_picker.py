"""The assessment table's evidence picker: search the state's evidence by its title, add it to
an item with the keyboard, save, and the item links to it; evidence above the user's clearance
is never offered; the page passes axe and fits a phone."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import login
from tests.browser.test_site_accessibility import AXE, BLOCKING

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def csp_free(browser: Browser) -> Iterator[Page]:
    """A page that may inject axe-core (the app's policy forbids inline script)."""
    context = browser.new_context(bypass_csp=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def _open_latest(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/assessments?state=XD")
    page.get_by_role("link", name="Self-assessment 2026", exact=True).click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+"))


def test_pick_evidence_by_searching_its_title_and_save(csp_free: Page, live_server: str) -> None:
    page = csp_free
    login(page, live_server, "police")  # a contributor with OFFICIAL clearance
    _open_latest(page, live_server)
    search = page.get_by_label("Find evidence for C2-IA06")

    search.fill("draft design basis threat")  # SENSITIVE: above the police's clearance
    search.press("Enter")
    picker = page.get_by_test_id("picker-C2-IA06")
    expect(picker.get_by_role("status")).to_have_text("Nothing found.")
    expect(picker).not_to_contain_text("EV-S0001")

    search.fill("inspection programme")
    search.press("Enter")  # Enter searches; it does not submit the table
    add = picker.get_by_role("button", name="Add EV-O0001 to C2-IA06")
    expect(add).to_be_visible()
    add.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Evidence of C2-IA06", exact=True)).to_have_value(
        re.compile(r"EV-O0001$")
    )
    expect(add).to_be_disabled()

    if AXE.exists():  # the picker open, with results and a chosen reference
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        blocking = [v["id"] for v in result["violations"] if v["impact"] in BLOCKING]
        assert not blocking, blocking

    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+"))
    link = page.locator("#row-C2-IA06 + tr.more").get_by_role("link", name="EV-O0001")
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("#ev-EV-O0001")).to_contain_text("Inspection programme of source users")

    _open_latest(page, live_server)  # removing it is one keyboard press too
    remove = page.get_by_role("button", name="Remove EV-O0001 from C2-IA06")
    remove.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Evidence of C2-IA06", exact=True)).not_to_have_value(
        re.compile("EV-O0001")
    )


def test_the_table_fits_a_phone(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 900})
    login(page, live_server, "amina")
    _open_latest(page, live_server)
    expect(page.get_by_label("Find evidence for C1-IA01")).to_be_attached()
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner
