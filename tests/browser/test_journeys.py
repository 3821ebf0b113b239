"""The journeys of JOURNEYS.md (1–4 and 6) in Chromium, each step as the role it names.

The server holds four states of three labels: Demoland and Borealia (PUBLIC, the demo),
Quorn (OFFICIAL) and Aurelia (SENSITIVE), both sorting before the demo states, so that no page
may fall back to a state the user cannot see.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import PAGE_TIMEOUT_MS, login, prepare, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RELEASE_MS = 90_000
EXTRA_STATES = (
    ("QO", "Quorn", "OFFICIAL"),
    ("AA", "Aurelia", "SENSITIVE"),
)
FINDINGS = "ref,kind,text,items,owner,due_on,label\n" + "".join(
    [
        f"R-{n:02d},recommendation,Recommendation {n} of the 2027 mission,C1-IA02,Authority,"
        f"2028-0{1 + n % 9}-15,SENSITIVE\n"
        for n in range(1, 13)
    ]
    + [f"S-{n:02d},suggestion,Suggestion {n},,Police,,SENSITIVE\n" for n in range(1, 10)]
    + [f"GP-{n:02d},good_practice,Good practice {n},,,,OFFICIAL\n" for n in range(1, 4)]
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`nucsec serve` on the demo data plus an OFFICIAL and a SENSITIVE state."""
    tmp = tmp_path_factory.mktemp("journeys")
    commands = [["init"], ["demo"]] + [
        ["state", "add", code, "--name", name, "--label", label]
        for code, name, label in EXTRA_STATES
    ]
    with serving(tmp, prepare(tmp, commands)) as base_url:
        yield base_url


def nav(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login"))


def test_journey_1_a_new_state_starts_from_nothing(page: Page, server: str) -> None:
    login(page, server, "amina")
    nav(page, "States").click()
    page.get_by_label("Code (two or three letters)").fill("QN")
    page.get_by_label("Name", exact=True).fill("Newland")
    page.get_by_label("Maturity").select_option("new")
    page.get_by_label("Sensitivity label").select_option("OFFICIAL")
    page.get_by_role("button", name="Add state").click()
    expect(page).to_have_url(re.compile(r"/states/QN$"))
    page.goto(f"{server}/states/QN/roadmap")
    expect(page.locator('[aria-current="step"]')).to_contain_text("S1")
    expect(page.get_by_test_id("action-1")).to_be_visible()
    # the state just opened stays the one viewed: the menu's Assessments keeps it
    expect(page.get_by_label("Viewing state")).to_have_value("QN")
    nav(page, "Assessments").click()
    form = page.locator('form[method="post"][action="/assessments"]')
    form.get_by_label("State").select_option("QN")
    form.get_by_role("button", name="Create").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+$"))
    row = page.locator("tr[id^=row-]").first
    item = (row.get_attribute("id") or "").removeprefix("row-")
    page.get_by_label(f"Owner of {item}").fill("Regulator")
    page.get_by_label(f"Target date of {item}").fill("2027-03-31")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_label(f"Owner of {item}")).to_have_value("Regulator")
    expect(page.get_by_label(f"Target date of {item}")).to_have_value("2027-03-31")


def test_journey_2_agencies_fill_in_and_labels_hold(page: Page, server: str) -> None:
    login(page, server, "police")
    page.goto(f"{server}/dashboard?state=XD")
    for hidden in ("Aurelia", "Quorn"):  # OFFICIAL clearance: Quorn yes, Aurelia never
        options = page.get_by_label("Viewing state").locator("option")
        if hidden == "Aurelia":
            expect(options.filter(has_text=hidden)).to_have_count(0)
        else:
            expect(options.filter(has_text=hidden)).to_have_count(1)
    nav(page, "Assessments").click()
    page.get_by_role("link", name="Self-assessment 2026", exact=True).click()
    expect(page.locator('select[name="owner"]')).to_have_value("mine")
    shown = page.locator("tr[id^=row-]")
    expect(shown.first).to_be_visible()
    owners = shown.locator('input[name^="owner__"]')
    for i in range(owners.count()):
        assert owners.nth(i).input_value().casefold() == "police"
    expect(page.get_by_text("This page shows SENSITIVE information")).to_have_count(0)
    sign_out(page)
    login(page, server, "amina")
    page.goto(f"{server}/dashboard?state=XD")
    expect(page.get_by_test_id("weakest")).to_be_visible()
    expect(page.get_by_test_id("overall")).to_be_visible()


def test_journey_3_mission_findings_imported_through_the_form(page: Page, server: str) -> None:
    login(page, server, "amina")
    page.goto(f"{server}/dashboard?state=XB")
    nav(page, "Reviews").click()
    form = page.locator('form[method="post"][action="/reviews"]')
    expect(form.locator('select[name="state"]')).to_have_value("XB")
    form.get_by_label("Title (optional)").fill("IPPAS mission to Borealia 2027")
    form.get_by_label("Start").fill("2027-03-01")
    form.get_by_label("End").fill("2027-03-12")
    form.get_by_label("Team").fill("Six experts")
    form.get_by_label("Report reference").fill("IPPAS-XB-2027")
    follows = form.get_by_label(re.compile("Follows up review"))
    expect(follows.locator("option", has_text="Demoland")).to_have_count(0)
    form.get_by_label("Label").select_option("SENSITIVE")
    form.get_by_role("button", name="Record review").click()
    expect(page).to_have_url(re.compile(r"/reviews/\d+$"))
    review_url = page.url

    page.get_by_label("File").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": b"ref,kind,text\nR-1,x,\n"}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_test_id("import-problems")).to_contain_text("line 2")
    expect(page.get_by_role("heading", name="Findings (0)")).to_be_visible()

    page.get_by_label("File").set_input_files(
        files=[{"name": "findings.csv", "mimeType": "text/csv", "buffer": FINDINGS.encode()}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_test_id("imported")).to_have_text("Imported 24 findings.")
    expect(page.get_by_role("heading", name="Findings (24)")).to_be_visible()

    page.get_by_role("link", name="R-01", exact=True).click()
    page.get_by_label("Actions").fill("Write the design basis threat into the regulation.")
    page.get_by_role("button", name="Save plan").click()
    expect(page.get_by_label("Actions")).to_have_value(
        "Write the design basis threat into the regulation."
    )
    nav(page, "Reviews").click()
    page.goto(f"{server}/findings")  # the board opens on the state being viewed
    expect(page.locator('form.filters select[name="state"]')).to_have_value("XB")
    expect(page.locator("tbody tr td.ids").first).to_have_text("XB")
    sign_out(page)

    login(page, server, "reviewer")
    page.goto(review_url)
    page.get_by_role("link", name="R-01", exact=True).click()
    expect(page.get_by_label("Actions")).to_have_count(0)  # the plan is shown, not edited
    expect(page.get_by_text("Write the design basis threat into the regulation.")).to_be_visible()


def test_journey_4_request_approve_release_in_five_clicks(page: Page, server: str) -> None:
    login(page, server, "amina")
    page.goto(f"{server}/dashboard?state=XD")
    nav(page, "Reports").click()
    page.get_by_role("link", name="Public report: what changed since the last release").click()
    expect(page.get_by_text("first release")).to_be_visible()
    page.get_by_label("Note for the reviewer (optional)").fill("The yearly report.")
    page.get_by_role("button", name="Ask a reviewer to approve").click()
    expect(page.get_by_text("waiting for a reviewer")).to_be_visible()
    sign_out(page)

    login(page, server, "reviewer")
    page.goto(f"{server}/dashboard")
    clicks = 0

    def click(target: Locator, timeout: float = PAGE_TIMEOUT_MS) -> None:
        nonlocal clicks
        clicks += 1
        target.click(timeout=timeout)

    click(nav(page, "Reports"))
    click(page.get_by_role("link", name=re.compile(r"Review request \d+")))
    expect(page.get_by_text("The yearly report.")).to_be_visible()
    click(page.get_by_label(re.compile("I checked these changes")))
    # the release renders and signs five formats: slow on a loaded machine
    click(page.get_by_role("button", name="Approve and release the public report"), RELEASE_MS)
    expect(page.get_by_text(re.compile(r"approved \(release \d+\)"))).to_be_visible(
        timeout=RELEASE_MS
    )
    assert clicks <= 5, clicks
    expect(page.locator('a[href$=".pdf"][href^="/releases/"]').first).to_be_visible()
    page.get_by_role(
        "link", name="Public report: what changed since the last release, and release"
    ).click()
    expect(page.get_by_test_id("nothing-changed")).to_be_visible()
    expect(
        page.get_by_role("button", name="Approve and release the public report")
    ).to_be_disabled()


def test_journey_6_the_administrator_adds_a_user(page: Page, server: str) -> None:
    login(page, server, "admin")
    nav(page, "Admin").click()
    page.get_by_label("User name").fill("customs")
    page.get_by_label("Role").select_option("contributor")
    page.get_by_label("Clearance").select_option("OFFICIAL")
    page.get_by_label("Agency (a contributor edits its items)").fill("Customs")
    page.get_by_label("Password (at least 10 characters)").fill("customs-password-1")
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("cell", name="customs", exact=True)).to_be_visible()
    sign_out(page)
    login(page, server, "customs", "customs-password-1")
    page.goto(f"{server}/reports")
    # cleared OFFICIAL: opens on a state at most OFFICIAL, never on Aurelia (SENSITIVE),
    # which sorts first
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Reports: ")
    expect(heading).not_to_contain_text("Aurelia")
    expect(page.get_by_label("Viewing state").locator("option", has_text="Aurelia")).to_have_count(
        0
    )
