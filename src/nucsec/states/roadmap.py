"""Where a state stands on the implementation cycle, and what to do next (pure functions).

Next actions are the gaps (applicable items not yet implemented) ranked by how much closing
each one would raise the weakest commitment, then its own commitment, then the overall index:
the guide treats the four commitments as one framework, so the laggard goes first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from nucsec.assessments.scoring import ItemState, Scores, commitments_of, score
from nucsec.catalogue.schema import Pack


@dataclass(frozen=True)
class ItemRecord(ItemState):
    owner: str | None = None
    target_date: date | None = None


@dataclass(frozen=True)
class Position:
    step: str
    title: str
    reason: str


@dataclass(frozen=True)
class Gap:
    item_id: str
    title: str
    section: str
    commitments: tuple[str, ...]
    status: str
    owner: str | None
    target_date: date | None
    overdue: bool
    gain_weakest: float
    gain_commitment: float
    gain_overall: float

    def as_dict(self) -> dict[str, object]:
        return {
            "item": self.item_id,
            "title": self.title,
            "section": self.section,
            "commitments": list(self.commitments),
            "status": self.status,
            "owner": self.owner,
            "target_date": self.target_date.isoformat() if self.target_date else None,
            "overdue": self.overdue,
            "gain_weakest": round(self.gain_weakest, 1),
            "gain_commitment": round(self.gain_commitment, 1),
            "gain_overall": round(self.gain_overall, 1),
        }


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def cycle_position(
    pack: Pack,
    *,
    maturity: str,
    scores: Scores | None,
    last_self_assessment: date | None,
    last_peer_review: date | None,
    today: date,
    open_findings: int = 0,
) -> Position:
    """The step the state is at: its starting step until assessed, then what its figures say."""
    steps = {s.id: s for s in pack.cycle}
    rules = pack.assessment

    def at(step: str, reason: str) -> Position:
        return Position(step, steps[step].title, reason)

    if scores is None:
        start = pack.start_steps(maturity)[0]
        return at(start.id, f"no assessment yet; a {maturity} programme starts at {start.id}")
    regime = [v for c, v in scores.commitments.items() if c in ("C1", "C2") and v is not None]
    regime_index = sum(regime) / len(regime) if regime else 0.0
    if regime_index < rules.cycle_thresholds["regime_index"]:
        return at(
            "S1",
            f"regime and legal framework (C1, C2) at {regime_index:.0f} of 100, "
            f"below {rules.cycle_thresholds['regime_index']:.0f}",
        )
    competence = scores.commitments.get("C4") or 0.0
    if competence < rules.cycle_thresholds["competence_index"]:
        return at(
            "S2",
            f"competence and culture (C4) at {competence:.0f} of 100, "
            f"below {rules.cycle_thresholds['competence_index']:.0f}",
        )
    cadence = rules.cadence_months
    if last_self_assessment is None or (
        _months_between(last_self_assessment, today) > cadence["self_assessment"]
    ):
        return at("S3", f"no self-assessment in the last {cadence['self_assessment']} months")
    if (
        last_peer_review is None
        or _months_between(last_peer_review, today) > cadence["peer_review"]
    ):
        return at("S4", f"no peer review in the last {cadence['peer_review']} months")
    if open_findings:
        return at(
            "S5", f"assessed and reviewed within cadence; {open_findings} finding(s) to act on"
        )
    return at("S3", "every finding acted on: the cycle returns to self-assessment")


def next_actions(pack: Pack, items: list[ItemRecord], *, today: date) -> list[Gap]:
    """Gaps ranked by the gain of closing each (setting it to the first implemented status)."""
    rules = pack.assessment
    done = next(s.id for s in rules.statuses if s.implemented)
    done_value = rules.status(done).value or 0
    base = score(pack, items)
    weakest = base.weakest_commitment
    gaps = []
    for position, item in enumerate(items):
        value = rules.status(item.status).value
        if value is None or value >= done_value:
            continue
        raised = list(items)
        raised[position] = replace(item, status=done)
        after = score(pack, raised)
        own = commitments_of(pack, item.item_id)
        gain_own = max(
            ((after.commitments[c] or 0.0) - (base.commitments[c] or 0.0) for c in own),
            default=0.0,
        )
        gaps.append(
            Gap(
                item_id=item.item_id,
                title=pack.item(item.item_id).title,
                section=pack.section_of(item.item_id),
                commitments=tuple(own),
                status=item.status,
                owner=item.owner,
                target_date=item.target_date,
                overdue=item.target_date is not None and item.target_date < today,
                gain_weakest=(after.commitments[weakest] or 0.0)
                - (base.commitments[weakest] or 0.0)
                if weakest
                else 0.0,
                gain_commitment=gain_own,
                gain_overall=(after.overall or 0.0) - (base.overall or 0.0),
            )
        )
    order = {item.item_id: n for n, item in enumerate(items)}
    return sorted(
        gaps,
        key=lambda g: (
            -round(g.gain_weakest, 6),
            -round(g.gain_commitment, 6),
            -round(g.gain_overall, 6),
            order[g.item_id],
        ),
    )
