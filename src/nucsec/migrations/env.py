"""Alembic environment: runs against the engine nucsec passes in, or the configured database."""

from __future__ import annotations

from alembic import context

import nucsec.models  # noqa: F401  (registers every table on Base.metadata)
from nucsec.config import get_settings
from nucsec.db import Base, make_engine

engine = context.config.attributes.get("engine") or make_engine(
    get_settings().resolved_database_url
)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
