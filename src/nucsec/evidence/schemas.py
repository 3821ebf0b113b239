"""Input and output shapes of evidence records."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from nucsec.access.labels import DEFAULT_LABEL, Label
from nucsec.evidence.models import EVIDENCE_KINDS
from nucsec.validation import IdText, LongText


class EvidenceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=300)
    kind: IdText = "other"
    publisher: str | None = Field(default=None, max_length=200)
    published_on: date | None = None
    url: str | None = Field(default=None, max_length=1000)
    summary: LongText | None = None
    label: Label = DEFAULT_LABEL

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in EVIDENCE_KINDS:
            raise ValueError(f"unknown kind {value!r}; use one of {', '.join(EVIDENCE_KINDS)}")
        return value


class EvidencePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    ref: str
    title: str
    kind: str
    publisher: str | None
    published_on: date | None
    url: str | None
    sha256: str | None
    summary: str | None
    label: Label
