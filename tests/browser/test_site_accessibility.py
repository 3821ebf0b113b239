"""Every page of the static transparency site passes axe-core with no serious or critical
violation (nor a missing landmark), opened as a reader opens a downloaded site: from the file
system (file:// URLs).

axe-core is pinned in tests/browser/axe (package.json and its lockfile; `.ci/run` runs `npm ci`
there). In CI a missing axe fails the run: a skipped accessibility test would pass unseen.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import NUCSEC, ci_requires_browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
# Moderate, but cheap to hold: one main landmark and all content in landmarks lets a screen
# reader user skip the title page and contents straight to the report.
LANDMARKS = ("landmark-one-main", "region")


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.exists():
        reason = f"axe-core not installed at {AXE} (run `npm ci` in tests/browser/axe)"
        if ci_requires_browser():  # CI=true, or a Chromium given: the test must run
            pytest.fail(f"{reason}; the accessibility test is required in CI")
        pytest.skip(reason)
    return AXE


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demoland's transparency site with one signed public release, written by the CLI."""
    tmp = tmp_path_factory.mktemp("site")
    env = {k: v for k, v in os.environ.items() if k != "NUCSEC_DATABASE_URL"}
    env["NUCSEC_DATA_DIR"] = str(tmp / "data")
    for command in (
        ["init"],
        ["demo"],
        ["keys", "generate"],
        ["report", "release", "public", "--state", "XD", "--as", "reviewer"],
        ["publish-site", "--state", "XD", "-o", str(tmp / "site")],
    ):
        done = subprocess.run(
            [str(NUCSEC), *command], cwd=tmp, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            pytest.fail(f"nucsec {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return tmp / "site"


def test_every_site_page_passes_axe(page: Page, site: Path, axe_script: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    names = {str(p.relative_to(site)) for p in pages}
    assert {"index.html", "report.html", "keys/index.html"} <= names
    assert any(n.endswith("/verify.html") for n in names), names  # a release's pages too
    found: dict[str, list[str]] = {}
    for path in pages:
        page.goto(path.as_uri())
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("async () => await axe.run(document)")
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + "; ".join(", ".join(node["target"]) for node in v["nodes"][:3])
            for v in result["violations"]
            if v["impact"] in BLOCKING or v["id"] in LANDMARKS
        ]
        if blocking:
            found[str(path.relative_to(site))] = blocking
        assert result["passes"], path  # axe really ran its rules on the page
    assert not found, "\n".join(f"{name}: {v}" for name, vs in found.items() for v in vs)
