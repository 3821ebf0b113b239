"""Read commands start without the parts they do not use: Rich for JSON output, the YAML
parser once the validated pack is kept, and nothing of reports, the web app or the evidence
models' machine learning. Checked on `sys.modules` in a fresh interpreter (deterministic)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NEVER = (
    "weasyprint",
    "docx",
    "fastapi",
    "numpy",
    "sentence_transformers",
    "argon2",
    "nucsec.reports.service",
    "nucsec.evidence.service",
    "nucsec.assessments.service",
    "nucsec.improvement.service",
)


def _run(args: list[str], env: dict[str, str]) -> tuple[int, set[str]]:
    script = (
        "import io, json, sys, contextlib\n"
        "from nucsec.cli.main import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    code = main({args!r})\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    code, modules = json.loads(done.stdout.splitlines()[-1])
    return code, set(modules)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("startup")
    out = dict(os.environ)
    out["NUCSEC_DATABASE_URL"] = f"sqlite:///{folder / 'nucsec.db'}"
    out["NUCSEC_DATA_DIR"] = str(folder / "data")
    out["NUCSEC_SECRET_KEY"] = "startup-test-key"
    subprocess.run(
        [str(Path(sys.executable).with_name("nucsec")), "init"],
        env=out,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


def test_state_list_as_json_imports_neither_rich_nor_yaml(env: dict[str, str]) -> None:
    _run(["state", "list", "--format", "json"], env)  # keeps the validated pack
    assert list(Path(env["NUCSEC_DATA_DIR"], "cache").glob("pack-*.pickle"))
    code, modules = _run(["state", "list", "--format", "json"], env)
    assert code == 0
    assert sorted(m for m in ("rich", "yaml", *NEVER) if m in modules) == []


def test_score_imports_no_service_it_does_not_use(env: dict[str, str]) -> None:
    code, modules = _run(["score", "--state", "XX", "--format", "json"], env)
    assert code == 1  # no such state: one line, the exit code of an error
    assert "nucsec.improvement.figures" in modules
    assert sorted(m for m in NEVER if m in modules) == []
