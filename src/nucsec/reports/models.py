"""Releases of published reports: the rendered files, frozen, with their sha256."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from nucsec.access.labels import Labelled
from nucsec.db import Base, utcnow


class ReportRelease(Labelled, Base):
    """A report a reviewer approved for publication; its label is the report's."""

    __tablename__ = "report_releases"
    __table_args__ = (Index("ix_report_releases_state_id", "state_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    approved_by: Mapped[str] = mapped_column(String(64))
    approved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Deferred: lists of releases show metadata only; the document is read when a release
    # is compared with the next.
    document: Mapped[dict] = mapped_column(JSON, deferred=True)
    changes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The release level asked for (PUBLIC to publish, OFFICIAL to share in confidence); the
    # label is the highest label of what the report holds, which may be lower.
    level: Mapped[str | None] = mapped_column(String(16))


class ReleaseFile(Labelled, Base):
    """One rendered format of a release, stored as the bytes that were approved."""

    __tablename__ = "release_files"
    __table_args__ = (Index("ix_release_files_release_id", "release_id", "format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("report_releases.id", ondelete="CASCADE"))
    format: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # read on download only


class ApprovalRequest(Labelled, Base):
    """A coordinator's request that a reviewer approve a report for release.

    Pending until a reviewer approves it (which makes the release) or returns it with a comment;
    it carries the state's label, so whoever may see the state may see its requests.
    """

    __tablename__ = "approval_requests"
    __table_args__ = (Index("ix_approval_requests_state_id", "state_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str | None] = mapped_column(Text)
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("report_releases.id", ondelete="SET NULL"), index=True
    )
    # The release level asked for (PUBLIC or OFFICIAL); None on requests made before levels.
    level: Mapped[str | None] = mapped_column(String(16))


class Narrative(Labelled, Base):
    """The coordinator's narrative for one section of the consolidated report, at one label.

    One per section and label: a report at a release level shows the narratives at or below it,
    so a section may say one thing in public and more in confidence.
    """

    __tablename__ = "report_narratives"
    __table_args__ = (UniqueConstraint("state_id", "section", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
