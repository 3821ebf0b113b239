"""What the API shows of figures, the roadmap, the consistency check and the improvement measures.

The services build these documents as plain dicts (pages, reports and the command line read the
same ones); the API declares their shape here, so that clients get a schema and every answer is
checked against it. Routes answer with `exclude_unset`: a key the document does not carry is
left out rather than shown as null.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from nucsec.access.labels import Label

Index = float | None
"""An index from 0 to 100, one decimal; None where nothing applicable was assessed."""


class ConfidenceParts(BaseModel):
    transparency: Index = Field(description="From PUBLIC evidence and publications.")
    assurance: Index = Field(description="From peer reviews.")


class ScoreFlag(BaseModel):
    item: str
    flag: str


class FiguresPoint(BaseModel):
    date: Date
    assessment: int | None
    overall: Index
    confidence: Index


class FiguresPublic(BaseModel):
    """A state's indices for one assessment and their trend: computed over every item for a
    caller cleared to OFFICIAL, otherwise the frozen figures a coordinator approved."""

    model_config = ConfigDict(extra="allow")  # figures approved under older rules keep theirs

    state: str
    assessment: int
    assessed_on: Date
    label: Label
    source: Literal["computed", "approved"]
    rules_version: int = 1
    overall: Index = None
    weakest_commitment: str | None = None
    commitments: dict[str, Index] = {}
    elements: dict[str, Index] = {}
    confidence: Index = None
    confidence_parts: ConfidenceParts | None = None
    demonstrated_share: Index = None
    measure_coverage: Index = None
    optional: dict[str, Index] = Field(
        default={}, description="Share of each optional action adopted (never lowers an index)."
    )
    flags: list[ScoreFlag] = []
    counts: dict[str, int] = {}
    measures: dict[str, str] | None = Field(
        default=None, description="Approved figures: the status of each confidence measure."
    )
    records: list[dict[str, Any]] | None = Field(
        default=None, description="Approved figures: competence and cooperation per year."
    )
    trend: list[FiguresPoint]


class FiguresRelease(BaseModel):
    """Figures just approved for publication (PUBLIC and frozen from now on)."""

    release: int
    assessment: int
    rules_version: int
    figures: dict[str, Any]


class Position(BaseModel):
    step: str
    title: str
    reason: str


class FindingRef(BaseModel):
    id: int
    ref: str
    review: str | None
    kind: str
    items: list[str]
    due_on: Date | None


class RoadmapAction(BaseModel):
    kind: Literal["item", "self_assessment", "peer_review", "finding"]
    item: str
    title: str
    reason: str
    step: str | None
    section: str | None
    commitments: list[str]
    status: str | None
    owner: str | None
    target_date: Date | None
    overdue: bool
    gain_weakest: float
    gain_commitment: float
    gain_overall: float
    finding: FindingRef | None


class ActivityRecord(BaseModel):
    """A cooperation activity or a review that shows an item carried out."""

    type: Literal["cooperation", "review"]
    id: int
    kind: str
    date: Date
    title: str


class FindingRecord(BaseModel):
    type: Literal["finding"]
    id: int
    ref: str
    status: str


class EvidenceRecord(BaseModel):
    type: Literal["evidence"]
    ref: str
    label: Label


Record = Annotated[ActivityRecord | FindingRecord | EvidenceRecord, Field(discriminator="type")]


class DoneInRecords(BaseModel):
    item: str
    status: str
    records: list[ActivityRecord]


class RoadmapPublic(BaseModel):
    """Where on the implementation cycle the state stands and its next actions, ranked."""

    state: str
    assessment: int | None
    position: Position
    weakest_commitment: str | None
    next_actions: list[RoadmapAction]
    overdue: list[RoadmapAction]
    done_in_records: list[DoneInRecords] = Field(
        description="Items the records show carried out while the assessment says otherwise."
    )


class CheckIssue(BaseModel):
    item: str
    kind: str
    detail: str
    records: list[Record]
    fix: dict[str, str] | None = Field(description="The item edit that resolves it, if any.")


class CheckPublic(BaseModel):
    """Contradictions between the latest assessment and the records the caller may see."""

    state: str
    issues: list[CheckIssue]


class FixDone(BaseModel):
    fixed: str


class Cadence(BaseModel):
    last: Date | None
    days_since: int | None
    months_since: int | None = None
    cadence_months: int
    overdue: bool


class Declined(BaseModel):
    ref: str
    reason: str | None


class FindingMeasures(BaseModel):
    open: int
    closed: int
    declined: int
    declined_reasons: list[Declined]
    overdue: int
    median_days_to_implement: int | float | None
    median_days_to_verify: int | float | None
    verified_share: float | None
    good_practices: int
    good_practices_shared: int


class MeasuresPublic(BaseModel):
    """Continuous improvement: the cadence of self-assessments and peer reviews, and findings."""

    state: str
    self_assessment: Cadence
    peer_review: Cadence
    findings: FindingMeasures
