"""score cache: computed scores per assessment, keyed by everything they depend on

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-26 00:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "score_cache",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=64), nullable=False),
        sa.Column("head_seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("scores", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_score_cache_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "basis", name=op.f("pk_score_cache")),
    )
    with op.batch_alter_table("score_cache", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_cache_head_seq"), ["head_seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("score_cache", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_cache_head_seq"))
    op.drop_table("score_cache")
