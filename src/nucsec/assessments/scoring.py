"""Scoring as pure functions over plain data (DESIGN §2); weights and scales come from the pack.

- Implementation index (per commitment, per element, overall): weighted mean of status value /
  top value over the applicable actions, on 0–100. Not-applicable items are left out.
- Weakest commitment: the four commitments are one framework, so a high mean over a neglected
  commitment must show; the lowest commitment index is reported beside the overall one.
- Confidence index: weighted mean of the share of implemented actions that are publicly
  demonstrated, and of the coverage of the confidence-building measures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from nucsec.catalogue.schema import Pack

ACTION_SECTIONS = ("implementation_actions", "optional_actions")


@dataclass(frozen=True)
class ItemState:
    """What scoring needs of one item assessment."""

    item_id: str
    status: str
    demonstration: str = "none"


@dataclass(frozen=True)
class Scores:
    overall: float | None
    commitments: dict[str, float | None]
    elements: dict[str, float | None]
    weakest_commitment: str | None
    confidence: float | None
    demonstrated_share: float | None
    measure_coverage: float | None
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "overall": _round(self.overall),
            "weakest_commitment": self.weakest_commitment,
            "commitments": {k: _round(v) for k, v in self.commitments.items()},
            "elements": {k: _round(v) for k, v in self.elements.items()},
            "confidence": _round(self.confidence),
            "demonstrated_share": _round(self.demonstrated_share),
            "measure_coverage": _round(self.measure_coverage),
            "counts": dict(self.counts),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def weight(pack: Pack, item_id: str) -> float:
    rules = pack.assessment
    if item_id in rules.item_weights:
        return rules.item_weights[item_id]
    return rules.section_weights.get(pack.section_of(item_id), 1.0)


def commitments_of(pack: Pack, item_id: str) -> list[str]:
    item = pack.item(item_id)
    single = getattr(item, "commitment", None)
    return [single] if single else list(getattr(item, "commitments", []))


def elements_of(pack: Pack, item_id: str) -> list[str]:
    return list(getattr(pack.item(item_id), "elements", []))


def index(pack: Pack, items: Iterable[ItemState]) -> float | None:
    """Weighted mean of status value over the applicable items, on 0–100 (None if none apply)."""
    rules = pack.assessment
    top = rules.max_value
    total = weights = 0.0
    for item in items:
        value = rules.status(item.status).value
        if value is None:
            continue
        w = weight(pack, item.item_id)
        total += w * value / top
        weights += w
    return 100.0 * total / weights if weights else None


def score(pack: Pack, items: Iterable[ItemState]) -> Scores:
    """Every index of one assessment."""
    items = list(items)
    actions = [i for i in items if pack.section_of(i.item_id) in ACTION_SECTIONS]
    measures = [i for i in items if pack.section_of(i.item_id) == "measures"]
    commitments = {
        c.id: index(pack, [i for i in actions if c.id in commitments_of(pack, i.item_id)])
        for c in pack.commitments
    }
    elements = {
        e.id: index(pack, [i for i in actions if e.id in elements_of(pack, i.item_id)])
        for e in pack.elements
    }
    scored = {c: v for c, v in commitments.items() if v is not None}
    weakest = min(scored, key=lambda c: scored[c]) if scored else None
    demonstrated, coverage, confidence = _confidence(pack, actions, measures)
    rules = pack.assessment
    return Scores(
        overall=index(pack, actions),
        commitments=commitments,
        elements=elements,
        weakest_commitment=weakest,
        confidence=confidence,
        demonstrated_share=demonstrated,
        measure_coverage=coverage,
        counts={
            "items": len(items),
            "not_applicable": sum(1 for i in items if rules.status(i.status).value is None),
            "implemented": sum(1 for i in actions if rules.status(i.status).implemented),
        },
    )


def _confidence(
    pack: Pack, actions: list[ItemState], measures: list[ItemState]
) -> tuple[float | None, float | None, float | None]:
    rules = pack.assessment
    implemented = [i for i in actions if rules.status(i.status).implemented]
    if implemented:
        public = sum(1 for i in implemented if rules.demonstration(i.demonstration).public)
        demonstrated: float | None = 100.0 * public / len(implemented)
    else:
        demonstrated = 0.0 if actions else None
    coverage = index(pack, measures)
    parts = {"demonstrated_share": demonstrated, "measure_coverage": coverage}
    w = rules.confidence_weights
    present = [(w[k], v) for k, v in parts.items() if v is not None and w.get(k, 0) > 0]
    total = sum(weight for weight, _ in present)
    confidence = sum(weight * v for weight, v in present) / total if total else None
    return demonstrated, coverage, confidence


@dataclass(frozen=True)
class TrendPoint:
    assessed_on: date
    assessment_id: int | None
    overall: float | None
    confidence: float | None
    weakest_commitment: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.assessed_on.isoformat(),
            "assessment": self.assessment_id,
            "overall": _round(self.overall),
            "confidence": _round(self.confidence),
        }


def trend(points: Iterable[tuple[date, int | None, Scores]]) -> list[TrendPoint]:
    """The indices across assessments, oldest first."""
    return [
        TrendPoint(day, ident, s.overall, s.confidence, s.weakest_commitment)
        for day, ident, s in sorted(points, key=lambda p: (p[0], p[1] or 0))
    ]
