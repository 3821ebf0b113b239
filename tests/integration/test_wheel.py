"""What users install: the built wheel, in a fresh virtual environment, renders every report.

An editable install reads data files from the source tree, so a file missing from the package
data (the report template once was) only shows up here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "nucsec"

# Runs inside the installed environment: every report kind in every format, from the demo data.
RENDER_ALL = """
import sys
from datetime import date
from pathlib import Path

import nucsec
from nucsec.access.labels import Label
from nucsec.access.principal import Principal, Role
from nucsec.config import get_settings
from nucsec.db import make_engine
from nucsec.reports import service
from nucsec.reports.renderers import RENDERERS

assert "site-packages" in nucsec.__file__, nucsec.__file__
engine = make_engine(get_settings().resolved_database_url)
who = Principal("amina", Role.coordinator, Label.SENSITIVE)
out = Path(sys.argv[1])
for kind in service.BUILDERS:
    for fmt in RENDERERS:
        _, content = service.generate(
            engine=engine, kind=kind, state_code="XD", fmt=fmt, principal=who,
            today=date(2026, 11, 25),
        )
        assert len(content) > 500, (kind, fmt)
        (out / f"{kind}.{fmt}").write_bytes(content)
        print(kind, fmt, len(content))
"""


def _data_files() -> set[str]:
    """Every file of the package that is not Python source: what package data must carry."""
    return {
        str(p.relative_to(PACKAGE.parent))
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }


def _run(args: list[str], env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{args[:3]}: {done.stderr[-2000:]}"
    return done.stdout


@pytest.mark.slow
@pytest.mark.xdist_group("alone")  # pip builds and installs: never beside the twenty writers
def test_wheel_in_a_fresh_venv_renders_every_report_in_every_format(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    # Built from a copy: setuptools reuses a build/ folder left in the tree, which would hide
    # a file missing from the package data.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    dist = tmp_path / "dist"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
        env,
        tmp_path,
    )
    (wheel,) = dist.glob("nucsec-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = _data_files() - names
    assert not missing, f"data files left out of the wheel: {sorted(missing)}"

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], env, tmp_path)
    bin_dir = venv / "bin"
    # The wheel with its dependencies, resolved by pip from the configured index.
    _run([str(bin_dir / "pip"), "install", "-q", str(wheel)], env, tmp_path)

    env |= {
        "NUCSEC_DATABASE_URL": f"sqlite:///{tmp_path / 'nucsec.db'}",
        "NUCSEC_DATA_DIR": str(tmp_path / "data"),
    }
    _run([str(bin_dir / "nucsec"), "init"], env, tmp_path)
    _run([str(bin_dir / "nucsec"), "demo"], env, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    script = tmp_path / "render_all.py"
    script.write_text(RENDER_ALL)
    printed = _run([str(bin_dir / "python"), str(script), str(out)], env, tmp_path)
    assert "public pdf" in printed and "consolidated docx" in printed
    assert (out / "public.pdf").read_bytes().startswith(b"%PDF")
    # The command a user types, from the installed entry point.
    _run(
        [str(bin_dir / "nucsec"), "report", "public", "--state", "XD", "-f", "html", "-o", "p.htm"],
        env,
        tmp_path,
    )
    assert b"<h1>" in (tmp_path / "p.htm").read_bytes()
