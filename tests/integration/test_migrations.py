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

    from nucsec.evidence.models import SEARCH_INDEXES, SEARCH_TABLES, is_search_index

    def modelled(name: str | None, type_: str, _parent: object) -> bool:
        return not is_search_index(name, type_)  # checked below instead

    def modelled_object(_obj: object, name: str | None, type_: str, *_: object) -> bool:
        return modelled(name, type_, None)

    with engine.connect() as conn:
        opts = {"include_name": modelled, "include_object": modelled_object}
        context = MigrationContext.configure(conn, opts=opts)
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    inspector = inspect(engine)
    if engine.dialect.name == "postgresql":
        found = {
            ix["name"] for t in ("evidence", "evidence_passages") for ix in inspector.get_indexes(t)
        }
        assert set(SEARCH_INDEXES) <= found
    else:  # a later batch migration of `evidence` (a table copy) would drop the triggers
        assert set(SEARCH_TABLES) <= set(inspector.get_table_names())
        with engine.connect() as conn:
            triggers = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")
            names = {row[0] for row in triggers}
        assert {f"{t}_{e}" for t in SEARCH_TABLES for e in ("insert", "delete", "update")} <= names


def test_figures_published_before_rules_v2_keep_version_1(engine: Engine) -> None:
    """Migration 0007 keeps existing releases and marks them with the rules they used."""
    from sqlalchemy import text

    downgrade(engine, "0006")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO states (id, code, name, power_reactors, research_reactors, "
                "fuel_cycle_facilities, material_categories, radioactive_sources, transport, "
                "maturity, framework_id, label, created_at, updated_at) VALUES (1, 'XQ', 'Q', "
                "false, false, false, '[]', true, false, 'new', 'infcirc869', 'PUBLIC', "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO score_releases (state_id, assessed_on, figures, approved_by, "
                "approved_at, label) VALUES (1, '2025-01-01', '{\"overall\": 29.0}', 'amina', "
                "CURRENT_TIMESTAMP, 'PUBLIC')"
            )
        )
    migrate(engine)
    with engine.connect() as conn:
        kept = conn.execute(text("SELECT rules_version, figures FROM score_releases")).all()
    assert len(kept) == 1 and kept[0][0] == 1
    assert "29.0" in str(kept[0][1])
