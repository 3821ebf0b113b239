"""Input and output shapes of users and tokens."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from nucsec.access.labels import Label
from nucsec.access.principal import Role


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=2, max_length=64)
    role: Role
    clearance: Label
    password: str = Field(repr=False, max_length=1024)
    agency: str | None = Field(default=None, max_length=100, description="e.g. Police")

    @field_validator("username")
    @classmethod
    def _username_shape(cls, value: str) -> str:
        value = value.strip().lower()
        if not all(ch.isalnum() or ch in "._-" for ch in value):
            raise ValueError("user name may hold letters, digits, '.', '_' and '-' only")
        return value


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    username: str
    role: Role
    clearance: Label
    agency: str | None = None
    disabled: bool
    created_at: datetime


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105  (the OAuth2 token type, not a secret)
    expires_in: int


class AuditEntryPublic(BaseModel):
    """One audit entry as a reader sees it. The position and hashes are present only for a
    reader who sees every entry: their gaps would count the entries hidden from the others."""

    at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    detail: str | None = None
    label: Label
    origin: str | None = None
    seq: int | None = None
    before_hash: str | None = None
    after_hash: str | None = None
    prev_hash: str | None = None
    entry_hash: str | None = None


class AuditLogPublic(BaseModel):
    """A page of the log, newest first, with the verdict on the whole chain."""

    intact: bool
    problem: str | None
    checked: int | None = Field(description="Entries verified; only for a reader who sees all.")
    total: int | None = Field(
        default=None, description="Entries you may see that match the filters, on every page."
    )
    entries: list[AuditEntryPublic]
