"""Output shapes of comparisons, trends and traceability (typed API responses)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

By = Literal["commitment", "element", "measure"]
Kind = Literal["self", "external"]
ProfileFilter = Literal[
    "nuclear_material", "power_reactors", "research_reactors", "fuel_cycle_facilities",
    "sources_only",
]  # fmt: skip


class CompareRow(BaseModel):
    state: str
    name: str
    overall: float | None
    confidence: float | None
    rank: int | None = Field(description="Competition rank on overall (1, 2, 2, 4); see `rule`.")
    cells: dict[str, float | None]
    source: Literal["approved", "external"] = Field(
        description="approved: the state's own published figures; external: an analyst's."
    )
    assessment: int | None
    assessed_on: date | None
    label: str = Field(description="Label of the figures: PUBLIC for approved ones.")


class CompareDoc(BaseModel):
    by: By
    kind: Kind
    rule: str
    keys: list[str]
    titles: dict[str, str]
    sort: str = Field(default="rank", description="rank, state, or a column's key.")
    states: list[CompareRow] = Field(description="One page of the states, in `sort` order.")
    total: int = Field(default=0, description="States compared across every page.")
    limit: int | None = None
    page: int = 1
    pages: int = 1
    next: int | None = Field(default=None, description="The next page, or null on the last.")


class Change(BaseModel):
    overall: float | None
    confidence: float | None


class TrendPoint(BaseModel):
    date: date
    assessment: int | None
    overall: float | None
    confidence: float | None
    change: Change | None = Field(description="Since the previous point; null for the first.")
    regression: list[str] = Field(description="Figures that fell since the previous point.")


class TrendDoc(BaseModel):
    state: str
    kind: Kind
    points: list[TrendPoint]


class TraceItem(BaseModel):
    item: str
    title: str
    status: str
    demonstration: str
    evidence: list[str]


class TraceEvidence(BaseModel):
    ref: str
    title: str
    kind: str
    publisher: str | None
    published_on: date | None
    url: str | None
    label: str


class TraceDoc(BaseModel):
    """Where one cell comes from: the assessment, its item assessments, the evidence behind."""

    state: str
    key: str
    by: By
    kind: Kind
    value: float | None
    assessment: int | None
    assessed_on: date | None
    items: list[TraceItem] = Field(description="Item assessments the caller may see.")
    evidence: list[TraceEvidence]


class ScenarioAction(BaseModel):
    item: str
    action: Literal["implement", "publish"]
    title: str


class Gain(BaseModel):
    overall: float
    confidence: float


class Scenario(BaseModel):
    items: list[ScenarioAction]
    gain: Gain


class Base(BaseModel):
    overall: float
    confidence: float


class ScenarioDoc(BaseModel):
    """What would raise a state's indices most, each gain computed by re-scoring."""

    state: str
    kind: Kind
    assessment: int | None
    base: Base | None
    scenarios: list[Scenario]
