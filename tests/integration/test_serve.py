"""The web server really starts and serves the framework: `nucsec serve` and `make run`."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.integration.webclient import csrf_of

ROOT = Path(__file__).resolve().parents[2]
NUCSEC = str(Path(sys.executable).with_name("nucsec"))
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 90) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            pytest.fail(f"server exited with {proc.returncode}: {out[-2000:]}")
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@contextmanager
def serving(env: dict[str, str], *options: str) -> Iterator[str]:
    """`nucsec serve OPTIONS` on a free port until the block ends; its base URL once healthy."""
    port = free_port()
    proc = subprocess.Popen(
        [NUCSEC, "serve", "--port", str(port), *options],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz", proc)
        yield base
    finally:
        stop(proc)


def env_for(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NUCSEC_DATABASE_URL"}
    env["NUCSEC_DATA_DIR"] = str(tmp_path / "data")
    return env


def check_framework_page(base: str) -> None:
    """Sign in as the documented demo coordinator and read the Framework page."""
    with httpx.Client(base_url=base, timeout=5) as client:
        assert client.get("/framework").status_code == 303, "pages need a login"
        token = csrf_of(client.get("/login").text)
        signed_in = client.post(
            "/login", data={"username": "amina", "password": "nucsec-demo", "csrf_token": token}
        )
        assert signed_in.status_code == 303
        page = client.get("/framework")
    assert page.status_code == 200
    for title in (
        "Subscribe to Nuclear Security Fundamentals",
        "Continuous Improvement",
        "Demonstrable Competence",
        "Sustaining a nuclear security regime",
    ):
        assert title in page.text


def test_nucsec_serve_serves_the_framework(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    for step in (["init"], ["demo"]):
        subprocess.run([NUCSEC, *step], env=env, check=True, capture_output=True)
    with serving(env) as base:
        check_framework_page(base)


def test_make_run_serves_the_demo(tmp_path: Path) -> None:
    """`make run` serves on 8000 by default; the test gives it a free port (PORT=…) so it runs
    whatever else listens on 8000 on this machine."""
    assert re.search(r"^PORT \?= 8000$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    port = free_port()
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env_for(tmp_path),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        health = wait_for(f"http://127.0.0.1:{port}/healthz", proc)
        assert health.json()["status"] == "ok"
        check_framework_page(f"http://127.0.0.1:{port}")
        assert (tmp_path / "data" / "nucsec.db").exists(), (
            "make run keeps SQLite in the data folder"
        )
        assert (tmp_path / "data" / "nucsec.db").stat().st_mode & 0o777 == 0o600
    finally:
        stop(proc)


def test_serve_refuses_workers_on_sqlite(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    subprocess.run([NUCSEC, "init"], env=env, check=True, capture_output=True)
    done = subprocess.run(
        [NUCSEC, "serve", "--workers", "2", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("error: --workers needs PostgreSQL")
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.postgres
def test_serve_with_workers_on_postgresql(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Two workers share the session key: a login on one is honoured by the other."""
    engine = request.getfixturevalue("postgres_engine")
    from tests.conftest import empty_tables

    empty_tables(engine)
    env = env_for(tmp_path)
    env["NUCSEC_DATABASE_URL"] = engine.url.render_as_string(hide_password=False)
    for step in (["init"], ["demo"]):
        subprocess.run([NUCSEC, *step], env=env, check=True, capture_output=True)
    try:
        with serving(env, "--workers", "2") as base:
            for _ in range(3):  # new connections each time, so both workers answer some
                check_framework_page(base)
    finally:
        empty_tables(engine)


def _guess_tokens(base: str, forwarded_for: str, guesses: int) -> list[int]:
    """Status codes of `guesses` wrong passwords for made-up names, sent as a proxy would."""
    with httpx.Client(base_url=base, timeout=10) as client:
        return [
            client.post(
                "/api/v1/auth/token",
                data={"username": f"nobody{n}", "password": "wrong"},
                headers={"X-Forwarded-For": forwarded_for},
            ).status_code
            for n in range(guesses)
        ]


@pytest.mark.parametrize(
    ("trusted", "other_client_locked"),
    [("127.0.0.1", False), ("192.0.2.99", True)],
    ids=["behind-a-trusted-proxy", "header-from-an-untrusted-sender"],
)
def test_the_login_throttle_counts_the_client_behind_a_trusted_proxy(
    tmp_path: Path, trusted: str, other_client_locked: bool
) -> None:
    """Behind a trusted proxy, one client guessing is locked out and another is not; from any
    other sender X-Forwarded-For is ignored, so a guesser cannot escape by changing it."""
    env = env_for(tmp_path) | {"NUCSEC_LOGIN_ADDRESS_MAX_FAILURES": "2"}
    subprocess.run([NUCSEC, "init"], env=env, check=True, capture_output=True)
    with serving(env, "--forwarded-allow-ips", trusted) as base:
        assert _guess_tokens(base, "203.0.113.7", 3) == [401, 401, 429]
        other = _guess_tokens(base, "203.0.113.8", 1)
        assert other == ([429] if other_client_locked else [401])
