"""What would raise a state's indices most: single actions and the best pairs, each re-scored.

An action is the implementation of an item (its status set to implemented) or its publication
(its demonstration set to published, backed by a PUBLIC record). The gain of a scenario is the
difference of the figures as shown (one decimal) before and after re-scoring with the same
rules, so applying a scenario changes the figures by exactly its stated gain.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.visibility import principal_of
from nucsec.assessments import service as assessments
from nucsec.assessments.models import ItemAssessment
from nucsec.assessments.scoring import (
    MEASURES,
    NOT_ADOPTED,
    Assurance,
    ItemState,
    Scores,
    Support,
    compiled,
    effective_demonstration,
    measure_backed,
    score,
)
from nucsec.catalogue import default_pack
from nucsec.catalogue.schema import Pack
from nucsec.improvement import records as recs
from nucsec.improvement.figures import FIGURES_LABEL
from nucsec.states import service as states

IMPLEMENT = "implement"
PUBLISH = "publish"


@dataclass(frozen=True, order=True)
class Action:
    item: str
    action: str  # implement | publish


@dataclass(frozen=True)
class Scenario:
    actions: tuple[Action, ...]
    overall: float
    confidence: float

    def as_dict(self, pack: Pack) -> dict[str, Any]:
        return {
            "items": [
                {"item": a.item, "action": a.action, "title": pack.item(a.item).title}
                for a in self.actions
            ],
            "gain": {"overall": self.overall, "confidence": self.confidence},
        }


def _target_status(pack: Pack) -> str:
    """The implemented status that needs no verification record (what a state can declare)."""
    return next(
        s.id for s in pack.assessment.statuses if s.implemented and not s.needs_verification
    )


def _top_public_demonstration(pack: Pack) -> str:
    return max((d for d in pack.assessment.demonstrations if d.public), key=lambda d: d.rank).id


def candidates(pack: Pack, items: list[ItemState], support: Support) -> list[Action]:
    """Every action still open: items not implemented, items not publicly demonstrated."""
    c = compiled(pack)
    out = []
    for item in items:
        info = c.items.get(item.item_id)
        applicable = c.points.get(item.status) is not None or item.status == NOT_ADOPTED
        if info is None or not applicable:
            continue
        if item.status not in c.implemented:
            out.append(Action(item.item_id, IMPLEMENT))
        public = c.demos[effective_demonstration(pack, item, support)][1]
        if info.section == MEASURES:
            public = measure_backed(pack, item.item_id, support)
        if not public:
            out.append(Action(item.item_id, PUBLISH))
    return out


def apply(
    pack: Pack, items: list[ItemState], support: Support, actions: tuple[Action, ...]
) -> tuple[list[ItemState], Support]:
    """The items and records as they would be once the actions are done."""
    status, demo = _target_status(pack), _top_public_demonstration(pack)
    implement = {a.item for a in actions if a.action == IMPLEMENT}
    publish = {a.item for a in actions if a.action == PUBLISH}
    changed = []
    for item in items:
        if item.item_id in implement:
            item = replace(item, status=status)
        if item.item_id in publish:
            item = replace(item, demonstration=demo)
        changed.append(item)
    if publish:
        support = replace(
            support,
            any_evidence=support.any_evidence | publish,
            public_evidence=support.public_evidence | publish,
        )
    return changed, support


def _shown(value: float | None) -> float:
    return 0.0 if value is None else round(value, 1)


def gain(before: Scores, after: Scores) -> tuple[float, float]:
    """Change of overall and confidence as shown (one decimal)."""
    return (
        round(_shown(after.overall) - _shown(before.overall), 1),
        round(_shown(after.confidence) - _shown(before.confidence), 1),
    )


def _key(s: Scenario) -> tuple:
    return (-(s.overall + s.confidence), -s.confidence, s.actions)


def best(
    pack: Pack,
    items: list[ItemState],
    *,
    support: Support,
    assurance: Assurance,
    scopes: frozenset[str],
    limit: int = 3,
    pool: int = 6,
) -> list[Scenario]:
    """The `limit` best single actions, then the `limit` best pairs among the `pool` best
    singles; only scenarios that raise a figure. Best: the larger sum of both gains, then
    the larger confidence gain, then item order."""

    def rescore(actions: tuple[Action, ...]) -> Scenario:
        after_items, after_support = apply(pack, items, support, actions)
        after = score(pack, after_items, support=after_support, assurance=assurance, scopes=scopes)
        overall, confidence = gain(before, after)
        return Scenario(actions, overall, confidence)

    before = score(pack, items, support=support, assurance=assurance, scopes=scopes)
    singles = sorted(
        (s for a in candidates(pack, items, support) if _raises(s := rescore((a,)))), key=_key
    )
    pairs = sorted(
        (
            s
            for a, b in combinations([s.actions[0] for s in singles[:pool]], 2)
            if _raises(s := rescore(tuple(sorted((a, b)))))
        ),
        key=_key,
    )
    return singles[:limit] + pairs[:limit]


def _raises(s: Scenario) -> bool:
    return s.overall > 0 or s.confidence > 0


def for_state(*, session: Session, state_code: str, today: date, limit: int = 3) -> dict[str, Any]:
    """Scenarios for a state, from what the caller may see: its own latest self-assessment for
    callers cleared to see computed figures, else the latest external assessment (a PUBLIC
    analyst's work), with its records as the caller may see them."""
    pack = default_pack()
    state = states.get(session=session, code=state_code)
    kind = "self" if principal_of(session).may_see(FIGURES_LABEL) else "external"
    latest = assessments.latest(session=session, state_code=state.code, kind=kind)
    doc: dict[str, Any] = {
        "state": state.code,
        "kind": kind,
        "assessment": latest.id if latest else None,
        "base": None,
        "scenarios": [],
    }
    if latest is None:
        return doc
    rows = session.execute(
        select(ItemAssessment.item_id, ItemAssessment.status, ItemAssessment.demonstration).where(
            ItemAssessment.assessment_id == latest.id
        )
    ).all()
    items = [ItemState(i, s, d) for i, s, d in rows]
    records = recs.gather(session, state.id, [latest.id])
    as_of = max(today, latest.assessed_on)
    support = recs.support(pack, records, latest.id, as_of)
    assurance = recs.assurance(pack, records, as_of)
    scopes = frozenset(states.profile_of(state).scopes())
    base = score(pack, items, support=support, assurance=assurance, scopes=scopes)
    doc["base"] = {"overall": _shown(base.overall), "confidence": _shown(base.confidence)}
    found = best(pack, items, support=support, assurance=assurance, scopes=scopes, limit=limit)
    doc["scenarios"] = [s.as_dict(pack) for s in found]
    return doc
