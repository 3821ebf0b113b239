"""`nucsec serve` in a subprocess on a free port, against the test database of a backend."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import Engine

from tests.integration.test_serve import free_port, stop, wait_for

NUCSEC = str(Path(sys.executable).with_name("nucsec"))


def server_env(engine: Engine, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["NUCSEC_DATABASE_URL"] = engine.url.render_as_string(hide_password=False)
    env["NUCSEC_DATA_DIR"] = str(data_dir)
    # the test run's own key: the server extends the audit chain the tests wrote with it
    env.setdefault("NUCSEC_SECRET_KEY", "live-test-secret")
    return env


@contextmanager
def live_server(engine: Engine, data_dir: Path) -> Iterator[str]:
    """The base URL of a running server; stopped (its process group) on exit.

    Its output goes to a file: a pipe nobody reads fills up after a few hundred logged
    requests, and the server then blocks on its next log line.
    """
    port = free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    log = (data_dir / "server.log").open("w")
    proc = subprocess.Popen(
        [NUCSEC, "serve", "--port", str(port)],
        env=server_env(engine, data_dir),
        text=True,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", proc)
        yield base
    finally:
        stop(proc)
        log.close()
