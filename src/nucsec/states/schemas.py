"""Input and output shapes of a state (StateBase → StateCreate / StateUpdate / StatePublic)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from nucsec.access.labels import DEFAULT_LABEL, Label
from nucsec.catalogue import default_pack


class StateChoice(NamedTuple):
    """A state as a selector shows it (plain values: the page frame may be drawn after the
    transaction ended, and a selector of 200 states must not load 200 ORM rows)."""

    code: str
    name: str
    label: str


MATERIAL_CATEGORIES = ("I", "II", "III")


class ProgrammeProfile(BaseModel):
    """What the state holds and does; the graded approach derives applicability from it."""

    model_config = ConfigDict(extra="forbid")

    power_reactors: bool = False
    research_reactors: bool = False
    fuel_cycle_facilities: bool = False
    material_categories: list[str] = Field(
        default_factory=list, description="Categories of nuclear material held (I, II, III)."
    )
    radioactive_sources: bool = False
    transport: bool = False

    @field_validator("material_categories")
    @classmethod
    def _known_categories(cls, value: list[str]) -> list[str]:
        unknown = [c for c in value if c not in MATERIAL_CATEGORIES]
        if unknown:
            raise ValueError(f"unknown material category {unknown[0]!r}; use I, II or III")
        return sorted(set(value), key=MATERIAL_CATEGORIES.index)

    @property
    def nuclear_facilities(self) -> bool:
        return self.power_reactors or self.research_reactors or self.fuel_cycle_facilities

    @property
    def nuclear_material(self) -> bool:
        return bool(self.material_categories) or self.nuclear_facilities

    @property
    def high_category_material(self) -> bool:
        """Category I or II nuclear material: the most stringent protection (NSS 13)."""
        return bool({"I", "II"} & set(self.material_categories))

    @property
    def sources_only(self) -> bool:
        """Radioactive sources and no nuclear material: the guide's example of a graded approach."""
        return self.radioactive_sources and not self.nuclear_material

    def scopes(self) -> set[str]:
        """The pack's `applies_to` scopes this programme covers."""
        flags = {
            "nuclear_material": self.nuclear_material,
            "high_category_material": self.high_category_material,
            "nuclear_facilities": self.nuclear_facilities,
            "power_reactors": self.power_reactors,
            "research_reactors": self.research_reactors,
            "fuel_cycle_facilities": self.fuel_cycle_facilities,
            "radioactive_sources": self.radioactive_sources,
            "transport": self.transport,
        }
        return {scope for scope, on in flags.items() if on}


class StateBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    maturity: str = Field(description="A maturity ID of the framework pack, e.g. 'new'.")
    subscribed_on: date | None = Field(default=None, description="INFCIRC/869 subscription date.")
    profile: ProgrammeProfile = Field(default_factory=ProgrammeProfile)
    label: Label = DEFAULT_LABEL
    region: str | None = Field(default=None, max_length=64, description="For comparisons.")
    source: str | None = Field(
        default=None, max_length=1000, description="Where the facts come from (a real state)."
    )

    @field_validator("name")
    @classmethod
    def _strip(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("name must not be blank")
        return value

    @field_validator("maturity")
    @classmethod
    def _known_maturity(cls, value: str) -> str:
        known = [m.id for m in default_pack().maturities]
        if value not in known:
            raise ValueError(f"unknown maturity {value!r}; use one of {', '.join(known)}")
        return value


class StateCreate(StateBase):
    code: str = Field(description="Two or three capital letters, e.g. XD.")

    @field_validator("code")
    @classmethod
    def _code_shape(cls, value: str) -> str:
        value = value.strip().upper()
        if not (2 <= len(value) <= 3 and value.isascii() and value.isalpha()):
            raise ValueError("code must be two or three letters, e.g. XD")
        return value


class StateUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    maturity: str | None = None
    subscribed_on: date | None = None
    profile: ProgrammeProfile | None = None
    label: Label | None = None
    region: str | None = Field(default=None, max_length=64)
    source: str | None = Field(default=None, max_length=1000)

    @model_validator(mode="after")
    def _check(self) -> StateUpdate:
        for field in ("name", "maturity", "label", "profile"):
            if field in self.model_fields_set and getattr(self, field) is None:
                raise ValueError(f"{field}: give a value or leave it out; null is refused")
        if self.maturity is not None:
            StateBase._known_maturity(self.maturity)
        return self


class StatePublic(StateBase):
    code: str
    start_steps: list[str] = Field(description="Cycle steps where this state may start.")
