"""state region and source

Revision ID: 0019
Revises: 0015
Create Date: 2026-11-25 21:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("states", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("source", sa.String(length=1000), nullable=True))
        batch_op.create_index(batch_op.f("ix_states_region"), ["region"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("states", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_states_region"))
        batch_op.drop_column("source")
        batch_op.drop_column("region")
