"""Input and output shapes of assessments and item assessments."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from nucsec.access.labels import DEFAULT_LABEL, Label
from nucsec.validation import MAX_ID, IdList, IdText, LongText

AssessmentKind = Literal["self", "external"]


class AssessmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: IdText
    assessed_on: date
    kind: AssessmentKind = "self"
    title: str | None = Field(default=None, max_length=200)
    carry_forward: bool = Field(default=True, description="Start from the previous assessment.")
    label: Label = DEFAULT_LABEL


class AssessmentPublic(BaseModel):
    id: int
    state: IdText
    assessed_on: date
    kind: AssessmentKind
    title: str
    framework: str
    label: Label
    carried_from: int | None


class ItemUpdate(BaseModel):
    """A change to one item assessment; only the fields given are changed."""

    model_config = ConfigDict(extra="forbid")

    status: IdText | None = None
    demonstration: IdText | None = None
    owner: str | None = Field(default=None, max_length=100)
    target_date: date | None = None
    justification: LongText | None = None
    label: Label | None = None
    note: LongText | None = None
    note_label: Label | None = None
    evidence: IdList | None = Field(default=None, description="Evidence refs, e.g. EV-0001.")
    version: int | None = Field(
        default=None,
        ge=1,
        le=MAX_ID,
        description="The version you read; if the record changed since, the edit gets 409.",
    )


class ItemView(BaseModel):
    """An item assessment as the caller may see it (hidden notes and evidence left out)."""

    item: str
    title: str
    section: str
    commitments: list[str]
    status: str
    demonstration: str
    owner: str | None
    target_date: date | None
    justification: str | None
    label: Label
    note: str | None
    note_label: Label | None
    evidence: list[str]
    overdue: bool
    version: int = Field(description="Send it back with an edit (optimistic concurrency).")


class AssessmentDetail(AssessmentPublic):
    """An assessment with every item the caller may see."""

    items: list[ItemView]


ITEM_FIELDS = ("status", "demonstration", "owner", "target_date", "justification", "label",
               "note", "note_label", "evidence")  # fmt: skip
DEFAULT_NOTE_LABEL = DEFAULT_LABEL
