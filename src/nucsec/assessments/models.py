"""Assessments, item assessments, their notes, and approved (published) score releases."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nucsec.access.labels import Labelled
from nucsec.db import Base, utcnow


class Assessment(Labelled, Base):
    """A dated snapshot of a state against one framework version."""

    __tablename__ = "assessments"
    __table_args__ = (Index("ix_assessments_state_id", "state_id", "assessed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"))
    assessed_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # self | external
    title: Mapped[str] = mapped_column(String(200))
    framework_id: Mapped[str] = mapped_column(String(64))
    framework_version: Mapped[str] = mapped_column(String(32))
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    items: Mapped[list[ItemAssessment]] = relationship(
        back_populates="assessment", order_by="ItemAssessment.id", cascade="all, delete-orphan"
    )


class ItemAssessment(Labelled, Base):
    """Where the state stands on one framework item in one assessment."""

    __tablename__ = "item_assessments"
    __table_args__ = (
        UniqueConstraint("assessment_id", "item_id", name="uq_item_assessments_item"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32), default="not_started")
    demonstration: Mapped[str] = mapped_column(String(32), default="none")
    owner: Mapped[str | None] = mapped_column(String(100))
    target_date: Mapped[date | None] = mapped_column(Date)
    justification: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it as is)

    assessment: Mapped[Assessment] = relationship(back_populates="items")
    note: Mapped[ItemNote | None] = relationship(
        back_populates="item", cascade="all, delete-orphan", uselist=False
    )


class ItemNote(Labelled, Base):
    """The free-text note of an item assessment, with its own label: a note that describes a
    vulnerability is SENSITIVE while the item's status stays OFFICIAL."""

    __tablename__ = "item_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_assessment_id: Mapped[int] = mapped_column(
        ForeignKey("item_assessments.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(Text)

    item: Mapped[ItemAssessment] = relationship(back_populates="note")


class ScoreRelease(Labelled, Base):
    """Figures of an assessment approved for publication, frozen at approval (label PUBLIC)."""

    __tablename__ = "score_releases"
    __table_args__ = (Index("ix_score_releases_state_id", "state_id", "assessed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"))
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessments.id", ondelete="SET NULL"), index=True
    )
    assessed_on: Mapped[date] = mapped_column(Date)
    figures: Mapped[dict] = mapped_column(JSON)
    # The scoring rules the figures were computed with: frozen figures keep their version.
    rules_version: Mapped[int] = mapped_column(default=1, server_default="1")
    approved_by: Mapped[str] = mapped_column(String(64))
    approved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
