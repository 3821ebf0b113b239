"""Database engine, sessions and migrations (SQLite by default, PostgreSQL for servers)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sqlalchemy import MetaData, create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from nucsec.access.principal import Principal
from nucsec.access.visibility import PRINCIPAL_KEY

if TYPE_CHECKING:
    from alembic.config import Config

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


SQLITE_BUSY_MS = 15000  # a writer waits this long for another's lock before giving up


def utcnow() -> datetime:
    return datetime.now(UTC)


def make_engine(url: str) -> Engine:
    """An engine with SQLite made safe for a small web server (WAL, foreign keys, busy timeout)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _create_private(Path(parsed.database))
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _create_private(path: Path) -> None:
    """Create the SQLite file readable by its owner only (0600) before SQLite opens it: SQLite
    would create it with the umask (often world-readable) and gives its -wal and -shm files the
    same mode as the database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


@event.listens_for(Session, "before_flush")
def _strip_nul(session: Session, _context: Any, _instances: Any) -> None:
    """Drop NUL characters from text before it is written: PostgreSQL refuses them, so a record
    holding one could be written on SQLite but never restored into PostgreSQL. (The web server
    refuses such input outright; this covers files and the CLI.)"""
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            value = state.dict.get(attr.key)
            if isinstance(value, str) and "\x00" in value:
                setattr(obj, attr.key, value.replace("\x00", ""))


_FACTORIES: WeakKeyDictionary[Engine, sessionmaker[Session]] = WeakKeyDictionary()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """The engine's one session factory. A `sessionmaker` makes a Session subclass, and each new
    subclass copies every class-level event listener (visibility, audit): made per transaction,
    that cost a web request more than some of its queries."""
    factory = _FACTORIES.get(engine)
    if factory is None:
        import nucsec.models  # noqa: F401  (every table, and the visibility and audit hooks)

        factory = _FACTORIES[engine] = sessionmaker(engine, expire_on_commit=False)
    return factory


@contextmanager
def transaction(engine: Engine, principal: Principal) -> Iterator[Session]:
    """One use case, one transaction, on behalf of `principal`.

    The principal decides what the session can read (access.visibility) and is the actor of
    every audit entry its writes produce (access.audit). Commits on success, rolls everything
    back on any error. A caller may also roll back midway (a refused form) and go on reading:
    the session then starts a fresh transaction.
    """
    session = session_factory(engine)()
    session.info[PRINCIPAL_KEY] = principal
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(engine: Engine) -> Config:
    # Alembic is imported here, not at the top: a read command never migrates.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files("nucsec") / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (idempotent)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(alembic_config(engine), revision)
