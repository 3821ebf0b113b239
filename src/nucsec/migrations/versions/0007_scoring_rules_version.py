"""scoring rules version on published figures

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 19:30:00

Figures approved before rules version 2 keep the version they were computed with (1); the
scores of item assessments are recomputed from the records, so no other data changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite cannot roll DDL back: when a later revision of the same run refuses to go on, this
    # column stays while the version does not move, so the next run must not add it again.
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("score_releases")}
    if "rules_version" in columns:
        return
    with op.batch_alter_table("score_releases") as batch:
        batch.add_column(
            sa.Column("rules_version", sa.Integer(), server_default="1", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("score_releases") as batch:
        batch.drop_column("rules_version")
