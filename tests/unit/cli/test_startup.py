"""`nucsec --version` and `--help` start without importing the heavy parts of nucsec.

Checked on `sys.modules` in a fresh interpreter rather than by timing, so the test is
deterministic: a command module imported at start-up again would make every command pay for
WeasyPrint, python-docx, FastAPI and the ORM.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "weasyprint",
    "docx",
    "fastapi",
    "argon2",
    "nucsec.reports.models",
    "nucsec.reports.service",
    "nucsec.models",
    "nucsec.access.passwords",
    "nucsec.db",
    "sqlalchemy.orm",
)


def _modules_after(args: list[str]) -> tuple[int, set[str], str]:
    """Run `nucsec ARGS` in a fresh interpreter: exit code, modules loaded, stdout."""
    script = (
        "import io, json, sys, contextlib\n"
        "from nucsec.cli.main import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = main({args!r})\n"
        "print(json.dumps([code, sorted(sys.modules), out.getvalue()]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    code, modules, out = json.loads(done.stdout.splitlines()[-1])
    return code, set(modules), out


def test_version_imports_no_command_module() -> None:
    code, modules, _ = _modules_after(["--version"])
    assert code == 0
    assert sorted(m for m in HEAVY if m in modules) == []
    assert sorted(m for m in modules if m.startswith("nucsec.cli.") and m != "nucsec.cli.main") == [
        "nucsec.cli.output"
    ]


def test_help_still_lists_every_command() -> None:
    from nucsec.cli.main import COMMANDS

    code, _, out = _modules_after(["--help"])
    assert code == 0
    listed = {line.split()[1] for line in out.splitlines() if line.startswith("│ ")}
    assert {"init", "demo", "serve", *COMMANDS} <= listed


def test_importing_passwords_hashes_nothing() -> None:
    """The argon2 hasher is made on first use: importing the module must not load argon2."""
    script = "import sys, nucsec.access.passwords; print('argon2' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
