"""schemathesis against a live server with a signed-in token: no 5xx, answers as documented.

Bounded: `NUCSEC_TEST_SCHEMATHESIS_EXAMPLES` examples per operation (default 25), one seed, the
examples and fuzzing phases (no coverage or stateful phase), report rendering left to its own
tests, so one backend takes well under a minute. Signed in as the demo coordinator
(not admin: an admin fuzzing /users could disable itself halfway and turn the rest into 401s).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine

from tests.integration.liveserver import NUCSEC, live_server, server_env

pytestmark = pytest.mark.slow
SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))
EXAMPLES = os.environ.get("NUCSEC_TEST_SCHEMATHESIS_EXAMPLES", "25")
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    )
)


def test_schemathesis_finds_no_5xx_and_no_undocumented_answer(engine: Engine, tmp_path: Path):
    data = tmp_path / "data"
    subprocess.run([NUCSEC, "demo"], env=server_env(engine, data), check=True, capture_output=True)
    with live_server(engine, data) as base:
        token = httpx.post(
            f"{base}/api/v1/auth/token", data={"username": "amina", "password": "nucsec-demo"}
        ).json()["access_token"]
        run = subprocess.run(
            [
                SCHEMATHESIS,
                "run",
                f"{base}/api/v1/openapi.json",
                "--header",
                f"Authorization: Bearer {token}",
                "--checks",
                CHECKS,
                "--max-examples",
                EXAMPLES,
                "--seed",
                "869",
                "--phases",
                "examples,fuzzing",
                "--mode",
                "positive",
                "--request-timeout",
                "60",
                "--generation-database",
                "none",
                "--continue-on-failure",
                # rendering every report format per example would take most of the budget;
                # reports have their own tests, and signing out would end the token mid-run
                "--exclude-path-regex",
                "/reports/|/oscal|/auth/logout",
            ],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=600,
        )
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
