"""Every page of the web app, as a signed-in coordinator on a database with states of every
label: it fits a 1280 px desktop and a 390 px phone without horizontal scrolling (a screenshot
of each is kept in test-artifacts/screenshots/pages/, which CI keeps), and axe-core finds no
serious or critical violation on it.

The pages are read from the app's own routes, so a new page is covered as soon as it exists; a
route with a path parameter this test cannot fill fails the test until one is added to PARAMS.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from playwright.sync_api import Browser, Page
from sqlalchemy import create_engine

from nucsec.config import Settings
from nucsec.web.app import create_app
from tests.browser.conftest import PAGE_TIMEOUT_MS, SCREENSHOTS, login, prepare, serving
from tests.browser.test_site_accessibility import AXE, BLOCKING

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTHS = (1280, 390)
SHOTS = SCREENSHOTS / "pages"
# Files, not pages: downloads, signatures, the health check.
FILES = re.compile(r"\.\{fmt\}$|\.json(\.sig)?$|^/healthz$|/files/\{sha256\}$")
QUERIES = {  # pages of one record or cell, chosen by query
    "/evidence/proposals": "?state={code}&ref={ref}",
    "/compare/trace": "?state={code}&by=commitment&key=C1&kind=self",
    "/compare/versus": "?a={code}&b=XB",
}
PUBLIC_PAGES = ("/login", "/verify")  # also seen before signing in
EXTRA_STATES = (("XO", "Ostmark", "OFFICIAL"), ("XS", "Sudland", "SENSITIVE"))


def page_routes() -> list[str]:
    """The GET routes of the app that are pages (not in the API schema), in the app's order."""
    app = create_app(
        Settings(data_dir=Path(tempfile.mkdtemp()), secret_key="routes-only"),
        engine=create_engine("sqlite://"),
    )
    found: list[str] = []

    def walk(routes: list, prefix: str = "") -> None:
        for route in routes:
            if isinstance(route, APIRoute):
                path = prefix + route.path
                if (
                    "GET" in route.methods
                    and not route.include_in_schema
                    and not FILES.search(path)
                ):
                    found.append(path)
            elif hasattr(route, "original_router"):  # an included router (FastAPI >= 0.120)
                walk(route.original_router.routes, prefix + (route.include_context.prefix or ""))
            elif hasattr(route, "routes") and not hasattr(route, "app"):
                walk(route.routes, prefix + getattr(route, "path", ""))

    walk(list(app.routes))
    return list(dict.fromkeys(found))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """`nucsec serve` on the demo data plus an OFFICIAL and a SENSITIVE state and a release;
    with the values of every path parameter the pages take."""
    tmp = tmp_path_factory.mktemp("every_page")
    commands = [["init"], ["demo"]]
    commands += [["state", "add", c, "--name", n, "--label", label] for c, n, label in EXTRA_STATES]
    commands.append(["report", "release", "public", "--state", "XD", "--as", "reviewer"])
    env = prepare(tmp, commands)
    with sqlite3.connect(tmp / "data" / "nucsec.db") as db:
        first = {
            t: str(db.execute(f"SELECT min(id) FROM {t}").fetchone()[0])  # noqa: S608
            for t in ("assessments", "reviews", "findings", "report_releases", "evidence")
        }
        evidence_ref = db.execute("SELECT min(ref) FROM evidence").fetchone()[0]
    params = {
        "code": "XD",
        "kind": "public",
        "assessment_id": first["assessments"],
        "review_id": first["reviews"],
        "finding_id": first["findings"],
        "release_id": first["report_releases"],
        "evidence_id": first["evidence"],
        "ref": evidence_ref,
        "username": "police",
        "item": "C1-IA01",
    }
    with serving(tmp, env) as base_url:
        yield base_url, params


@pytest.fixture(scope="module")
def pages(server: tuple[str, dict[str, str]]) -> list[str]:
    _, params = server
    paths = []
    for route in page_routes():
        names = re.findall(r"\{(\w+)\}", route)
        missing = [n for n in names if n not in params]
        assert not missing, f"{route}: no value for {missing}; add one to the server fixture"
        path = re.sub(r"\{(\w+)\}", lambda m: params[m.group(1)], route)
        paths.append(path + QUERIES.get(route, "").format(**params))
    return paths


@pytest.fixture(scope="module")
def signed_in(browser: Browser, server: tuple[str, dict[str, str]]) -> Iterator[list[Page]]:
    """The coordinator's page, then the reviewer's for pages only a reviewer may open (the
    changes since the last release) and the admin's for user administration: one context each,
    signed in once, so the walk is fast."""
    base_url, _ = server
    contexts, pages = [], []
    for user in ("amina", "reviewer", "admin"):
        # bypass_csp: the policy forbids inline script, which is how axe-core is injected
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, bypass_csp=True)
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        page = context.new_page()
        login(page, base_url, user)
        contexts.append(context)
        pages.append(page)
    yield pages
    for context in contexts:
        context.close()


def _name(path: str, width: int) -> str:
    return f"{re.sub(r'[^A-Za-z0-9]+', '_', path).strip('_') or 'home'}-{width}.png"


def _visit(pages: list[Page], url: str) -> Page:
    """Open `url` as the first user allowed to; the page that shows it."""
    for page in pages:
        response = page.goto(url)
        assert response is not None, url
        if response.status != 403:
            break
    assert response.ok, f"{url}: {response.status}"
    assert "text/html" in response.headers.get("content-type", ""), url
    return page


def test_routes_cover_every_page_of_the_menu(pages: list[str]) -> None:
    for path in ("/dashboard", "/roadmap", "/competence", "/cooperation", "/reports",
                 "/admin", "/admin/audit", "/states/XD", "/reviews"):  # fmt: skip
        assert path in pages, pages


def test_every_page_fits_desktop_and_phone(
    signed_in: list[Page], server: tuple[str, dict[str, str]], pages: list[str], browser: Browser
) -> None:
    base_url, _ = server
    SHOTS.mkdir(parents=True, exist_ok=True)
    too_wide: list[str] = []
    for width in WIDTHS:
        for page in signed_in:
            page.set_viewport_size({"width": width, "height": 900})
        for path in pages:
            shown = _visit(signed_in, base_url + path)
            shown.screenshot(path=str(SHOTS / _name(path, width)), full_page=True)
            scroll, inner = shown.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll > inner:
                too_wide.append(f"{path} at {width} px: {scroll} px wide")
    signed_out = browser.new_context(viewport={"width": WIDTHS[1], "height": 900})
    try:
        page = signed_out.new_page()
        for path in PUBLIC_PAGES:
            _visit([page], base_url + path)
            page.screenshot(path=str(SHOTS / _name(f"signed-out{path}", WIDTHS[1])), full_page=True)
            scroll, inner = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll > inner:
                too_wide.append(f"{path} (signed out): {scroll} px wide")
    finally:
        signed_out.close()
    assert not too_wide, "\n".join(too_wide)


def test_every_page_passes_axe(
    signed_in: list[Page], server: tuple[str, dict[str, str]], pages: list[str]
) -> None:
    if not AXE.exists():
        pytest.fail(f"axe-core not installed at {AXE} (run `npm ci` in tests/browser/axe)")
    base_url, _ = server
    for page in signed_in:
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    found: list[str] = []
    for path in pages:
        shown = _visit(signed_in, base_url + path)
        shown.add_script_tag(path=str(AXE))
        result = shown.evaluate("async () => await axe.run(document)")
        assert result["passes"], path  # axe really ran
        found += [
            f"{path}: {v['id']} ({v['impact']}): {v['help']} at "
            + "; ".join(", ".join(node["target"]) for node in v["nodes"][:3])
            for v in result["violations"]
            if v["impact"] in BLOCKING
        ]
    assert not found, "\n".join(found)
