"""Scoring as pure functions over plain data (DESIGN §2); every rule and constant is in the pack.

Rules version 2 (`assessment.rules_version` in the pack):

- A commitment's index is the weighted mean of the points of its own applicable implementation
  actions; a blend rule (Commitment 1) mixes in the other commitments: the regime as a whole.
- Optional actions never lower an index: each adopted one adds capped credit, and an action
  whose work an implementation action already counts (`counted_in`) adds none. Their own figure
  is the share adopted per commitment.
- `sustained` counts only when a review within the verification window covers the item;
  otherwise it scores as implemented and is flagged.
- A demonstration level counts only when the records support it; otherwise the item is scored
  at the highest level they support, and flagged.
- Confidence comes from the records: transparency (PUBLIC backing) and assurance (peer
  reviews, and what was shared with them in confidence). A state with no PUBLIC record and no
  peer review has confidence 0.
- Weakest commitment: the four are one framework, so a high mean over a neglected commitment
  must show; the lowest commitment index is reported beside the overall one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from nucsec.catalogue.schema import Pack, ScoringRules

ACTIONS = "implementation_actions"
OPTIONAL = "optional_actions"
MEASURES = "measures"
ACTION_SECTIONS = (ACTIONS, OPTIONAL)


@dataclass(frozen=True)
class ItemState:
    """What scoring needs of one item assessment."""

    item_id: str
    status: str
    demonstration: str = "none"


@dataclass(frozen=True)
class Support:
    """What the records show of items: sets of item IDs, gathered by the improvement layer.

    Kept as plain sets so scoring stays pure; with no records at all (the default) nothing
    declared is supported: sustained scores as implemented and confidence is 0.
    """

    any_evidence: frozenset[str] = frozenset()
    public_evidence: frozenset[str] = frozenset()
    public_summary: frozenset[str] = frozenset()
    peer_review: frozenset[str] = frozenset()
    shared_record: frozenset[str] = frozenset()
    verified: frozenset[str] = frozenset()
    has_public_summaries: bool = False
    has_published_figures: bool = False


@dataclass(frozen=True)
class Assurance:
    """What peer reviews have checked (facts for the assurance part of confidence)."""

    any_peer_review: bool = False
    peer_review_in_cadence: bool = False
    follow_up: float | None = None  # share (0-100) of due follow-ups held
    verified_share: float | None = None  # share (0-100) of recommendations verified


NO_RECORDS = Support()
NO_ASSURANCE = Assurance()


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
    transparency: float | None = None
    assurance: float | None = None
    optional: dict[str, float | None] = field(default_factory=dict)
    flags: tuple[tuple[str, str], ...] = ()
    rules_version: int = 2

    def as_dict(self) -> dict[str, object]:
        return {
            "rules_version": self.rules_version,
            "overall": _round(self.overall),
            "weakest_commitment": self.weakest_commitment,
            "commitments": {k: _round(v) for k, v in self.commitments.items()},
            "elements": {k: _round(v) for k, v in self.elements.items()},
            "confidence": _round(self.confidence),
            "confidence_parts": {
                "transparency": _round(self.transparency),
                "assurance": _round(self.assurance),
            },
            "demonstrated_share": _round(self.demonstrated_share),
            "measure_coverage": _round(self.measure_coverage),
            "optional": {k: _round(v) for k, v in self.optional.items()},
            "flags": [{"item": item, "flag": flag} for item, flag in self.flags],
            "counts": dict(self.counts),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass(frozen=True)
class _Item:
    section: str
    commitments: tuple[str, ...]
    elements: tuple[str, ...]
    weight: float
    counted_in: str | None


@dataclass(frozen=True)
class _Compiled:
    """The pack reduced to dicts and tuples once, so scoring is lookups, not model walks."""

    items: dict[str, _Item]
    points: dict[str, float | None]
    implemented: frozenset[str]
    needs_verification: frozenset[str]
    fallback_points: float
    demos: dict[str, tuple[int, bool, tuple[str, ...]]]  # id → (rank, public, supported_by)
    by_rank: tuple[str, ...]  # demonstration IDs, highest rank first
    graded: tuple[tuple[frozenset[str], str, float], ...]
    # demonstration → the levels from it downward, each with the records that back it
    chains: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(default_factory=dict)
    support_kinds: frozenset[str] = frozenset()
    weights: dict[frozenset[str], dict[str, float]] = field(default_factory=dict)


_COMPILED: dict[int, tuple[Pack, _Compiled]] = {}


def compiled(pack: Pack) -> _Compiled:
    cached = _COMPILED.get(id(pack))
    if cached is not None and cached[0] is pack:
        return cached[1]
    rules = pack.assessment
    items = {}
    for section, item in pack.assessable():
        single = getattr(item, "commitment", None)
        commitments = (single,) if single else tuple(getattr(item, "commitments", ()))
        weight = rules.item_weights.get(item.id, rules.section_weights.get(section, 1.0))
        items[item.id] = _Item(
            section,
            commitments,
            tuple(getattr(item, "elements", ())),
            weight,
            getattr(item, "counted_in", None),
        )
    fallback = max(
        (
            s.points
            for s in rules.statuses
            if s.implemented and not s.needs_verification and s.points is not None
        ),
        default=0.0,
    )
    result = _Compiled(
        items=items,
        points={s.id: s.points for s in rules.statuses},
        implemented=frozenset(s.id for s in rules.statuses if s.implemented),
        needs_verification=frozenset(s.id for s in rules.statuses if s.needs_verification),
        fallback_points=float(fallback or 0.0),
        demos={d.id: (d.rank, d.public, tuple(d.supported_by)) for d in rules.demonstrations},
        by_rank=tuple(d.id for d in sorted(rules.demonstrations, key=lambda d: -d.rank)),
        graded=tuple((frozenset(g.items), g.when, g.weight) for g in rules.graded),
        chains={
            d.id: tuple(
                (lower.id, tuple(lower.supported_by))
                for lower in sorted(rules.demonstrations, key=lambda x: -x.rank)
                if lower.rank <= d.rank
            )
            for d in rules.demonstrations
        },
        support_kinds=frozenset(k for d in rules.demonstrations for k in d.supported_by),
    )
    _COMPILED[id(pack)] = (pack, result)
    return result


def weight(pack: Pack, item_id: str, scopes: frozenset[str] = frozenset()) -> float:
    """An item's weight: its section's (or its own), raised by graded rules the programme meets."""
    return _weights(compiled(pack), scopes)[item_id]


def commitments_of(pack: Pack, item_id: str) -> list[str]:
    item = pack.item(item_id)
    single = getattr(item, "commitment", None)
    return [single] if single else list(getattr(item, "commitments", []))


def effective_demonstration(pack: Pack, item: ItemState, support: Support) -> str:
    """The highest level at or below the declared one that the records support."""
    return _Effective(pack, compiled(pack), support)(item)


def measure_backed(pack: Pack, item_id: str, support: Support) -> bool:
    """A confidence-building measure is done when a PUBLIC record shows it, not when declared."""
    rules = pack.assessment.confidence
    return (
        item_id in support.public_evidence
        or (support.has_public_summaries and item_id in rules.backed_by_public_summaries)
        or (support.has_published_figures and item_id in rules.backed_by_published_figures)
    )


def points(pack: Pack, item: ItemState, support: Support) -> float | None:
    """Index points of an item (None: not applicable or not adopted), verification applied."""
    c = compiled(pack)
    value = c.points.get(item.status)
    if value is None:
        return None
    if item.status in c.needs_verification and item.item_id not in support.verified:
        return min(value, c.fallback_points)
    return value


def _mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    total = weights = 0.0
    for w, v in pairs:
        total += w * v
        weights += w
    return total / weights if weights else None


def index(
    pack: Pack,
    items: Iterable[ItemState],
    support: Support = NO_RECORDS,
    scopes: frozenset[str] = frozenset(),
) -> float | None:
    """Weighted mean of the points of the applicable items, on 0–100 (None if none apply)."""
    pairs = []
    for item in items:
        p = points(pack, item, support)
        if p is not None:
            pairs.append((weight(pack, item.item_id, scopes), p))
    return _mean(pairs)


def score(
    pack: Pack,
    items: Iterable[ItemState],
    *,
    support: Support = NO_RECORDS,
    assurance: Assurance = NO_ASSURANCE,
    scopes: frozenset[str] = frozenset(),
) -> Scores:
    """Every index of one assessment, from its items and what the records show.

    One pass over the items into per-commitment and per-element sums: the history of every
    state is scored on the dashboard and in comparisons, so this is kept to plain arithmetic.
    """
    c = compiled(pack)
    rules = pack.assessment
    s = rules.scoring
    items = list(items)
    weights = _weights(c, scopes)
    commitment_ids = [x.id for x in pack.commitments]
    element_ids = [x.id for x in pack.elements]
    c_sum = dict.fromkeys(commitment_ids, 0.0)
    c_weight = dict.fromkeys(commitment_ids, 0.0)
    c_credit = dict.fromkeys(commitment_ids, 0)
    c_optional = {k: [0, 0] for k in commitment_ids}  # adopted, applicable
    e_sum = dict.fromkeys(element_ids, 0.0)
    e_weight = dict.fromkeys(element_ids, 0.0)
    e_credit = dict.fromkeys(element_ids, 0)
    e_optional = {k: [0, 0] for k in element_ids}
    total = total_weight = 0.0
    credited = adopted = n_items = not_applicable = 0
    actions: list[ItemState] = []
    implemented: list[ItemState] = []
    measures: list[ItemState] = []
    for item in items:
        info = c.items.get(item.item_id)
        if info is None:
            continue
        n_items += 1
        status = item.status
        value = c.points.get(status)
        if value is None:
            not_applicable += 1
        section = info.section
        if section == ACTIONS:
            actions.append(item)
            if status in c.implemented:
                implemented.append(item)
            if value is None:
                continue
            if status in c.needs_verification and item.item_id not in support.verified:
                value = min(value, c.fallback_points)
            w = weights[item.item_id]
            total += w * value
            total_weight += w
            for k in info.commitments:
                c_sum[k] += w * value
                c_weight[k] += w
            for k in info.elements:
                e_sum[k] += w * value
                e_weight[k] += w
        elif section == OPTIONAL:
            if value is None and status != NOT_ADOPTED:
                continue  # not applicable
            done = status in c.implemented
            for k in info.commitments:
                c_optional[k][1] += 1
                c_optional[k][0] += done
            for k in info.elements:
                e_optional[k][1] += 1
                e_optional[k][0] += done
            if done:
                adopted += 1
                if info.counted_in is None:
                    credited += 1
                    for k in info.commitments:
                        c_credit[k] += 1
                    for k in info.elements:
                        e_credit[k] += 1
        else:
            measures.append(item)

    def with_credit(weighted: float, weight: float, count: int) -> float | None:
        return _with_credit(s, weighted, weight, count)

    def share(pair: list[int]) -> float | None:
        return 100.0 * pair[0] / pair[1] if pair[1] else None

    own = {k: with_credit(c_sum[k], c_weight[k], c_credit[k]) for k in commitment_ids}
    commitments = _blended(s, own)
    elements: dict[str, float | None] = {}
    for k in element_ids:
        if e_weight[k]:
            elements[k] = with_credit(e_sum[k], e_weight[k], e_credit[k])
        elif s.element_without_actions == "optional_share":
            elements[k] = share(e_optional[k])
        else:
            elements[k] = None
    present = {k: v for k, v in commitments.items() if v is not None}
    weakest = min(present, key=lambda k: present[k]) if present else None
    effective = _Effective(pack, c, support)
    demonstrated, coverage, transparency, assured, confidence = _confidence(
        pack, actions, implemented, measures, support, assurance, effective
    )
    return Scores(
        overall=with_credit(total, total_weight, credited),
        commitments=commitments,
        elements=elements,
        weakest_commitment=weakest,
        confidence=confidence,
        demonstrated_share=demonstrated,
        measure_coverage=coverage,
        counts={
            "items": n_items,
            "not_applicable": not_applicable,
            "implemented": len(implemented),
            "optional_adopted": adopted,
        },
        transparency=transparency,
        assurance=assured,
        optional={k: share(c_optional[k]) for k in commitment_ids},
        flags=tuple(_flags(c, pack, items, support, effective)),
        rules_version=rules.rules_version,
    )


NOT_ADOPTED = "not_adopted"


@dataclass(frozen=True)
class Raised:
    """The overall and commitment indices of an assessment with one item raised: what `score`
    would give for them, without the confidence, elements and flags no caller of it needs."""

    overall: float | None
    commitments: dict[str, float | None]


_Term = tuple[int, float, float]  # (position in the items, weight × points, weight)


def raised(
    pack: Pack,
    items: Sequence[ItemState],
    positions: Iterable[int],
    status: str,
    *,
    support: Support = NO_RECORDS,
    scopes: frozenset[str] = frozenset(),
) -> dict[int, Raised]:
    """For each position, the indices `score` would give with that item set to `status` and
    every other item as it is, from one pass over the items.

    The roadmap ranks every gap by what closing it lifts; scoring the whole assessment again per
    gap was most of its cost. An index is a weighted sum over the items in order, so each
    raised index sums the same terms in the same order with one term changed: the figures are
    exactly those of `score`, float for float. Only the raised item's commitments (and, through
    the blends, the commitments that mix them in) and the overall index move.
    """
    c = compiled(pack)
    s = pack.assessment.scoring
    weights = _weights(c, scopes)
    commitment_ids = [x.id for x in pack.commitments]
    total_terms: list[_Term] = []
    c_terms: dict[str, list[_Term]] = {k: [] for k in commitment_ids}
    c_credit = dict.fromkeys(commitment_ids, 0)
    credited = 0
    for n, item in enumerate(items):
        info = c.items.get(item.item_id)
        if info is None:
            continue
        if info.section == ACTIONS:
            value = _action_points(c, item, item.status, support)
            if value is None:
                continue
            w = weights[item.item_id]
            term = (n, w * value, w)
            total_terms.append(term)
            for k in info.commitments:
                c_terms[k].append(term)
        elif info.section == OPTIONAL and _credits(c, info, item.status):
            credited += 1
            for k in info.commitments:
                c_credit[k] += 1
    sums = {k: _resum(c_terms[k]) for k in commitment_ids}
    base_own = {k: _with_credit(s, *sums[k], c_credit[k]) for k in commitment_ids}
    base_total = _resum(total_terms)
    out = {}
    for n in positions:
        item = items[n]
        info = c.items.get(item.item_id)
        own = base_own
        total, count = base_total, credited
        if info is not None and info.section == ACTIONS:
            value = _action_points(c, item, status, support)
            new = None if value is None else (weights[item.item_id] * value, weights[item.item_id])
            total = _resum(total_terms, n, new)
            own = dict(base_own)
            for k in info.commitments:
                own[k] = _with_credit(s, *_resum(c_terms[k], n, new), c_credit[k])
        elif info is not None and info.section == OPTIONAL:
            delta = _credits(c, info, status) - _credits(c, info, item.status)
            if delta:
                count += delta
                own = dict(base_own)
                for k in info.commitments:
                    own[k] = _with_credit(s, *sums[k], c_credit[k] + delta)
        out[n] = Raised(_with_credit(s, *total, count), _blended(s, own))
    return out


def _action_points(c: _Compiled, item: ItemState, status: str, support: Support) -> float | None:
    """An implementation action's points at `status`, as `score` counts them."""
    value = c.points.get(status)
    if (
        value is not None
        and status in c.needs_verification
        and item.item_id not in support.verified
    ):
        return min(value, c.fallback_points)
    return value


def _credits(c: _Compiled, info: _Item, status: str) -> bool:
    """Whether an optional action at `status` earns credit, as `score` counts it."""
    applicable = c.points.get(status) is not None or status == NOT_ADOPTED
    return applicable and status in c.implemented and info.counted_in is None


def _resum(
    terms: list[_Term], n: int = -1, new: tuple[float, float] | None = None
) -> tuple[float, float]:
    """Weighted sum and weight of the terms in item order, the term at position `n` (if any)
    replaced by `new` (None: left out), added in the order `score` adds them."""
    total = weight = 0.0
    for pos, value, w in terms:
        if pos >= n and new is not None:
            total += new[0]
            weight += new[1]
            new = None
        if pos == n:
            continue
        total += value
        weight += w
    if new is not None:
        total += new[0]
        weight += new[1]
    return total, weight


def _with_credit(s: ScoringRules, weighted: float, weight: float, count: int) -> float | None:
    """An index from its weighted sum, plus the capped credit of adopted optional actions."""
    if not weight:
        return None
    bonus = min(s.optional_credit_cap, s.optional_credit_points * count)
    return min(100.0, weighted / weight + bonus)


def _blended(s: ScoringRules, own: dict[str, float | None]) -> dict[str, float | None]:
    """Commitment indices with the blend rules applied to each commitment's own index."""
    commitments = dict(own)
    for blend in s.blends:
        others = [v for o in blend.others if (v := own.get(o)) is not None]
        mine = own.get(blend.commitment)
        if mine is not None and others:
            commitments[blend.commitment] = (
                blend.own * mine + blend.others_weight * sum(others) / len(others)
            ) / (blend.own + blend.others_weight)
    return commitments


def _weights(c: _Compiled, scopes: frozenset[str]) -> dict[str, float]:
    """Item → weight for a programme's scopes, computed once per set of scopes."""
    cached = c.weights.get(scopes)
    if cached is None:
        cached = {}
        for item_id, info in c.items.items():
            w = info.weight
            for graded, when, factor in c.graded:
                if item_id in graded and when in scopes:
                    w = max(w, info.weight * factor)
            cached[item_id] = w
        c.weights[scopes] = cached
    return cached


class _Effective:
    """The effective demonstration of an item: the first level, from the declared one down,
    that the records back. Made once per score, so the support sets are looked up once."""

    def __init__(self, pack: Pack, c: _Compiled, support: Support) -> None:
        self.lowest = c.by_rank[-1]
        self.chains = c.chains
        self.sets = {kind: getattr(support, kind) for kind in c.support_kinds}

    def __call__(self, item: ItemState) -> str:
        declared = item.demonstration
        if declared == self.lowest:
            return declared
        for demo_id, needs in self.chains.get(declared, ()):
            if not needs or any(item.item_id in self.sets[kind] for kind in needs):
                return demo_id
        return self.lowest


def _flags(
    c: _Compiled,
    pack: Pack,
    items: Iterable[ItemState],
    support: Support,
    effective: _Effective,
) -> list[tuple[str, str]]:
    out = []
    for item in items:
        info = c.items.get(item.item_id)
        if info is None:
            continue
        if item.status in c.needs_verification and item.item_id not in support.verified:
            out.append((item.item_id, "sustained_unverified"))
        if effective(item) != item.demonstration:
            out.append((item.item_id, "demonstration_unsupported"))
        if (
            info.section == MEASURES
            and item.status in c.implemented
            and not measure_backed(pack, item.item_id, support)
        ):
            out.append((item.item_id, "measure_unbacked"))
    return out


def _confidence(
    pack: Pack,
    actions: list[ItemState],
    implemented: list[ItemState],
    measures: list[ItemState],
    support: Support,
    assurance: Assurance,
    effective: _Effective,
) -> tuple[float | None, float | None, float | None, float | None, float | None]:
    c = compiled(pack)
    rules = pack.assessment.confidence
    if implemented:
        public = sum(1 for i in implemented if c.demos[effective(i)][1])
        demonstrated: float | None = 100.0 * public / len(implemented)
    else:
        demonstrated = 0.0 if actions else None
    applicable = [m for m in measures if c.points.get(m.status) is not None]
    coverage = (
        100.0
        * sum(1 for m in applicable if measure_backed(pack, m.item_id, support))
        / len(applicable)
        if applicable
        else None
    )
    transparency = _weighted(
        rules.transparency_weights,
        {"demonstrated_share": demonstrated, "measure_coverage": coverage},
    )
    if not assurance.any_peer_review:
        assured: float | None = 0.0
    else:
        assured = _weighted(
            rules.assurance_weights,
            {
                "peer_review_in_cadence": 100.0 if assurance.peer_review_in_cadence else 0.0,
                "follow_up": assurance.follow_up,
                "verified_share": assurance.verified_share,
                "shared_share": _shared_share(pack, implemented, effective),
            },
        )
    if not actions and not measures:
        return demonstrated, coverage, transparency, assured, None
    confidence = _weighted(
        rules.weights, {"transparency": transparency or 0.0, "assurance": assured or 0.0}
    )
    return demonstrated, coverage, transparency, assured, confidence


def _shared_share(pack: Pack, implemented: list[ItemState], effective: _Effective) -> float | None:
    """Share of implemented actions shared in confidence or better, as far as records show."""
    level = pack.assessment.confidence.shared_level
    c = compiled(pack)
    if level is None or not implemented:
        return None
    floor = c.demos[level][0]
    shared = sum(1 for i in implemented if c.demos[effective(i)][0] >= floor)
    return 100.0 * shared / len(implemented)


def _weighted(weights: dict, parts: dict[str, float | None]) -> float | None:
    present = [(weights[k], v) for k, v in parts.items() if v is not None and weights.get(k, 0) > 0]
    return _mean(present)


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
