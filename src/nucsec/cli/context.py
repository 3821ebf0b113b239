"""Open the configured database for a command, refusing one that is not initialised."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from importlib.resources import files

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from nucsec.access.principal import SYSTEM, cli_principal
from nucsec.config import get_settings
from nucsec.db import alembic_config, make_engine, transaction
from nucsec.errors import NucsecError


@cache
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def raw_engine() -> Engine:
    return _engine_for(get_settings().resolved_database_url)


_REVISION = re.compile(r"^(down_revision|revision)\b[^=]*=\s*(?:\"([^\"]*)\"|'([^']*)'|None)", re.M)


@cache
def head_revision() -> str | None:
    """The newest migration, read from the migration files' `revision` and `down_revision`
    lines: loading alembic's script directory costs most of a read command's start-up. Any
    shape the quick reading does not settle (a branch, no files) is left to alembic."""
    chain: dict[str, str | None] = {}
    for path in (files("nucsec") / "migrations" / "versions").iterdir():
        if not path.name.endswith(".py"):
            continue
        found = {m[0]: m[1] or m[2] or None for m in _REVISION.findall(path.read_text("utf-8"))}
        revision = found.get("revision")
        if not revision:
            return _alembic_head()
        chain[revision] = found.get("down_revision")
    heads = set(chain) - set(chain.values())
    return heads.pop() if len(heads) == 1 else _alembic_head()


def _alembic_head() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(raw_engine())).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database records, or None for a database never initialised."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.scalar(text("SELECT version_num FROM alembic_version"))


def ready_engine() -> Engine:
    """The engine of an initialised, up-to-date database, or a clear error saying what to run."""
    engine = raw_engine()
    current, head = current_revision(engine), head_revision()
    if current is None:
        raise NucsecError("the database is not initialised: run `nucsec init` first")
    if current != head:
        raise NucsecError(
            f"the database schema is at revision {current}, nucsec needs {head}: run `nucsec init`"
        )
    return engine


@contextmanager
def cli_session(as_user: str | None = None) -> Iterator[Session]:
    """A transaction on the initialised database on behalf of the operator at the console, or
    of `as_user` (to see exactly what that user would see)."""
    engine = ready_engine()
    principal = cli_principal()
    if as_user:
        from nucsec.access import service as access  # passwords and tokens: only for --as

        with transaction(engine, SYSTEM) as session:
            user = access.get_user(session=session, username=as_user)
            if user.disabled:
                raise NucsecError(f"user {user.username!r} is disabled")
            # Audited as the user, with the operator who ran the command beside them.
            principal = replace(access.principal_for(user), origin=principal.origin)
    with transaction(engine, principal) as session:
        yield session
