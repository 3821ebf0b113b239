"""Input shapes of competence and cooperation records, one per record type."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from nucsec.access.labels import DEFAULT_LABEL, Label
from nucsec.catalogue import default_pack
from nucsec.validation import IdList, IdText, LongText


def _known(value: str, choices: list, what: str) -> str:
    """Refuse an id the framework pack does not list, naming the ones it does."""
    known = [c.id for c in choices]
    if value not in known:
        raise ValueError(f"unknown {what} {value!r}; use one of {', '.join(known)}")
    return value


class RecordBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: Label = DEFAULT_LABEL


class PositionIn(RecordBase):
    role: str = Field(min_length=1, max_length=200)
    organisation: str = Field(min_length=1, max_length=200)
    qualification_required: bool = False
    qualification: str | None = Field(default=None, max_length=200)
    renewal_months: int | None = Field(default=None, ge=1)


class TrainingIn(RecordBase):
    period: int = Field(ge=1990, le=2100)
    title: str = Field(min_length=1, max_length=300)
    provider: IdText
    audience: str | None = Field(default=None, max_length=200)
    hours: float = Field(ge=0)

    @field_validator("provider")
    @classmethod
    def _provider(cls, value: str) -> str:
        return _known(value, default_pack().records.providers, "provider")


class CertificationIn(RecordBase):
    period: int = Field(ge=1990, le=2100)
    scheme: str = Field(min_length=1, max_length=200)
    certified: int = Field(ge=0)


class CultureIn(RecordBase):
    period: int = Field(ge=1990, le=2100)
    kind: IdText
    title: str = Field(min_length=1, max_length=300)
    description: LongText | None = None

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        return _known(value, default_pack().records.culture_kinds, "kind")


class CooperationIn(RecordBase):
    kind: IdText
    title: str = Field(min_length=1, max_length=300)
    held_on: date
    actions: IdList = Field(default_factory=list, description="Default: the kind's actions.")
    partners: str | None = Field(default=None, max_length=300)
    amount: float | None = Field(default=None, ge=0)
    public_summary: LongText | None = None

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        return _known(value, default_pack().records.cooperation_kinds, "kind")

    @field_validator("actions")
    @classmethod
    def _actions(cls, value: list[str]) -> list[str]:
        known = {a.id for a in default_pack().optional_actions}
        unknown = [a for a in value if a not in known]
        if unknown:
            raise ValueError(f"unknown optional action {unknown[0]!r}")
        return value


class RecordPublic(BaseModel):
    """What a reader sees of a record: its fields, its id and its label."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    label: Label


class PositionPublic(RecordPublic):
    role: str
    organisation: str
    qualification_required: bool
    qualification: str | None = None
    renewal_months: int | None = None


class TrainingPublic(RecordPublic):
    period: int
    title: str
    provider: str
    audience: str | None = None
    hours: float


class CertificationPublic(RecordPublic):
    period: int
    scheme: str
    certified: int


class CulturePublic(RecordPublic):
    period: int
    kind: str
    title: str
    description: str | None = None


class CooperationPublic(RecordPublic):
    kind: str
    title: str
    held_on: date
    actions: list[str] = Field(default_factory=list)
    partners: str | None = None
    amount: float | None = None
    public_summary: str | None = None


class CompetenceOverview(BaseModel):
    """How many records of each type the caller may see, and the measures per year."""

    totals: dict[str, int]
    measures: list[dict[str, Any]]
