"""What the records of a state show: reviews, findings, evidence links, publications, cooperation.

`gather` reads them in a fixed number of queries (whatever the number of records); the rest of
this module derives, as pure functions, what scoring, the cycle and the consistency check need:
which items the records support, verify or show done, and what peer reviews have assured.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.head_cache import HeadCache
from nucsec.access.labels import Label
from nucsec.access.visibility import rows
from nucsec.assessments.models import Assessment, ItemAssessment, ScoreRelease
from nucsec.assessments.scoring import Assurance, Support
from nucsec.catalogue.schema import Pack
from nucsec.competence.models import CooperationActivity
from nucsec.dates import add_months, within
from nucsec.evidence.models import Evidence, EvidenceLink
from nucsec.reviews.models import Finding, PublishedSummary, Review
from nucsec.reviews.workflow import ACTIVE, NOT_ACCEPTED, VERIFIED


@dataclass(frozen=True)
class ReviewFact:
    id: int
    kind: str
    title: str
    ended_on: date
    items: tuple[str, ...]
    follows_id: int | None


@dataclass(frozen=True)
class FindingFact:
    id: int
    review_id: int
    ref: str
    kind: str
    status: str
    items: tuple[str, ...]
    text: str
    owner: str | None = None
    due_on: date | None = None
    verified_on: date | None = None
    verified_by_review_id: int | None = None
    reason: str | None = None
    shared: bool = False
    implemented_on: date | None = None


@dataclass(frozen=True)
class CooperationFact:
    id: int
    kind: str
    held_on: date
    actions: tuple[str, ...]
    title: str


@dataclass(frozen=True)
class LinkFact:
    ref: str
    label: str


@dataclass(frozen=True)
class StateRecords:
    """Everything the figures, cycle and check read about one state, as plain data."""

    reviews: tuple[ReviewFact, ...] = ()
    findings: tuple[FindingFact, ...] = ()
    summary_findings: frozenset[int] = frozenset()  # findings with an approved public summary
    figures_released_on: tuple[date, ...] = ()  # assessment dates of approved figures
    cooperation: tuple[CooperationFact, ...] = ()
    self_assessments: tuple[date, ...] = ()  # self-assessment dates (assessments and reviews)
    links: dict[int, dict[str, tuple[LinkFact, ...]]] = field(default_factory=dict)


_GATHERED: HeadCache[StateRecords] = HeadCache(256)


def gather(session: Session, state_id: int, assessment_ids: Iterable[int] = ()) -> StateRecords:
    """The state's records the session may see, and the evidence links of the given assessments.

    Called on an aggregate reader for figures (everything), on the caller's session for the
    roadmap and the check (what they may see). Records read under one audit head and clearance
    serve the next view (the dashboard, the roadmap) without the seven queries behind them
    (`access.head_cache`).
    """
    ids = tuple(assessment_ids)
    return _GATHERED.get(
        session,
        (state_id, ids),
        lambda: gather_many(session, [state_id], ids).get(state_id, StateRecords()),
    )


def gather_many(
    session: Session, state_ids: Iterable[int], assessment_ids: Iterable[int] = ()
) -> dict[int, StateRecords]:
    """`gather` for many states at once, in the same fixed number of queries (column reads,
    no ORM objects): comparisons and the benchmark score every state's history."""
    ids = list(dict.fromkeys(state_ids))
    if not ids:
        return {}
    reviews = rows(
        session,
        select(
            Review.state_id, Review.id, Review.kind, Review.title, Review.ended_on,
            Review.items, Review.follows_id,
        )
        .where(Review.state_id.in_(ids))
        .order_by(Review.ended_on, Review.id),
    ).all()  # fmt: skip
    state_of_review = {r.id: r.state_id for r in reviews}
    findings = (
        rows(
            session,
            select(
                Finding.review_id,
                Finding.id,
                Finding.ref,
                Finding.kind,
                Finding.status,
                Finding.items,
                Finding.text,
                Finding.owner,
                Finding.due_on,
                Finding.verified_on,
                Finding.verified_by_review_id,
                Finding.reason,
                Finding.shared,
                Finding.implemented_on,
            )
            .join(Review, Review.id == Finding.review_id)
            .where(Review.state_id.in_(ids))
            .order_by(Finding.id),
        ).all()
        if reviews
        else []
    )
    summaries = rows(
        session,
        select(PublishedSummary.state_id, PublishedSummary.finding_id).where(
            PublishedSummary.state_id.in_(ids)
        ),
    ).all()
    released = rows(
        session,
        select(ScoreRelease.state_id, ScoreRelease.assessed_on)
        .where(ScoreRelease.state_id.in_(ids), ScoreRelease.label == Label.PUBLIC.value)
        .order_by(ScoreRelease.assessed_on),
    ).all()
    cooperation = rows(
        session,
        select(
            CooperationActivity.state_id, CooperationActivity.id, CooperationActivity.kind,
            CooperationActivity.held_on, CooperationActivity.actions, CooperationActivity.title,
        ).where(CooperationActivity.state_id.in_(ids)),
    ).all()  # fmt: skip
    selfs = rows(
        session,
        select(Assessment.state_id, Assessment.assessed_on)
        .where(Assessment.state_id.in_(ids), Assessment.kind == "self")
        .order_by(Assessment.assessed_on),
    ).all()
    links = _links(session, list(assessment_ids), ids)
    parts: dict[int, dict[str, list]] = {
        i: {"reviews": [], "findings": [], "summaries": [], "released": [], "coop": [], "selfs": []}
        for i in ids
    }
    for r in reviews:
        parts[r.state_id]["reviews"].append(
            ReviewFact(r.id, r.kind, r.title, r.ended_on, tuple(r.items or ()), r.follows_id)
        )
    for f in findings:
        parts[state_of_review[f.review_id]]["findings"].append(
            FindingFact(
                f.id, f.review_id, f.ref, f.kind, f.status, tuple(f.items or ()), f.text,
                f.owner, f.due_on, f.verified_on, f.verified_by_review_id, f.reason, f.shared,
                f.implemented_on,
            )
        )  # fmt: skip
    for state_id, finding_id in summaries:
        parts[state_id]["summaries"].append(finding_id)
    for state_id, day in released:
        parts[state_id]["released"].append(day)
    for c in cooperation:
        parts[c.state_id]["coop"].append(
            CooperationFact(c.id, c.kind, c.held_on, tuple(c.actions or ()), c.title)
        )
    for state_id, day in selfs:
        parts[state_id]["selfs"].append(day)
    return {
        i: StateRecords(
            reviews=tuple(p["reviews"]),
            findings=tuple(p["findings"]),
            summary_findings=frozenset(p["summaries"]),
            figures_released_on=tuple(p["released"]),
            cooperation=tuple(p["coop"]),
            self_assessments=tuple(p["selfs"]),
            links=links,
        )
        for i, p in parts.items()
    }


SHORT_LIST = 20
"""Up to this many IDs go into an IN list; more are selected by their states (an IN list of
hundreds of bound parameters costs more to compile than the rows it saves)."""


def _links(
    session: Session, assessment_ids: list[int], state_ids: list[int]
) -> dict[int, dict[str, tuple[LinkFact, ...]]]:
    """Assessment → item → linked evidence (ref, label) the session may see, in one query."""
    if not assessment_ids:
        return {}
    wanted = set(assessment_ids)
    query = (
        select(ItemAssessment.assessment_id, ItemAssessment.item_id, Evidence.ref, Evidence.label)
        .join(EvidenceLink, EvidenceLink.item_assessment_id == ItemAssessment.id)
        .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
        .order_by(Evidence.ref)
    )
    if len(wanted) <= SHORT_LIST:
        query = query.where(ItemAssessment.assessment_id.in_(wanted))
    else:
        query = query.where(Evidence.state_id.in_(state_ids))
    out: dict[int, dict[str, list[LinkFact]]] = {}
    for assessment_id, item_id, ref, label in rows(session, query):
        if assessment_id in wanted:
            out.setdefault(assessment_id, {}).setdefault(item_id, []).append(LinkFact(ref, label))
    return {a: {i: tuple(v) for i, v in items.items()} for a, items in out.items()}


# --- pure derivations ---------------------------------------------------------------------


def self_assessment_dates(pack: Pack, records: StateRecords) -> list[date]:
    return sorted(
        [*records.self_assessments]
        + [r.ended_on for r in records.reviews if _kind(pack, r.kind, "self_assessment")]
    )


def peer_reviews(pack: Pack, records: StateRecords, as_of: date) -> list[ReviewFact]:
    return [
        r for r in records.reviews if r.ended_on <= as_of and _kind(pack, r.kind, "peer_review")
    ]


def _kind(pack: Pack, kind_id: str, flag: str) -> bool:
    kind = pack.reviews.find_kind(kind_id)
    return bool(kind and getattr(kind, flag))


def covered_items(records: StateRecords, review: ReviewFact) -> set[str]:
    """Items a review looked at: those it lists and those its findings name or it verified."""
    items = set(review.items)
    for f in records.findings:
        if f.review_id == review.id or f.verified_by_review_id == review.id:
            items.update(f.items)
    return items


def open_items(records: StateRecords) -> set[str]:
    """Items with a finding still open or declined: no review verifies them meanwhile.

    A declined finding leaves the reviewers' concern standing, so declining never turns an
    item's `sustained` into a verified one.
    """
    return {
        i
        for f in records.findings
        if f.status in ACTIVE or f.status == NOT_ACCEPTED
        for i in f.items
    }


def support(pack: Pack, records: StateRecords, assessment_id: int | None, as_of: date) -> Support:
    """Which items the records back, for one assessment as of a date."""
    links = records.links.get(assessment_id, {}) if assessment_id is not None else {}
    public = {
        item for item, facts in links.items() if any(f.label == Label.PUBLIC.value for f in facts)
    }
    months = pack.assessment.verification_months
    cadence = pack.assessment.cadence_months["peer_review"]
    start = add_months(as_of, -months)
    verified: set[str] = set()
    peer: set[str] = set()
    for review in records.reviews:
        if review.ended_on > as_of:
            continue
        covered = covered_items(records, review)
        if start <= review.ended_on:
            verified |= covered
        if _kind(pack, review.kind, "peer_review") and within(review.ended_on, cadence, as_of):
            peer |= covered
    verified -= open_items(records)
    by_id = {f.id: f for f in records.findings}
    summarised = {i for fid in records.summary_findings if fid in by_id for i in by_id[fid].items}
    confidence = pack.assessment.confidence
    if records.summary_findings:
        summarised |= set(confidence.backed_by_public_summaries)
    if any(d <= as_of for d in records.figures_released_on):
        public |= set(confidence.backed_by_published_figures)
    shared = {
        i for f in records.findings if f.kind == "good_practice" and f.shared for i in f.items
    }
    # Cooperation records are activities with the IAEA or other states: shared by nature.
    cooperated = _cooperation_items(pack, records, as_of)
    shared |= cooperated
    return Support(
        any_evidence=frozenset(set(links) | cooperated),
        public_evidence=frozenset(public),
        public_summary=frozenset(summarised),
        peer_review=frozenset(peer),
        shared_record=frozenset(shared),
        verified=frozenset(verified),
        has_public_summaries=bool(records.summary_findings),
        has_published_figures=any(d <= as_of for d in records.figures_released_on),
    )


def _cooperation_items(pack: Pack, records: StateRecords, as_of: date) -> set[str]:
    kinds = {k.id: k.actions for k in pack.records.cooperation_kinds}
    return {
        a
        for c in records.cooperation
        if c.held_on <= as_of
        for a in (*c.actions, *kinds.get(c.kind, ()))
    }


def recommendations(pack: Pack, records: StateRecords, as_of: date) -> list[FindingFact]:
    """Recommendations of peer reviews held by `as_of`, declined ones included."""
    peers = {r.id for r in peer_reviews(pack, records, as_of)}
    return [f for f in records.findings if f.review_id in peers and f.kind == "recommendation"]


def assurance(pack: Pack, records: StateRecords, as_of: date) -> Assurance:
    """What peer reviews have checked, as of a date.

    Declined recommendations stay in the denominator of the verified share: declining never
    raises a figure.
    """
    peers = peer_reviews(pack, records, as_of)
    if not peers:
        return Assurance()
    rules = pack.assessment
    last = max(r.ended_on for r in peers)
    recs = recommendations(pack, records, as_of)
    verified = [
        f
        for f in recs
        if f.status == VERIFIED and (f.verified_on is None or f.verified_on <= as_of)
    ]
    with_recs = {f.review_id for f in recs}
    due = [
        r
        for r in peers
        if not _kind(pack, r.kind, "follow_up")
        and r.id in with_recs
        and add_months(r.ended_on, rules.confidence.follow_up_months) <= as_of
    ]
    followed = [r for r in due if _followed_up(pack, records, r, as_of)]
    return Assurance(
        any_peer_review=True,
        peer_review_in_cadence=within(last, rules.cadence_months["peer_review"], as_of),
        follow_up=100.0 * len(followed) / len(due) if due else None,
        verified_share=100.0 * len(verified) / len(recs) if recs else None,
    )


def _followed_up(pack: Pack, records: StateRecords, mission: ReviewFact, as_of: date) -> bool:
    return any(
        _kind(pack, r.kind, "follow_up")
        and r.ended_on <= as_of
        and (r.follows_id == mission.id or (r.follows_id is None and r.ended_on > mission.ended_on))
        for r in records.reviews
    )


def done_in_records(pack: Pack, records: StateRecords, today: date) -> dict[str, list[dict]]:
    """Item → the records (within their window) that show it carried out."""
    out: dict[str, list[dict]] = {}
    window = pack.records.cooperation_window_months
    kinds = {k.id: k for k in pack.records.cooperation_kinds}
    for c in records.cooperation:
        if c.held_on <= today and within(c.held_on, window, today):
            for action in set(c.actions) | set(kinds[c.kind].actions if c.kind in kinds else ()):
                out.setdefault(action, []).append(
                    {
                        "type": "cooperation",
                        "id": c.id,
                        "kind": c.kind,
                        "date": c.held_on.isoformat(),
                        "title": c.title,
                    }
                )
    rules = pack.assessment
    for r in records.reviews:
        kind = pack.reviews.find_kind(r.kind)
        if kind is None or not kind.shows_done or r.ended_on > today:
            continue
        months = (
            rules.cadence_months["peer_review"] if kind.peer_review else rules.verification_months
        )
        if within(r.ended_on, months, today):
            for item in kind.shows_done:
                out.setdefault(item, []).append(
                    {
                        "type": "review",
                        "id": r.id,
                        "kind": r.kind,
                        "date": r.ended_on.isoformat(),
                        "title": r.title,
                    }
                )
    return out
