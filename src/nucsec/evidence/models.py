"""Evidence records of a state, and their links to item assessments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from nucsec.access.labels import Labelled
from nucsec.db import Base, utcnow

EVIDENCE_KINDS = (
    "law", "regulation", "licence_requirement", "annual_report", "report", "training_record",
    "press_release", "other",
)  # fmt: skip


# What PostgreSQL's full-text index of a record covers (`evidence.search` queries the same).
EVIDENCE_TEXT = (
    "coalesce(title, '') || ' ' || coalesce(publisher, '') || ' ' || coalesce(summary, '')"
)


class Evidence(Labelled, Base):
    """A document or record; `ref` (e.g. EV-0003) is its stable, state-scoped name in files."""

    __tablename__ = "evidence"
    __table_args__ = (
        UniqueConstraint("state_id", "ref", name="uq_evidence_state_ref"),
        Index(
            "ix_evidence_fulltext",
            text(f"to_tsvector('english', {EVIDENCE_TEXT})"),
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
    )
    __audit_key__ = "ref"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    publisher: Mapped[str | None] = mapped_column(String(200))
    published_on: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(1000))
    sha256: Mapped[str | None] = mapped_column(String(64))
    summary: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it as is)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EvidenceLink(Base):
    """Evidence backing one item assessment. Loaded only through visible evidence."""

    __tablename__ = "evidence_links"

    item_assessment_id: Mapped[int] = mapped_column(
        ForeignKey("item_assessments.id", ondelete="CASCADE"), primary_key=True
    )
    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class EvidenceFile(Labelled, Base):
    """A file attached to an evidence record. Its bytes live once per content under the data
    folder (`files/ab/cdef…`, named by sha256); the label is always the record's label."""

    __tablename__ = "evidence_files"
    __audit_key__ = "sha256"

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    media_type: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(300))
    pages: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EvidencePassage(Labelled, Base):
    """A paragraph-sized piece of a stored file's text, with its page (PDF) for citing it.

    Not audited one by one (a report has thousands): the file row's audit entry covers them.
    """

    __tablename__ = "evidence_passages"
    __table_args__ = (
        Index(
            "ix_evidence_passages_fulltext",
            text("to_tsvector('english', text)"),
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
    )
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_files.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int]
    page: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text)


SEARCH_TABLES = ("evidence_fts", "evidence_passages_fts")
"""SQLite FTS5 tables (and their shadow tables, named after them) kept by triggers."""
SEARCH_INDEXES = ("ix_evidence_fulltext", "ix_evidence_passages_fulltext")
"""PostgreSQL GIN indexes: expressions that the server spells its own way when reflected."""


def is_search_index(name: str | None, type_: str) -> bool:
    """Whether a schema object is the full-text index, which model comparison cannot judge."""
    if name is None:
        return False
    if type_ == "table":
        return name.startswith(SEARCH_TABLES)
    return type_ == "index" and name in SEARCH_INDEXES


PROPOSAL_STATES = ("proposed", "accepted", "rejected")


class EvidenceProposal(Labelled, Base):
    """A passage of an evidence document that mapping says evidences an item, until reviewed.

    It carries its evidence's label, so it is seen exactly by those who may see the evidence.
    """

    __tablename__ = "evidence_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    page: Mapped[int | None] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    item_id: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    why: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
