"""evidence files, passages and full-text search

Revision ID: 0017
Revises: 0015
Create Date: 2026-11-25 21:40:00

SQLite gets FTS5 tables over evidence records and passages, kept current by triggers (so a
restore's plain inserts are indexed too); PostgreSQL gets GIN indexes on the same text.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVIDENCE_DOCUMENT = (
    "coalesce(title, '') || ' ' || coalesce(publisher, '') || ' ' || coalesce(summary, '')"
)

SQLITE_UP = [
    "CREATE VIRTUAL TABLE evidence_fts USING fts5(title, publisher, summary, "
    "content='evidence', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN "
    "INSERT INTO evidence_fts(rowid, title, publisher, summary) "
    "VALUES (new.id, new.title, new.publisher, new.summary); END",
    "CREATE TRIGGER evidence_fts_delete AFTER DELETE ON evidence BEGIN "
    "INSERT INTO evidence_fts(evidence_fts, rowid, title, publisher, summary) "
    "VALUES ('delete', old.id, old.title, old.publisher, old.summary); END",
    "CREATE TRIGGER evidence_fts_update AFTER UPDATE OF title, publisher, summary ON evidence "
    "BEGIN INSERT INTO evidence_fts(evidence_fts, rowid, title, publisher, summary) "
    "VALUES ('delete', old.id, old.title, old.publisher, old.summary); "
    "INSERT INTO evidence_fts(rowid, title, publisher, summary) "
    "VALUES (new.id, new.title, new.publisher, new.summary); END",
    "INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE evidence_passages_fts USING fts5(text, content='evidence_passages', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER evidence_passages_fts_insert AFTER INSERT ON evidence_passages BEGIN "
    "INSERT INTO evidence_passages_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER evidence_passages_fts_delete AFTER DELETE ON evidence_passages BEGIN "
    "INSERT INTO evidence_passages_fts(evidence_passages_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER evidence_passages_fts_update AFTER UPDATE OF text ON evidence_passages "
    "BEGIN INSERT INTO evidence_passages_fts(evidence_passages_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO evidence_passages_fts(rowid, text) VALUES (new.id, new.text); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS evidence_passages_fts_update",
    "DROP TRIGGER IF EXISTS evidence_passages_fts_delete",
    "DROP TRIGGER IF EXISTS evidence_passages_fts_insert",
    "DROP TABLE IF EXISTS evidence_passages_fts",
    "DROP TRIGGER IF EXISTS evidence_fts_update",
    "DROP TRIGGER IF EXISTS evidence_fts_delete",
    "DROP TRIGGER IF EXISTS evidence_fts_insert",
    "DROP TABLE IF EXISTS evidence_fts",
]


def upgrade() -> None:
    op.create_table(
        "evidence_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_evidence_files_evidence_id_evidence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_files")),
    )
    with op.batch_alter_table("evidence_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evidence_files_evidence_id"), ["evidence_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_evidence_files_sha256"), ["sha256"], unique=False)

    op.create_table(
        "evidence_passages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["evidence_files.id"],
            name=op.f("fk_evidence_passages_file_id_evidence_files"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_passages")),
    )
    with op.batch_alter_table("evidence_passages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_passages_file_id"), ["file_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_evidence_fulltext",
            "evidence",
            [sa.text(f"to_tsvector('english', {EVIDENCE_DOCUMENT})")],
            postgresql_using="gin",
        )
        op.create_index(
            "ix_evidence_passages_fulltext",
            "evidence_passages",
            [sa.text("to_tsvector('english', text)")],
            postgresql_using="gin",
        )
    elif op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_evidence_passages_fulltext", table_name="evidence_passages")
        op.drop_index("ix_evidence_fulltext", table_name="evidence")
    with op.batch_alter_table("evidence_passages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_passages_file_id"))
    op.drop_table("evidence_passages")
    with op.batch_alter_table("evidence_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_files_sha256"))
        batch_op.drop_index(batch_op.f("ix_evidence_files_evidence_id"))
    op.drop_table("evidence_files")
