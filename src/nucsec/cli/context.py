"""Open the configured database for a command, refusing one that is not initialised."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cache

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from nucsec.access import service as access
from nucsec.access.principal import SYSTEM, cli_principal
from nucsec.config import get_settings
from nucsec.db import alembic_config, make_engine, transaction
from nucsec.errors import NucsecError


@cache
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def raw_engine() -> Engine:
    return _engine_for(get_settings().resolved_database_url)


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def ready_engine() -> Engine:
    """The engine of an initialised, up-to-date database, or a clear error saying what to run."""
    engine = raw_engine()
    current, head = current_revision(engine), head_revision(engine)
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
        with transaction(engine, SYSTEM) as session:
            user = access.get_user(session=session, username=as_user)
            if user.disabled:
                raise NucsecError(f"user {user.username!r} is disabled")
            # Audited as the user, with the operator who ran the command beside them.
            principal = replace(access.principal_for(user), origin=principal.origin)
    with transaction(engine, principal) as session:
        yield session
