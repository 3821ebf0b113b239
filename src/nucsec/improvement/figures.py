"""A state's figures as each caller may see them, and their approval for publication.

Figures computed from item assessments are OFFICIAL by default (DESIGN §4): callers cleared to
OFFICIAL or above get them computed over every item. A PUBLIC caller only ever gets the frozen
figures a coordinator approved for publication (score releases labelled PUBLIC).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access import head_cache, visibility
from nucsec.access.head_cache import HeadCache
from nucsec.access.labels import Label
from nucsec.access.principal import Permission
from nucsec.access.visibility import aggregate_reader, principal_of
from nucsec.assessments.models import Assessment, ItemAssessment, ScoreRelease
from nucsec.assessments.scoring import ItemState, Scores, score, trend
from nucsec.catalogue import default_pack
from nucsec.errors import Forbidden, NotFound
from nucsec.improvement import records as recs
from nucsec.improvement import score_cache
from nucsec.states import service as states
from nucsec.states.models import State
from nucsec.states.schemas import ProgrammeProfile

FIGURES_LABEL = Label.OFFICIAL


_CACHE: HeadCache[dict[int, Scores]] = HeadCache(512)


def scores_of_history(
    session: Session, state: State, history: Sequence[Assessment], today: date | None = None
) -> dict[int, Scores]:
    """Scores of a state's assessments, over every item and record (aggregates only).

    Each assessment is scored as of its own date, the latest as of today: a review after
    the latest assessment still verifies what it covers. While nothing was written the process
    keeps the computed history in memory (keyed by the audit chain's head, which every write
    moves) and reads nothing but the head; otherwise `scores_of_states` serves it.
    """
    today = today or date.today()
    dated = [(a.id, a.assessed_on) for a in history]
    profile = states.profile_of(state)
    scopes = tuple(sorted(profile.scopes()))
    return _CACHE.get(
        session,
        (state.id, today, tuple(dated), scopes),
        lambda: _scores(session, {state.id: (profile, dated)}, today, _head(session))[state.id],
        per_clearance=False,  # computed over every item, whoever asks
    )


History = dict[int, tuple[ProgrammeProfile, list[tuple[int, date]]]]


def scores_of_states(
    session: Session, histories: History, today: date | None = None
) -> dict[int, dict[int, Scores]]:
    """State → assessment → scores, for many states in a fixed number of queries.

    `histories` maps each state to its profile and its (assessment id, date) pairs, oldest
    first. Scores whose basis is unchanged come from the score cache (one query); the others
    are computed from one bulk read and stored.
    """
    today = today or date.today()
    return _scores(session, histories, today, _head(session))


def _head(session: Session) -> score_cache.Head | None:
    return head_cache.head(session)


def _scores(
    session: Session, histories: History, today: date, head: score_cache.Head | None
) -> dict[int, dict[int, Scores]]:
    plan = _plan(histories, today)
    if head is None:  # no audit head (a database never written through nucsec): no cache
        return _arrange(histories, _compute(session, plan))
    keys = {
        a: score_cache.basis(head, as_of, scopes)
        for scopes, dated in plan.values()
        for a, as_of in dated
    }
    connection = session.connection()
    found = score_cache.load(connection, head, keys, list(histories))
    missing = {
        state_id: (scopes, [(a, as_of) for a, as_of in dated if a not in found])
        for state_id, (scopes, dated) in plan.items()
        if any(a not in found for a, _ in dated)
    }
    if missing:
        computed = _compute(session, missing)
        score_cache.store(connection, head, keys, computed)
        found.update(computed)
    return _arrange(histories, found)


Plan = dict[int, tuple[frozenset[str], list[tuple[int, date]]]]


def _plan(histories: History, today: date) -> Plan:
    """State → (scopes, [(assessment, the date it is scored as of)]): the latest as of today."""
    plan: Plan = {}
    for state_id, (profile, dated) in histories.items():
        latest = dated[-1][0] if dated else None
        plan[state_id] = (
            frozenset(profile.scopes()),
            [(a, max(today, day) if a == latest else day) for a, day in dated],
        )
    return plan


def _arrange(histories: History, scores: dict[int, Scores]) -> dict[int, dict[int, Scores]]:
    return {
        state_id: {a: scores[a] for a, _ in dated} for state_id, (_, dated) in histories.items()
    }


def compute_scores_of_states(
    session: Session, histories: History, today: date | None = None
) -> dict[int, dict[int, Scores]]:
    """`scores_of_states` without the cache: what a first view (or any view after a write)
    costs. The benchmark measures both."""
    return _arrange(histories, _compute(session, _plan(histories, today or date.today())))


def _compute(session: Session, plan: Plan) -> dict[int, Scores]:
    """Score the planned assessments from one read of their items and one of their states'
    records (column tuples on the caller's connection, no ORM objects)."""
    pack = default_pack()
    ids = [a for _, dated in plan.values() for a, _ in dated]
    if not ids:
        return {}
    query = select(
        ItemAssessment.assessment_id,
        ItemAssessment.item_id,
        ItemAssessment.status,
        ItemAssessment.demonstration,
    )
    if len(ids) <= recs.SHORT_LIST:
        query = query.where(ItemAssessment.assessment_id.in_(ids))
    else:  # every assessment of these states: one short IN list, not hundreds of parameters
        query = query.join(Assessment, Assessment.id == ItemAssessment.assessment_id).where(
            Assessment.state_id.in_(list(plan))
        )
    with aggregate_reader(session) as reader:
        rows = visibility.rows(reader, query).all()
        records = recs.gather_many(reader, plan, ids)
    items: dict[int, list[ItemState]] = {i: [] for i in ids}
    for assessment_id, item_id, status, demonstration in rows:
        if assessment_id in items:
            items[assessment_id].append(ItemState(item_id, status, demonstration))
    out: dict[int, Scores] = {}
    for state_id, (scopes, dated) in plan.items():
        state_records = records.get(state_id, recs.StateRecords())
        for assessment_id, as_of in dated:
            out[assessment_id] = score(
                pack,
                items[assessment_id],
                support=recs.support(pack, state_records, assessment_id, as_of),
                assurance=recs.assurance(pack, state_records, as_of),
                scopes=scopes,
            )
    return out


def scores_of(session: Session, assessment: Assessment, today: date | None = None) -> Scores:
    """Scores of one assessment; the latest of its state is scored as of today."""
    with aggregate_reader(session) as reader:
        state = reader.get(State, assessment.state_id)
        later = reader.scalar(
            select(Assessment.id)
            .where(
                Assessment.state_id == assessment.state_id,
                (Assessment.assessed_on > assessment.assessed_on)
                | (
                    (Assessment.assessed_on == assessment.assessed_on)
                    & (Assessment.id > assessment.id)
                ),
            )
            .limit(1)
        )
        assert state is not None  # an assessment always has its state (foreign key)
        reader.expunge(state)
    if later is None:
        return scores_of_history(session, state, [assessment], today)[assessment.id]
    return scores_of_history(session, state, [assessment], assessment.assessed_on)[assessment.id]


def figures(
    *,
    session: Session,
    state_code: str,
    assessment_id: int | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The `nucsec score` document: indices of one assessment (the latest by default) and trend."""
    principal = principal_of(session)
    state = states.get(session=session, code=state_code)
    if not principal.may_see(FIGURES_LABEL):
        return _released(session, state.code, state.id, assessment_id)
    history = list(  # the state's self-assessments, oldest first (as assessments.list_for_state)
        session.scalars(
            select(Assessment)
            .where(Assessment.state_id == state.id, Assessment.kind == "self")
            .order_by(Assessment.assessed_on, Assessment.id)
        )
    )
    if assessment_id is not None:
        chosen = next((a for a in history if a.id == assessment_id), None)
        if chosen is None:
            raise NotFound(f"no assessment {assessment_id} for state {state.code}")
    elif history:
        chosen = history[-1]
    else:
        raise NotFound(f"state {state.code} has no assessment yet")
    computed = scores_of_history(session, state, history, today)
    points = trend((a.assessed_on, a.id, computed[a.id]) for a in history)
    return {
        "state": state.code,
        "assessment": chosen.id,
        "assessed_on": chosen.assessed_on.isoformat(),
        "label": FIGURES_LABEL.value,
        "source": "computed",
        **computed[chosen.id].as_dict(),
        "trend": [p.as_dict() for p in points],
    }


def _released(
    session: Session, code: str, state_id: int, assessment_id: int | None
) -> dict[str, Any]:
    releases = _releases_of(session, state_id)
    if assessment_id is not None:
        releases = [r for r in releases if r.assessment_id == assessment_id]
    if not releases:
        raise NotFound(f"no approved figures for state {code}")
    chosen = releases[-1]
    return {
        "state": code,
        "assessment": chosen.assessment_id,
        "assessed_on": chosen.assessed_on.isoformat(),
        "label": Label.PUBLIC.value,
        "source": "approved",
        **chosen.figures,
        "rules_version": chosen.rules_version,
        "trend": [
            {
                "date": r.assessed_on.isoformat(),
                "assessment": r.assessment_id,
                "overall": r.figures.get("overall"),
                "confidence": r.figures.get("confidence"),
            }
            for r in releases
        ],
    }


def approve(
    *, session: Session, state_code: str, assessment_id: int, note: str | None = None
) -> ScoreRelease:
    """Freeze an assessment's figures as PUBLIC: the indices, the status of each
    confidence-building measure, and the competence and cooperation measures over all records
    (so a public share such as "positions with a qualification requirement" is over every
    position, not the public ones only). No item detail, note or evidence goes with them."""
    principal = principal_of(session)
    if not principal.can(Permission.publish_figures):
        raise Forbidden(f"your role ({principal.role}) may not publish figures")
    state = states.get(session=session, code=state_code)
    from nucsec.assessments import service as assessments  # a write: imported when it runs
    from nucsec.competence.service import measure_trend

    assessment = assessments.get(session=session, assessment_id=assessment_id)
    if assessment.state_id != state.id:
        raise NotFound(f"no assessment {assessment_id} for state {state.code}")
    computed = scores_of(session, assessment)
    measure_ids = [m.id for m in default_pack().measures]
    with aggregate_reader(session) as reader:
        statuses = dict(
            reader.execute(
                select(ItemAssessment.item_id, ItemAssessment.status).where(
                    ItemAssessment.assessment_id == assessment.id,
                    ItemAssessment.item_id.in_(measure_ids),
                )
            ).all()
        )
        totals = measure_trend(session=reader, state_code=state.code)
    release = ScoreRelease(
        state_id=state.id,
        assessment_id=assessment.id,
        assessed_on=assessment.assessed_on,
        figures={**computed.as_dict(), "measures": statuses, "records": totals},
        rules_version=computed.rules_version,
        approved_by=principal.username,
        note=note,
        label=Label.PUBLIC.value,
    )
    session.add(release)
    session.flush()
    return release


def releases(*, session: Session, state_code: str) -> list[ScoreRelease]:
    state = states.get(session=session, code=state_code)
    return _releases_of(session, state.id)


def release_dates(*, session: Session, state_code: str) -> list[date]:
    """The dates of a state's approved figures, oldest first, without reading the figures
    themselves (a dashboard lists the dates; decoding every frozen document cost it a sixth
    of its time)."""
    state = states.get(session=session, code=state_code)
    query = (
        select(ScoreRelease.assessed_on)
        .where(ScoreRelease.state_id == state.id)
        .order_by(ScoreRelease.assessed_on, ScoreRelease.id)
    )
    return list(session.scalars(query))


def _releases_of(session: Session, state_id: int) -> list[ScoreRelease]:
    """A state's approved figures, oldest first."""
    return list(
        session.scalars(
            select(ScoreRelease)
            .where(ScoreRelease.state_id == state_id)
            .order_by(ScoreRelease.assessed_on, ScoreRelease.id)
        )
    )
