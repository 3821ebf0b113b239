"""Every foreign key has an index that starts with its columns, on SQLite and PostgreSQL.

Lists of a state's records filter on the key and a deleted parent cascades through it: without
an index both are full scans of the child table, which grows with every state.
"""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from nucsec.db import Base


def _leading_columns(engine: Engine, table: str) -> list[list[str]]:
    """Column lists of every index, unique constraint and primary key of `table`."""
    inspector = inspect(engine)
    found = [list(ix["column_names"]) for ix in inspector.get_indexes(table)]
    found += [list(uq["column_names"]) for uq in inspector.get_unique_constraints(table)]
    found.append(list(inspector.get_pk_constraint(table)["constrained_columns"]))
    return found


def test_every_foreign_key_has_an_index(engine: Engine) -> None:
    missing = []
    for table in Base.metadata.sorted_tables:
        covered = _leading_columns(engine, table.name)
        for fk in table.foreign_key_constraints:
            columns = [c.name for c in fk.columns]
            if not any(cols[: len(columns)] == columns for cols in covered):
                missing.append(f"{table.name}({', '.join(columns)})")
    assert missing == []
