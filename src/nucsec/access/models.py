"""Tables of users, API tokens, login throttling and the hash-chained audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nucsec.access.labels import Labelled
from nucsec.db import Base, utcnow


class User(Base):
    __tablename__ = "users"
    __audit_key__ = "username"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    clearance: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    agency: Mapped[str | None] = mapped_column(String(100))
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Every session cookie, access token and API token names the generation it was issued in;
    # logout, a password, role or clearance change and disabling move it on, ending them all.
    session_generation: Mapped[int] = mapped_column(Integer, default=0)


class ApiToken(Base):
    """A long-lived token for automation; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked: Mapped[bool] = mapped_column(default=False)


class LoginThrottle(Base):
    """Failed logins per key: `user:<name>` (known or not, so throttling reveals nothing) and
    `addr:<client address>`. Counted by one atomic upsert, so parallel attempts all count."""

    __tablename__ = "login_throttle"
    __audited__ = False

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Labelled, Base):
    """One write. `entry_hash` is an HMAC over every field and the previous entry's hash (a
    keyed chain). `label` is that of the record it touches, so the visibility rule hides an
    entry from whoever may not see the record; `origin` says who ran a command-line write."""

    __tablename__ = "audit_entries"
    __audited__ = False

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(100))
    before_hash: Mapped[str | None] = mapped_column(String(64))
    after_hash: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The last entry's sequence and hash, so that deleting the newest entries is detected too."""

    __tablename__ = "audit_head"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    last_hash: Mapped[str] = mapped_column(String(64))
