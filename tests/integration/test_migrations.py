"""Migrations build the whole schema from nothing, on SQLite and PostgreSQL, and go back down."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from nucsec.db import Base, downgrade, migrate


def test_upgrade_creates_every_table_and_downgrade_removes_them(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) & set(Base.metadata.tables) == set()
    migrate(engine)
    migrate(engine)  # idempotent
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_models_and_migrations_agree(engine: Engine) -> None:
    """A model change without its migration is caught here, not in production."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
