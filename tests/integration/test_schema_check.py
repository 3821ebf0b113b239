"""Read commands check the schema revision without loading alembic, and still refuse a
database whose schema is older than the code."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory

from nucsec.cli.context import head_revision
from nucsec.db import alembic_config, make_engine, migrate


def test_the_quick_head_is_alembics_head(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'any.db'}")
    expected = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head_revision() == expected


def test_a_read_command_refuses_an_old_schema(fresh_cli, tmp_path: Path) -> None:
    assert fresh_cli("state", "list").err.count("not initialised") == 1
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    migrate(engine, "0011")
    engine.dispose()
    old = fresh_cli("state", "list")
    assert old.code != 0
    assert f"schema is at revision 0011, nucsec needs {head_revision()}" in old.err
    assert "Traceback" not in old.err
    assert fresh_cli("init").code == 0
    assert fresh_cli("state", "list").code == 0
