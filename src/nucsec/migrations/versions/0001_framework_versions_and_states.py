"""framework versions and states

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 15:00:10.263536
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "framework_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework_versions")),
        sa.UniqueConstraint("pack_id", "version", name="uq_framework_versions_pack"),
    )
    op.create_table(
        "states",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("power_reactors", sa.Boolean(), nullable=False),
        sa.Column("research_reactors", sa.Boolean(), nullable=False),
        sa.Column("fuel_cycle_facilities", sa.Boolean(), nullable=False),
        sa.Column("material_categories", sa.JSON(), nullable=False),
        sa.Column("radioactive_sources", sa.Boolean(), nullable=False),
        sa.Column("transport", sa.Boolean(), nullable=False),
        sa.Column("subscribed_on", sa.Date(), nullable=True),
        sa.Column("maturity", sa.String(length=32), nullable=False),
        sa.Column("framework_id", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_states")),
        sa.UniqueConstraint("code", name=op.f("uq_states_code")),
    )


def downgrade() -> None:
    op.drop_table("states")
    op.drop_table("framework_versions")
