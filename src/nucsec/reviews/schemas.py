"""Input and output shapes of reviews and findings."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from nucsec.access.labels import Label
from nucsec.validation import MAX_ID, IdList, IdText, LongText, RecordId, ShortText

DueWithin = Annotated[int, Field(ge=0, le=36600, description="Days ahead (at most a century).")]


class ReviewCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: IdText
    kind: IdText
    title: str | None = Field(default=None, max_length=200)
    started_on: date
    ended_on: date | None = None
    items: IdList = Field(default_factory=list, description="Framework items in scope.")
    modules: IdList = Field(default_factory=list, description="IPPAS modules in scope.")
    team: ShortText | None = None
    report_ref: str | None = Field(default=None, max_length=200)
    follows: RecordId | None = Field(default=None, description="The review this one follows up.")
    label: Label | None = Field(default=None, description="Default: the pack's (SENSITIVE).")


class ReviewPublic(BaseModel):
    id: int
    state: IdText
    kind: IdText
    title: str
    started_on: date
    ended_on: date
    items: list[str]
    modules: list[str]
    team: str | None
    report_ref: str | None
    follows: int | None
    label: Label


class ReviewChoice(BaseModel):
    id: int
    title: str


class FindingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    review: RecordId
    kind: IdText
    text: LongText = Field(min_length=1)
    ref: str | None = Field(default=None, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
    items: IdList = Field(default_factory=list)
    public_summary: LongText | None = None
    owner: str | None = Field(default=None, max_length=100)
    actions: LongText | None = None
    due_on: date | None = None
    shared: bool = False
    label: Label | None = Field(default=None, description="Default: the review's label.")


class FindingUpdate(BaseModel):
    """Change a finding's action plan, and optionally move its status."""

    model_config = ConfigDict(extra="forbid")

    status: IdText | None = None
    reason: LongText | None = Field(default=None, description="Why it is not accepted.")
    verified_by: RecordId | None = Field(
        default=None, description="The later review that verified."
    )
    on: date | None = Field(default=None, description="When the move happened (default today).")
    note: ShortText | None = Field(default=None, description="A word for the history.")
    owner: str | None = Field(default=None, max_length=100)
    actions: LongText | None = None
    due_on: date | None = None
    items: IdList | None = None
    public_summary: LongText | None = None
    shared: bool | None = Field(default=None, description="Give true or false; null is refused.")
    version: int | None = Field(
        default=None,
        ge=1,
        le=MAX_ID,
        description="The version you read; if the record changed since, the edit gets 409.",
    )

    @field_validator("shared")
    @classmethod
    def _not_null(cls, value: bool | None) -> bool:
        if value is None:  # only reached when null is sent: an omitted field is not validated
            raise ValueError("must be true or false")
        return value


class FindingPublic(BaseModel):
    id: int
    review: int
    review_title: str
    ref: str
    kind: str
    text: str
    items: list[str]
    public_summary: str | None
    summary_published: bool
    status: str
    owner: str | None
    actions: str | None
    due_on: date | None
    overdue: bool
    reason: str | None
    implemented_on: date | None
    verified_on: date | None
    verified_by: int | None
    shared: bool
    label: Label
    version: int = Field(description="Send it back with an edit (optimistic concurrency).")


class ReviewWithFindings(ReviewPublic):
    """A review and the findings of it the caller may see."""

    findings: list[FindingPublic]


class PublishedSummaryPublic(BaseModel):
    """A finding's approved public summary, as the public report publishes it."""

    review_kind: str
    review_year: int
    kind: str
    text: str
    status: str


class SummaryApproval(BaseModel):
    """A finding's public summary, approved: it is now published."""

    finding: int
    text: str
    status: str
