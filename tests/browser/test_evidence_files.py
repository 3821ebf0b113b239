"""Store a file with an evidence record, find it with the search box, download it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPORT = (
    b"Annual report of the regulator\n\n"
    b"The regulator completed the review of the national\n"
    b"detection architecture for material out of regulatory control.\n"
)


def test_a_stored_file_is_found_and_downloaded(page: Page, live_server: str) -> None:
    login(page, live_server, "amina")
    page.goto(f"{live_server}/evidence?state=XD")
    form = page.get_by_role("form", name="Store a file with a record")
    form.get_by_label("File").set_input_files(
        {"name": "regulator-2025.txt", "mimeType": "text/plain", "buffer": REPORT}
    )
    form.get_by_role("button", name="Store the file").click()
    expect(page.get_by_role("link", name="regulator-2025.txt")).to_be_visible()

    search = page.get_by_role("search", name="Search evidence")
    search.get_by_label("Search").fill("detection architecture")
    search.get_by_role("button", name="Search").click()
    results = page.get_by_role("region", name="Search results")
    expect(results).to_contain_text("(1 record)")
    expect(results).to_contain_text("material out of regulatory control")

    with page.expect_download() as download:
        results.get_by_role("link", name="regulator-2025.txt").click()
    assert download.value.suggested_filename == "regulator-2025.txt"
