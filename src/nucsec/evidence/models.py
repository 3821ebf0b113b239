"""Evidence records of a state, and their links to item assessments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nucsec.access.labels import Labelled
from nucsec.db import Base, utcnow

EVIDENCE_KINDS = (
    "law", "regulation", "licence_requirement", "annual_report", "report", "training_record",
    "press_release", "other",
)  # fmt: skip


class Evidence(Labelled, Base):
    """A document or record; `ref` (e.g. EV-0003) is its stable, state-scoped name in files."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("state_id", "ref", name="uq_evidence_state_ref"),)
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
