"""evidence proposals: passages mapped to framework items, awaiting review

Revision ID: 0018
Revises: 0015
Create Date: 2026-11-25 21:55:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evidence_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("why", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_evidence_proposals_evidence_id_evidence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_proposals")),
    )
    with op.batch_alter_table("evidence_proposals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evidence_proposals_evidence_id"), ["evidence_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_evidence_proposals_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("evidence_proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_proposals_state"))
        batch_op.drop_index(batch_op.f("ix_evidence_proposals_evidence_id"))
    op.drop_table("evidence_proposals")
