"""Input and output shapes of evidence records."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from nucsec.access.labels import DEFAULT_LABEL, Label
from nucsec.evidence.models import EVIDENCE_KINDS, EvidenceProposal
from nucsec.validation import MAX_ID, IdText, LongText, WebAddress


class EvidenceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=300)
    kind: IdText = "other"
    publisher: str | None = Field(default=None, max_length=200)
    published_on: date | None = None
    url: WebAddress | None = None
    summary: LongText | None = None
    label: Label = DEFAULT_LABEL

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        return _known_kind(value)


class EvidenceUpdate(BaseModel):
    """A change to an evidence record; only the fields given are changed."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=300)
    kind: str | None = None
    publisher: str | None = Field(default=None, max_length=200)
    published_on: date | None = None
    url: WebAddress | None = None
    summary: str | None = None
    label: Label | None = None
    version: int | None = Field(
        default=None,
        ge=1,
        le=MAX_ID,
        description="The version you read; if the record changed since, the edit gets 409.",
    )

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str | None) -> str:
        if value is None:
            raise ValueError("must not be null")
        return _known_kind(value)

    @field_validator("title", "label")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("must not be null")
        return value


def _known_kind(value: str) -> str:
    if value not in EVIDENCE_KINDS:
        raise ValueError(f"unknown kind {value!r}; use one of {', '.join(EVIDENCE_KINDS)}")
    return value


class EvidenceFilePublic(BaseModel):
    """A stored file of a record; download it at `…/evidence/{ref}/files/{sha256}`."""

    model_config = ConfigDict(from_attributes=True)

    sha256: str
    filename: str
    media_type: str
    size: int
    title: str
    pages: int
    passages: int = Field(default=0, description="Passages of text read from the file.")
    label: Label


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
    version: int = Field(description="Send it back with an edit (optimistic concurrency).")
    files: list[EvidenceFilePublic] = Field(
        default_factory=list, description="Files stored with the record (lists only)."
    )


class ProposalState(StrEnum):
    proposed = "proposed"
    accepted = "accepted"
    rejected = "rejected"


class PassageIn(BaseModel):
    """One passage of a document, as ingestion gives it."""

    model_config = ConfigDict(extra="forbid")

    page: int | None = Field(default=None, ge=1, le=MAX_ID)
    text: str = Field(min_length=1, max_length=20_000)


class ProposeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    passages: list[PassageIn] | None = Field(
        default=None,
        min_length=1,
        max_length=5_000,
        description="Passages to map; left out, the passages of the record's stored files.",
    )
    top: int = Field(default=3, ge=1, le=10)


class ProposalPublic(BaseModel):
    """A proposed link from a passage of evidence `evidence` to a framework item."""

    id: int
    evidence: str
    page: int | None
    text: str
    item: str
    score: float
    why: dict
    state: ProposalState
    decided_by: str | None
    label: Label

    @classmethod
    def from_row(cls, row: EvidenceProposal, ref: str) -> ProposalPublic:
        return cls(
            id=row.id,
            evidence=ref,
            page=row.page,
            text=row.text,
            item=row.item_id,
            score=row.score,
            why=row.why,
            state=row.state,
            decided_by=row.decided_by,
            label=row.label,
        )
