"""Input shapes of the legal register, one per record type."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from nucsec.access.labels import DEFAULT_LABEL, Label
from nucsec.validation import IdList, IdText, LongText

INSTRUMENT_KINDS = ("law", "regulation", "decree", "licence_condition")
# The international instruments whose adherence the register keeps (short names).
INTERNATIONAL = {
    "NPT": "Treaty on the Non-Proliferation of Nuclear Weapons",
    "CPPNM": "Convention on the Physical Protection of Nuclear Material",
    "CPPNM-A": "2005 Amendment to the CPPNM",
    "ICSANT": "International Convention for the Suppression of Acts of Nuclear Terrorism",
    "CODE": "Code of Conduct on the Safety and Security of Radioactive Sources",
    "CODE-IE": "Guidance on the Import and Export of Radioactive Sources (supplementary)",
    "CODE-MGT": "Guidance on the Management of Disused Radioactive Sources (supplementary)",
}


class Provision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article: str = Field(min_length=1, max_length=64)
    requirements: IdList = Field(default_factory=list)


def parse_provisions(value: object) -> object:
    """`Art. 5: REQ-1, REQ-2 | Art. 12: REQ-3` (CSV and --set) or a list (YAML)."""
    if not isinstance(value, str):
        return value
    out = []
    for part in (p.strip() for p in value.split("|") if p.strip()):
        article, _, reqs = part.partition(":")
        out.append(
            {
                "article": article.strip(),
                "requirements": [r.strip() for r in reqs.split(",") if r.strip()],
            }
        )
    return out


class RecordBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: Label = DEFAULT_LABEL


class InstrumentIn(RecordBase):
    ref: IdText = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
    kind: Literal["law", "regulation", "decree", "licence_condition"]
    title: str = Field(min_length=1, max_length=300)
    adopted_on: date | None = None
    reference: str | None = Field(default=None, max_length=500)
    provisions: list[Provision] = Field(default_factory=list, max_length=500)

    _provisions = field_validator("provisions", mode="before")(parse_provisions)


class AdherenceIn(RecordBase):
    instrument: IdText
    signed_on: date | None = None
    ratified_on: date | None = None
    acceded_on: date | None = None
    in_force_on: date | None = None
    remarks: LongText | None = None

    @field_validator("instrument")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in INTERNATIONAL:
            raise ValueError(f"unknown instrument {value!r}; use one of {', '.join(INTERNATIONAL)}")
        return value


class ProsecutionIn(RecordBase):
    case: str = Field(min_length=1, max_length=200)
    decided_on: date
    offence_article: str = Field(min_length=1, max_length=64)
    outcome: LongText = Field(min_length=1)
    states_informed: str | None = Field(default=None, max_length=300)


class ContactIn(RecordBase):
    """A point of contact (Art. 5(1)): who, in what role, reached how, since when."""

    name: str = Field(min_length=1, max_length=200)
    role: str = Field(min_length=1, max_length=200)
    channel: str = Field(min_length=1, max_length=300)
    since: date | None = None
