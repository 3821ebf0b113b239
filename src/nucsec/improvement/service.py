"""Roadmap, consistency check and continuous-improvement measures of a state, as the caller may
see them: built from the latest assessment and the recorded reviews, findings, evidence and
cooperation, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.visibility import rows
from nucsec.assessments import service as assessments
from nucsec.assessments.models import Assessment, ItemAssessment
from nucsec.assessments.schemas import ItemUpdate
from nucsec.assessments.scoring import Support, score
from nucsec.catalogue import default_pack
from nucsec.catalogue.schema import Pack
from nucsec.errors import Invalid, NotFound
from nucsec.improvement import consistency, cycle
from nucsec.improvement import records as recs
from nucsec.improvement.roadmap import ItemRecord, next_actions
from nucsec.reviews import metrics
from nucsec.states import service as states
from nucsec.states.applicability import not_applicable
from nucsec.states.models import State


@dataclass(frozen=True)
class View:
    """A state's latest assessment and records, as one caller sees them."""

    state: State
    latest: Assessment | None
    items: list[ItemRecord] | None
    records: recs.StateRecords
    support: Support
    scopes: frozenset[str]
    today: date | None = None
    done: dict[str, list[dict]] | None = None  # `recs.done_in_records` as of `today`

    def done_in_records(self, pack: Pack, today: date) -> dict[str, list[dict]]:
        """What the records show done as of `today`: worked out once per view, since the
        dashboard's roadmap and check both need it."""
        if self.done is not None and self.today == today:
            return self.done
        return recs.done_in_records(pack, self.records, today)


def view(*, session: Session, state_code: str, today: date) -> View:
    pack = default_pack()
    state = states.get(session=session, code=state_code)
    latest = _latest(session, state.id)
    records = recs.gather(session, state.id, [latest.id] if latest else [])
    scopes = frozenset(states.profile_of(state).scopes())
    items = None
    if latest is not None:
        columns = (
            ItemAssessment.item_id,
            ItemAssessment.status,
            ItemAssessment.demonstration,
            ItemAssessment.owner,
            ItemAssessment.target_date,
        )
        found = rows(session, select(*columns).where(ItemAssessment.assessment_id == latest.id))
        items = _in_pack_order(pack, [ItemRecord(*r) for r in found])
    support = recs.support(pack, records, latest.id if latest else None, today)
    done = recs.done_in_records(pack, records, today)
    return View(state, latest, items, records, support, scopes, today, done)


def _latest(session: Session, state_id: int) -> Assessment | None:
    """The state's latest self-assessment the session may see (`assessments.latest`), read as
    one row rather than the whole history."""
    return session.scalar(
        select(Assessment)
        .where(Assessment.state_id == state_id, Assessment.kind == "self")
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())
        .limit(1)
    )


_ORDER: dict[int, tuple[Pack, dict[str, int]]] = {}


def _in_pack_order(pack: Pack, items: list[ItemRecord]) -> list[ItemRecord]:
    kept = _ORDER.get(id(pack))
    if kept is None or kept[0] is not pack:
        kept = (pack, {item.id: n for n, (_, item) in enumerate(pack.assessable())})
        _ORDER[id(pack)] = kept
    order = kept[1]
    return sorted(items, key=lambda i: order.get(i.item_id, len(order)))


def roadmap(
    *,
    session: Session,
    state_code: str,
    today: date,
    limit: int | None = None,
    seen: View | None = None,
) -> dict[str, Any]:
    """Cycle position and ranked next actions, each with its reason.

    Before any assessment every applicable item counts as not started, so a new state still
    gets its first actions. Everything is built from the records the caller may see.
    """
    pack = default_pack()
    v = seen or view(session=session, state_code=state_code, today=today)
    if v.items is None:
        na = not_applicable(pack, states.profile_of(v.state))
        items = [
            ItemRecord(item.id, "not_applicable" if item.id in na else "not_started")
            for _, item in pack.assessable()
        ]
    else:
        items = v.items
    facts = cycle.facts(
        pack, list(v.items) if v.items is not None else None, v.records, v.support, v.scopes, today
    )
    position = cycle.position(pack, maturity=v.state.maturity, facts=facts, today=today)
    done = v.done_in_records(pack, today)
    scores = score(pack, items, support=v.support, scopes=v.scopes)  # once: the gains' base too
    actions = next_actions(
        pack,
        position=position,
        facts=facts,
        items=items,
        support=v.support,
        scopes=v.scopes,
        today=today,
        done=set(done),
        reviews={r.id: r.title for r in v.records.reviews},
        base=scores,
    )
    recorded = [
        {"item": i.item_id, "status": i.status, "records": done[i.item_id]}
        for i in items
        if i.item_id in done and not pack.assessment.status(i.status).implemented
    ]
    shown = actions[:limit] if limit else actions
    overdue = [a for a in actions if a.overdue]
    # an action both shown and overdue is rendered once (the document is only read)
    rendered: dict[int, dict[str, object]] = {}
    for a in (*shown, *overdue):
        if id(a) not in rendered:
            rendered[id(a)] = a.as_dict()
    return {
        "state": v.state.code,
        "assessment": v.latest.id if v.latest else None,
        "position": {"step": position.step, "title": position.title, "reason": position.reason},
        "weakest_commitment": scores.weakest_commitment if v.items is not None else None,
        "next_actions": [rendered[id(a)] for a in shown],
        "overdue": [rendered[id(a)] for a in overdue],
        "done_in_records": recorded,
    }


def check(
    *, session: Session, state_code: str, today: date, seen: View | None = None
) -> dict[str, Any]:
    """Contradictions between the latest assessment and the records the caller may see:
    `{"state", "issues": [{"item", "kind", "records", "detail", "fix"}]}`."""
    return _check(session=session, state_code=state_code, today=today, seen=seen)[1]


def _check(
    *, session: Session, state_code: str, today: date, seen: View | None = None
) -> tuple[int | None, dict[str, Any]]:
    pack = default_pack()
    v = seen or view(session=session, state_code=state_code, today=today)
    if v.items is None or v.latest is None:
        return None, {"state": v.state.code, "issues": []}
    found = consistency.issues(
        pack,
        list(v.items),
        support=v.support,
        records=v.records,
        links=v.records.links.get(v.latest.id, {}),
        done=v.done_in_records(pack, today),
    )
    return v.latest.id, {"state": v.state.code, "issues": [i.as_dict() for i in found]}


def fix(*, session: Session, state_code: str, item_id: str, kind: str, today: date) -> str:
    """Apply the fix the check proposes for one issue, through the usual item edit."""
    assessment_id, doc = _check(session=session, state_code=state_code, today=today)
    issue = next((i for i in doc["issues"] if i["item"] == item_id and i["kind"] == kind), None)
    if issue is None:
        raise NotFound(f"no {kind} issue on {item_id} for state {state_code.upper()}")
    if not issue["fix"]:
        raise Invalid(f"{item_id}: {kind} has no automatic fix: {issue['detail']}")
    assert assessment_id is not None  # an issue exists only for an assessed state
    assessment = assessments.get(session=session, assessment_id=assessment_id)
    assessments.update_item(
        session=session, assessment=assessment, item_id=item_id, data=ItemUpdate(**issue["fix"])
    )
    return f"{item_id}: " + ", ".join(f"{k} set to {v}" for k, v in issue["fix"].items())


def measures(
    *, session: Session, state_code: str, today: date | None = None, seen: View | None = None
) -> dict[str, Any]:
    """Continuous-improvement measures over what the caller may see: cadences and findings."""
    today = today or date.today()
    pack = default_pack()
    if seen is not None:
        state, records = seen.state, seen.records
    else:
        state = states.get(session=session, code=state_code)
        records = recs.gather(session, state.id)
    cadences = pack.assessment.cadence_months
    selfs = [d for d in recs.self_assessment_dates(pack, records) if d <= today]
    peers = recs.peer_reviews(pack, records, today)
    ended = {r.id: r.ended_on for r in records.reviews}
    peer_ids = {r.id for r in peers}
    facts = [
        metrics.FindingFacts(
            f.kind,
            f.status,
            ended[f.review_id],
            f.due_on,
            f.implemented_on,
            f.verified_on,
            f.shared,
            f.review_id in peer_ids,
            f.ref,
            f.reason,
        )
        for f in records.findings
    ]
    return {
        "state": state.code,
        "self_assessment": metrics.cadence(
            max(selfs, default=None), cadences["self_assessment"], today
        ),
        "peer_review": metrics.cadence(
            max((r.ended_on for r in peers), default=None), cadences["peer_review"], today
        ),
        "findings": metrics.finding_measures(facts, today),
    }
