"""Browser fixtures: a live `nucsec serve` on demo data, and headless Chromium (Playwright)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
NUCSEC = Path(sys.executable).with_name("nucsec")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_PASSWORD = "nucsec-demo"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
PAGE_TIMEOUT_MS = 10_000
expect.set_options(timeout=PAGE_TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """One xdist worker runs every browser test: the live server (init, demo, serve) and
    Chromium start once, not once per worker."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the item (`item.rep_setup`, `item.rep_call`, ...)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server's whole process group: SIGTERM, then SIGKILL after a timeout."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=STOP_TIMEOUT)
    except ProcessLookupError:
        proc.wait(timeout=STOP_TIMEOUT)


def prepare(tmp: Path, commands: list[list[str]]) -> dict[str, str]:
    """Run `nucsec COMMAND` for each command in `tmp` on a fresh SQLite database in its data
    folder; return the environment they ran in, for `serving`."""
    env = {k: v for k, v in os.environ.items() if k != "NUCSEC_DATABASE_URL"}
    env["NUCSEC_DATA_DIR"] = str(tmp / "data")
    for command in commands:
        done = subprocess.run(
            [str(NUCSEC), *command], cwd=tmp, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            pytest.fail(
                f"nucsec {' '.join(command)} failed ({done.returncode}):\n"
                f"{done.stdout}{done.stderr}"
            )
    return env


@contextmanager
def serving(tmp: Path, env: dict[str, str]) -> Iterator[str]:
    """`nucsec serve` on a free port until the block ends; the base URL once it is healthy."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = tmp / "serve.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(NUCSEC), "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                output = log_path.read_text(errors="replace")
                pytest.fail(f"nucsec serve exited early ({proc.returncode}):\n{output}")
            try:
                if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                output = log_path.read_text(errors="replace")
                pytest.fail(f"nucsec serve not healthy after {START_TIMEOUT:.0f} s:\n{output}")
            time.sleep(0.2)
        yield base_url
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of `nucsec serve` on a fresh SQLite database loaded with the demo data."""
    tmp = tmp_path_factory.mktemp("live_server")
    with serving(tmp, prepare(tmp, [["init"], ["demo"]])) as base_url:
        yield base_url


def ci_requires_browser() -> bool:
    """In CI (CI=true, or a Chromium path given) a missing browser fails the run: a skipped
    browser test would pass CI without ever running."""
    return (
        os.environ.get("CI", "").lower() in ("1", "true")
        or bool(os.environ.get("NUCSEC_TEST_CHROMIUM"))
        or os.environ.get("NUCSEC_TEST_REQUIRE_POSTGRES") == "1"
    )


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    executable = os.environ.get("NUCSEC_TEST_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        reason = f"Chromium not found at {executable} (set NUCSEC_TEST_CHROMIUM)"
        if ci_requires_browser():
            pytest.fail(f"{reason}; the browser tests are required in CI")
        pytest.skip(reason)
    browser = playwright.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh context and page; a full-page screenshot is saved if the test fails."""
    context = browser.new_context()
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    finally:
        context.close()


def login(page: Page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form and wait until the browser has left /login."""
    page.goto(f"{base_url}/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not url.startswith(f"{base_url}/login"))
