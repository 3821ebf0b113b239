"""`nucsec report public --format pdf` loads what a public PDF needs and nothing else: not the
web app, the machine learning of evidence mapping, the other reports, DOCX or the password
hasher. Checked on `sys.modules` in a fresh interpreter (deterministic), on the demo state.
(WeasyPrint loads here or in the helper process, as the machine's load decides: see
`reports/layout_process.py` and its tests.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NEVER = (
    "fastapi",
    "starlette",
    "uvicorn",
    "alembic",
    "numpy",
    "torch",
    "sentence_transformers",
    "docx",
    "cairosvg",
    "pypdf",
    "argon2",
    "nucsec.web",
    "nucsec.access.passwords",
    "nucsec.evidence.mapping",
    "nucsec.publishing.keys",
    "nucsec.reports.consolidated",
    "nucsec.reports.internal",
    "nucsec.reports.legal_framework",
    "nucsec.reports.docx_renderer",
    "nucsec.reports.oscal",
)
NUCSEC = str(Path(sys.executable).with_name("nucsec"))


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("report-startup")
    out = dict(os.environ)
    out["NUCSEC_DATABASE_URL"] = f"sqlite:///{folder / 'nucsec.db'}"
    out["NUCSEC_DATA_DIR"] = str(folder / "data")
    out["NUCSEC_SECRET_KEY"] = "startup-test-key"
    for command in ("init", "demo"):
        subprocess.run([NUCSEC, command], env=out, check=True, capture_output=True, timeout=300)
    return out


@pytest.mark.slow
def test_public_pdf_loads_no_module_it_does_not_use(env: dict[str, str], tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    out = tmp_path / "public.pdf"
    args = ["report", "public", "--state", "XD", "--format", "pdf", "-o", str(out)]
    script = (
        "import contextlib, io, json, sys\n"
        "from nucsec.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({args!r})\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    code, modules = json.loads(done.stdout.splitlines()[-1])
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert [n for n in NEVER if n in modules] == []  # a package's modules load the package
