"""What the API and the command line show of a report release."""

from __future__ import annotations

from pydantic import BaseModel, Field

from nucsec.access.labels import Label


class ReleaseFileInfo(BaseModel):
    """One rendered file of a release: its hash and size (the bytes are downloaded apart)."""

    sha256: str
    size: int


class ReleasePublic(BaseModel):
    """A released report as listed: who approved it, when, what changed, and its files."""

    id: int
    kind: str
    label: Label
    level: Label | None = Field(description="The release level of a levelled report.")
    approved_by: str
    approved_at: str = Field(description="ISO 8601, UTC.")
    changes: list[str]
    files: dict[str, ReleaseFileInfo] = Field(description="By format: pdf, docx, html, md, json.")
