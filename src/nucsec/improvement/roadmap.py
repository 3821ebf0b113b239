"""What to do next, following the cycle position (pure functions).

The current step's work comes first — S1 the regime and legal items, S2 competence, S3 the
self-assessment that is due, S4 requesting a peer review, S5 the open recommendations' action
plans by due date — then every other gap by how much closing it lifts the weakest commitment,
its own commitment, then the overall index. Optional actions come after the commitments' own
actions and the measures, whatever their credit: the guide lists what a state *may* add.
Items the records show done are not proposed as work; the check asks to record them instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from nucsec.assessments.scoring import ItemState, Scores, Support, commitments_of, raised, score
from nucsec.catalogue.schema import Pack
from nucsec.improvement.cycle import Facts, Position
from nucsec.improvement.records import FindingFact

SECTION_ORDER = {"implementation_actions": 0, "measures": 1, "optional_actions": 2}


@dataclass(frozen=True)
class ItemRecord(ItemState):
    owner: str | None = None
    target_date: date | None = None


@dataclass(frozen=True)
class Action:
    """One next action: a framework item to close, a review to hold, or a finding to act on."""

    kind: str  # item | self_assessment | peer_review | finding
    item_id: str
    title: str
    reason: str
    step: str | None = None  # the cycle step whose work it is, if any
    section: str | None = None
    commitments: tuple[str, ...] = ()
    status: str | None = None
    owner: str | None = None
    target_date: date | None = None
    overdue: bool = False
    gain_weakest: float = 0.0
    gain_commitment: float = 0.0
    gain_overall: float = 0.0
    finding: dict[str, object] | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "item": self.item_id,
            "title": self.title,
            "reason": self.reason,
            "step": self.step,
            "section": self.section,
            "commitments": list(self.commitments),
            "status": self.status,
            "owner": self.owner,
            "target_date": self.target_date.isoformat() if self.target_date else None,
            "overdue": self.overdue,
            "gain_weakest": round(self.gain_weakest, 1),
            "gain_commitment": round(self.gain_commitment, 1),
            "gain_overall": round(self.gain_overall, 1),
            "finding": self.finding,
        }


def gaps(
    pack: Pack,
    items: list[ItemRecord],
    *,
    support: Support,
    scopes: frozenset[str],
    today: date,
    done: set[str],
    base: Scores | None = None,
) -> list[Action]:
    """Applicable items not yet implemented (nor shown done by the records), with their gains.

    Each gap's gains are the indices `score` gives with that item raised to the first status
    counted as implemented without verification, less today's; `raised` computes them all
    from one pass. `base` is `score` of the items, if the caller has it already.
    """
    rules = pack.assessment
    target = next(s.id for s in rules.statuses if s.implemented and not s.needs_verification)
    if base is None:
        base = score(pack, items, support=support, scopes=scopes)
    weakest = base.weakest_commitment
    positions = [
        n
        for n, item in enumerate(items)
        if (status := rules.status(item.status)).value is not None
        and not status.implemented
        and item.item_id not in done
    ]
    lifted = raised(pack, items, positions, target, support=support, scopes=scopes)
    out = []
    for n in positions:
        item = items[n]
        after = lifted[n]
        own = commitments_of(pack, item.item_id)
        gain_own = max(
            ((after.commitments[c] or 0.0) - (base.commitments[c] or 0.0) for c in own),
            default=0.0,
        )
        gain_weakest = (
            (after.commitments[weakest] or 0.0) - (base.commitments[weakest] or 0.0)
            if weakest
            else 0.0
        )
        section = pack.section_of(item.item_id)
        out.append(
            Action(
                kind="item",
                item_id=item.item_id,
                title=pack.item(item.item_id).title,
                reason=_gain_reason(section, weakest, gain_weakest, gain_own, own),
                section=section,
                commitments=tuple(own),
                status=item.status,
                owner=item.owner,
                target_date=item.target_date,
                overdue=item.target_date is not None and item.target_date < today,
                gain_weakest=gain_weakest,
                gain_commitment=gain_own,
                gain_overall=(after.overall or 0.0) - (base.overall or 0.0),
            )
        )
    order = {item.item_id: n for n, item in enumerate(items)}
    return sorted(out, key=lambda g: _gain_key(g, order))


def _gain_key(g: Action, order: dict[str, int]) -> tuple:
    return (
        g.section == "optional_actions",
        -round(g.gain_weakest, 6),
        -round(g.gain_commitment, 6),
        -round(g.gain_overall, 6),
        SECTION_ORDER.get(g.section or "", 3),
        order.get(g.item_id, 0),
    )


def _gain_reason(
    section: str, weakest: str | None, gain_weakest: float, gain_own: float, own: list[str]
) -> str:
    if section == "optional_actions":
        return "optional action the state may add; adopting it adds credit and lowers nothing"
    if section == "measures":
        return "confidence-building measure: publish it to raise transparency"
    if weakest and gain_weakest > 0:
        return f"lifts the weakest commitment {weakest} by {gain_weakest:.1f}"
    return f"lifts {', '.join(own)} by {gain_own:.1f}"


def next_actions(
    pack: Pack,
    *,
    position: Position,
    facts: Facts,
    items: list[ItemRecord],
    support: Support,
    scopes: frozenset[str],
    today: date,
    done: set[str],
    reviews: dict[int, str],
    base: Scores | None = None,
) -> list[Action]:
    """The step's work first, then the rest by gain (`base`: `score` of the items, if known)."""
    ranked = gaps(pack, items, support=support, scopes=scopes, today=today, done=done, base=base)
    step = position.step
    cycle = pack.assessment.cycle_rules
    first: list[Action] = []
    if step in ("S1", "S2"):
        wanted = set(cycle.regime_items if step == "S1" else cycle.competence_items)
        what = "regime and legal framework" if step == "S1" else "competence and culture"
        first = [
            replace(g, step=step, reason=f"{step} work: {what} — {g.reason}")
            for g in ranked
            if g.item_id in wanted
        ]
    elif step == "S3":
        first = [_self_assessment(position)]
    elif step == "S4":
        first = [_peer_review(position)]
    elif step == "S5":
        first = [
            _finding(f, reviews, today) for f in sorted(facts.open_recommendations, key=_due_order)
        ]
    taken = {a.item_id for a in first if a.kind == "item"}
    if step == "S4":
        taken.add("C3-IA02")
    rest = [g for g in ranked if g.item_id not in taken]
    return first + rest


def _due_order(f: FindingFact) -> tuple:
    return (f.due_on is None, f.due_on or date.max, f.ref)


def _self_assessment(position: Position) -> Action:
    return Action(
        kind="self_assessment",
        item_id="C3",
        title="Conduct the self-assessment that is due",
        reason=f"S3 work: {position.reason}",
        step="S3",
        commitments=("C3",),
    )


def _peer_review(position: Position) -> Action:
    return Action(
        kind="peer_review",
        item_id="C3-IA02",
        title="Request a peer review (an IPPAS or INSServ mission, or a bilateral review)",
        reason=f"S4 work: {position.reason}",
        step="S4",
        section="implementation_actions",
        commitments=("C3",),
    )


def _finding(f: FindingFact, reviews: dict[int, str], today: date) -> Action:
    review = reviews.get(f.review_id, "a peer review")
    due = f" by {f.due_on.isoformat()}" if f.due_on else ""
    return Action(
        kind="finding",
        item_id=f.items[0] if f.items else "C3",
        title=f"Act on {f.kind} {f.ref} of {review}: {f.text}",
        reason=f"S5 work: open {f.kind} of {review}, due{due or ' (no date set)'}",
        step="S5",
        commitments=("C3",),
        status=f.status,
        owner=f.owner,
        target_date=f.due_on,
        overdue=f.due_on is not None and f.due_on < today,
        finding={
            "id": f.id,
            "ref": f.ref,
            "review": review,
            "kind": f.kind,
            "items": list(f.items),
            "due_on": f.due_on.isoformat() if f.due_on else None,
        },
    )
