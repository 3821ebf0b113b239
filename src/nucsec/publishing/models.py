"""A release's manifest and detached signature, kept beside the release they describe."""

from __future__ import annotations

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nucsec.access.labels import Labelled
from nucsec.db import Base


class ReleaseSignature(Labelled, Base):
    """The signed manifest of one release; its label is the release's.

    The public key travels with it, so an old release still verifies after the key is rotated,
    and a backup keeps every key a release was signed with.
    """

    __tablename__ = "release_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(
        ForeignKey("report_releases.id", ondelete="CASCADE"), unique=True
    )
    manifest: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[str | None] = mapped_column(Text)  # None: no signing key when released
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    public_key: Mapped[str | None] = mapped_column(String(200))
