"""Pydantic schema of a framework pack.

Every model forbids unknown fields so that a typo in a pack is an error, not silently lost data.
Cross-references between items are checked by the loader, which knows the whole pack.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Scope = Literal[
    "nuclear_material",
    "high_category_material",
    "nuclear_facilities",
    "power_reactors",
    "research_reactors",
    "fuel_cycle_facilities",
    "radioactive_sources",
    "transport",
]
"""What a state's programme includes; items and graded rules name them (the graded approach)."""

ItemId = str


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


class Item(Strict):
    """Fields every catalogue item shares: a stable ID, a title, and help for users."""

    id: ItemId = Field(min_length=1, pattern=r"^[A-Z0-9][A-Z0-9-]*$")
    title: str = Field(min_length=1)
    guidance: str | None = None
    typical_evidence: list[str] = Field(default_factory=list)


class FrameworkInfo(Strict):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    version: str = Field(min_length=1)
    source: str | None = None
    description: str | None = None


class Maturity(Strict):
    id: str = Field(min_length=1, pattern=r"^[a-z][a-z_]*$")
    title: str = Field(min_length=1)
    guidance: str | None = None


class Reference(Item):
    kind: Literal["document", "service", "body"]
    short: str | None = None
    url: str | None = None


class Commitment(Item):
    number: int = Field(ge=1)
    wording: str = Field(min_length=1)
    references: list[ItemId] = Field(default_factory=list)


class Element(Item):
    number: int = Field(ge=1)


class MappedItem(Item):
    """An item that evidence passages are mapped to: curated words and example statements tell
    the rankers what a passage evidencing it says, in a report's words rather than the guide's."""

    keywords: list[str] = Field(
        default_factory=list,
        description="Words and phrases that a passage evidencing this item tends to use.",
    )
    descriptions: list[str] = Field(
        default_factory=list,
        description=(
            "Statements a national report makes when it evidences this item and not its "
            "neighbours, one sentence each: the examples the mapping compares passages with."
        ),
    )

    @field_validator("descriptions")
    @classmethod
    def _clean_descriptions(cls, value: list[str]) -> list[str]:
        seen: set[str] = set()
        out = []
        for text in value:
            clean = " ".join(text.split())
            if not clean:
                raise ValueError("a description must not be empty")
            if clean.casefold() in seen:
                raise ValueError(f"description {clean[:60]!r} is listed twice")
            seen.add(clean.casefold())
            out.append(clean)
        return out

    @field_validator("keywords")
    @classmethod
    def _clean_keywords(cls, value: list[str]) -> list[str]:
        seen: set[str] = set()
        for word in value:
            key = word.strip().casefold()
            if not key:
                raise ValueError("a keyword must not be empty")
            if key in seen:
                raise ValueError(f"keyword {word!r} is listed twice")
            seen.add(key)
        return [w.strip() for w in value]


class ImplementationAction(MappedItem):
    commitment: ItemId
    elements: list[ItemId] = Field(default_factory=list)
    references: list[ItemId] = Field(default_factory=list)
    applies_to: list[Scope] = Field(default_factory=list)
    rationale: str | None = Field(default=None, description="Why the links are what they are.")


class OptionalAction(MappedItem):
    commitments: list[ItemId] = Field(min_length=1)
    elements: list[ItemId] = Field(min_length=1)
    references: list[ItemId] = Field(default_factory=list)
    applies_to: list[Scope] = Field(default_factory=list)
    counted_in: ItemId | None = Field(
        default=None, description="An implementation action that already counts this work."
    )
    rationale: str | None = None


class CycleStep(Item):
    order: int = Field(ge=1)
    commitments: list[ItemId] = Field(min_length=1)
    next: ItemId
    start_for: list[str] = Field(default_factory=list)
    references: list[ItemId] = Field(default_factory=list)


class Channel(Item):
    references: list[ItemId] = Field(default_factory=list)


class MeasureArea(Item):
    pass


class Measure(MappedItem):
    area: ItemId
    commitments: list[ItemId] = Field(min_length=1)
    channels: list[ItemId] = Field(min_length=1)
    references: list[ItemId] = Field(default_factory=list)


Section = Literal["implementation_actions", "optional_actions", "measures"]


class Status(Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    title: str
    value: int | None = Field(default=None, ge=0, description="None: excluded from indices.")
    points: float | None = Field(default=None, ge=0, le=100, description="Index points (0-100).")
    implemented: bool = False
    needs_verification: bool = Field(
        default=False, description="Counts only when a review within its cadence covers the item."
    )
    needs_justification: bool = False
    sections: list[Section] = Field(
        default_factory=list, description="Sections it may be used in; empty: every section."
    )
    guidance: str | None = None


Support = Literal[
    "any_evidence", "public_evidence", "public_summary", "peer_review", "shared_record"
]
"""A kind of record that backs a demonstration level."""


class Demonstration(Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    title: str
    rank: int = Field(default=0, ge=0)
    public: bool = Field(default=False, description="Needs PUBLIC evidence to back it.")
    supported_by: list[Support] = Field(
        default_factory=list, description="Records that back it; empty: needs none."
    )


class Blend(Strict):
    """A commitment whose index also reflects others (Commitment 1: the regime as a whole)."""

    commitment: ItemId
    own: float = Field(gt=0)
    others: list[ItemId] = Field(min_length=1)
    others_weight: float = Field(gt=0)


class ScoringRules(Strict):
    blends: list[Blend] = Field(default_factory=list)
    optional_credit_points: float = Field(default=0.0, ge=0)
    optional_credit_cap: float = Field(default=0.0, ge=0, le=100)
    element_without_actions: Literal["optional_share", "none"] = "none"


class GradedRule(Strict):
    """Weight of items for a programme that includes `when` (the graded approach)."""

    items: list[ItemId] = Field(min_length=1)
    when: Scope
    weight: float = Field(gt=0)
    reason: str


class ConfidenceRules(Strict):
    weights: dict[Literal["transparency", "assurance"], float]
    transparency_weights: dict[Literal["demonstrated_share", "measure_coverage"], float]
    assurance_weights: dict[
        Literal["peer_review_in_cadence", "follow_up", "verified_share", "shared_share"], float
    ]
    follow_up_months: int = Field(ge=1)
    shared_level: str | None = Field(
        default=None,
        description="Demonstration level from which an implemented action counts as shared in "
        "confidence (the `shared_share` part of assurance).",
    )
    backed_by_public_summaries: list[ItemId] = Field(default_factory=list)
    backed_by_published_figures: list[ItemId] = Field(default_factory=list)


class CycleRules(Strict):
    regime_items: list[ItemId] = Field(min_length=1)
    regime_threshold: float = Field(ge=0, le=100)
    competence_items: list[ItemId] = Field(min_length=1)
    competence_threshold: float = Field(ge=0, le=100)


class AssessmentRules(Strict):
    """Scales, weights and cadences of assessment and scoring (DESIGN §2)."""

    rules_version: int = Field(ge=1)
    item_sections: list[Section]
    statuses: list[Status] = Field(min_length=2)
    demonstrations: list[Demonstration] = Field(min_length=1)
    section_weights: dict[str, float]
    item_weights: dict[str, float] = Field(default_factory=dict)
    scoring: ScoringRules = Field(default_factory=ScoringRules)
    graded: list[GradedRule] = Field(default_factory=list)
    confidence: ConfidenceRules
    verification_months: int = Field(ge=1)
    cadence_months: dict[Literal["self_assessment", "peer_review"], int]
    cycle_rules: CycleRules
    not_applicable_text: str

    @property
    def max_value(self) -> int:
        return max(s.value for s in self.statuses if s.value is not None)

    def status(self, status_id: str) -> Status:
        return self._statuses[status_id]

    def demonstration(self, demo_id: str) -> Demonstration:
        return self._demonstrations[demo_id]

    @cached_property
    def _statuses(self) -> dict[str, Status]:
        return {s.id: s for s in self.statuses}

    @cached_property
    def _demonstrations(self) -> dict[str, Demonstration]:
        return {d.id: d for d in self.demonstrations}

    def allowed_statuses(self, section: str) -> list[str]:
        """Status IDs an item of this section may take."""
        return [s.id for s in self.statuses if not s.sections or section in s.sections]


class ReviewKind(Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    title: str
    self_assessment: bool = False
    peer_review: bool = False
    follow_up: bool = False
    service: str | None = None
    shows_done: list[ItemId] = Field(
        default_factory=list, description="Items that holding a review of this kind carries out."
    )


class ReviewModule(Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    title: str


class FindingKind(Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    title: str
    action_plan: bool


class ReviewRules(Strict):
    """Kinds of review, IPPAS modules and kinds of finding (Commitment 3)."""

    kinds: list[ReviewKind] = Field(min_length=1)
    modules: list[ReviewModule]
    finding_kinds: list[FindingKind] = Field(min_length=1)
    default_label: Literal["PUBLIC", "OFFICIAL", "SENSITIVE"] = "SENSITIVE"

    def kind(self, kind_id: str) -> ReviewKind:
        return self._kinds[kind_id]

    def find_kind(self, kind_id: str) -> ReviewKind | None:
        """The kind, or None for an ID the pack does not know (e.g. a record of an older pack)."""
        return self._kinds.get(kind_id)

    @cached_property
    def _kinds(self) -> dict[str, ReviewKind]:
        return {k.id: k for k in self.kinds}

    def finding_kind(self, kind_id: str) -> FindingKind:
        return next(k for k in self.finding_kinds if k.id == kind_id)


class Named(Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    title: str


class CooperationKind(Named):
    actions: list[ItemId] = Field(min_length=1)


class RecordMeasure(Strict):
    id: str = Field(pattern=r"^CM-[A-Z]+$")
    title: str
    record: Literal["positions", "certifications", "trainings", "culture", "cooperation"]
    evidences: ItemId


class RecordRules(Strict):
    """Competence and cooperation records: their kinds, and which measure uses which record."""

    providers: list[Named]
    culture_kinds: list[Named]
    cooperation_kinds: list[CooperationKind]
    cooperation_window_months: int = Field(ge=1)
    measures: list[RecordMeasure]


class Pack(Strict):
    """A whole framework pack as shipped in `catalogue/data/*.yaml`."""

    framework: FrameworkInfo
    maturities: list[Maturity] = Field(min_length=1)
    references: list[Reference]
    commitments: list[Commitment] = Field(min_length=1)
    elements: list[Element]
    implementation_actions: list[ImplementationAction]
    optional_actions: list[OptionalAction]
    cycle: list[CycleStep]
    channels: list[Channel]
    measure_areas: list[MeasureArea]
    measures: list[Measure]
    assessment: AssessmentRules
    reviews: ReviewRules
    records: RecordRules

    def item_ids(self) -> set[str]:
        """All item IDs of the pack (they are unique across sections)."""
        return {item.id for _, item in self.items()}

    def items(self) -> list[tuple[str, Item]]:
        """Every item with the name of the section that holds it."""
        out: list[tuple[str, Item]] = []
        for section in ITEM_SECTIONS:
            out.extend((section, item) for item in getattr(self, section))
        return out

    def assessable(self) -> list[tuple[str, Item]]:
        """The items a state assesses, with their section, in pack order."""
        return [(s, i) for s, i in self.items() if s in self.assessment.item_sections]

    def item(self, item_id: str) -> Item:
        return self._index[item_id][1]

    def section_of(self, item_id: str) -> str:
        return self._index[item_id][0]

    @cached_property
    def _index(self) -> dict[str, tuple[str, Item]]:
        """Item ID → (section, item); scoring asks this thousands of times per page."""
        return {i.id: (s, i) for s, i in self.items()}

    def start_steps(self, maturity: str) -> list[CycleStep]:
        """Cycle steps where a state of this maturity may start, in cycle order."""
        return sorted((s for s in self.cycle if maturity in s.start_for), key=lambda s: s.order)


ITEM_SECTIONS = (
    "references",
    "commitments",
    "elements",
    "implementation_actions",
    "optional_actions",
    "cycle",
    "channels",
    "measure_areas",
    "measures",
)
