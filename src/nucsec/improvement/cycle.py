"""Where a state stands on the implementation cycle, from its assessment and its records (pure).

S1 while the regime and legal items (a list in the pack; optional actions play no part) are
below threshold; S2 while competence is; S5 while a peer review's recommendations are open;
S3 when a self-assessment is due; S4 when a peer review is due; otherwise back to S3, since
"this cycle of assessment and implementation of recommendations should continue indefinitely".
Before any assessment, a state with open peer-review recommendations is at S5, any other at the
starting step of its maturity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from nucsec.assessments.scoring import ItemState, Support, index
from nucsec.catalogue.schema import Pack
from nucsec.dates import within
from nucsec.improvement.records import (
    FindingFact,
    StateRecords,
    peer_reviews,
    recommendations,
    self_assessment_dates,
)
from nucsec.reviews.workflow import ACTIVE


@dataclass(frozen=True)
class Position:
    step: str
    title: str
    reason: str


@dataclass(frozen=True)
class Facts:
    """What the position is decided from, kept for the roadmap's reasons."""

    regime_index: float | None
    competence_index: float | None
    last_self_assessment: date | None
    last_peer_review: date | None
    open_recommendations: tuple[FindingFact, ...]


def facts(
    pack: Pack,
    items: list[ItemState] | None,
    records: StateRecords,
    support: Support,
    scopes: frozenset[str],
    today: date,
) -> Facts:
    rules = pack.assessment.cycle_rules

    def part(ids: list[str]) -> float | None:
        if items is None:
            return None
        wanted = set(ids)
        return index(pack, [i for i in items if i.item_id in wanted], support, scopes)

    selfs = [d for d in self_assessment_dates(pack, records) if d <= today]
    peers = peer_reviews(pack, records, today)
    return Facts(
        regime_index=part(rules.regime_items),
        competence_index=part(rules.competence_items),
        last_self_assessment=max(selfs, default=None),
        last_peer_review=max((r.ended_on for r in peers), default=None),
        open_recommendations=tuple(
            f for f in recommendations(pack, records, today) if f.status in ACTIVE
        ),
    )


def position(pack: Pack, *, maturity: str, facts: Facts, today: date) -> Position:
    """The step the state is at, with the reason in words."""
    steps = {s.id: s for s in pack.cycle}
    rules = pack.assessment

    def at(step: str, reason: str) -> Position:
        return Position(step, steps[step].title, reason)

    cadence = rules.cadence_months
    n_open = len(facts.open_recommendations)
    act = f"{n_open} peer-review recommendation(s) to act on"
    if facts.regime_index is None:
        if n_open:
            return at("S5", f"no assessment yet; {act}")
        start = pack.start_steps(maturity)[0]
        return at(start.id, f"no assessment yet; a {maturity} programme starts at {start.id}")
    cycle = rules.cycle_rules
    if facts.regime_index < cycle.regime_threshold:
        return at(
            "S1",
            f"regime and legal framework at {facts.regime_index:.0f} of 100, "
            f"below {cycle.regime_threshold:.0f}",
        )
    if facts.competence_index is not None and facts.competence_index < cycle.competence_threshold:
        return at(
            "S2",
            f"competence and security culture at {facts.competence_index:.0f} of 100, "
            f"below {cycle.competence_threshold:.0f}",
        )
    if n_open:
        return at("S5", act)
    if not within(facts.last_self_assessment, cadence["self_assessment"], today):
        return at(
            "S3", _due("self-assessment", facts.last_self_assessment, cadence["self_assessment"])
        )
    if not within(facts.last_peer_review, cadence["peer_review"], today):
        return at("S4", _due("peer review", facts.last_peer_review, cadence["peer_review"]))
    return at(
        "S3", "every peer-review recommendation acted on: the cycle returns to self-assessment"
    )


def _due(what: str, last: date | None, months: int) -> str:
    if last is None:
        return f"no {what} recorded"
    return f"last {what} on {last.isoformat()}, {months} months or more ago"
