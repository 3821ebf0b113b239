"""Scores kept per assessment are served only under the basis they were computed with: a view
after an edit, a new record or another pack re-scores, and the cached scores equal computed ones."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import Principal, Role
from nucsec.assessments import service as assessments
from nucsec.assessments.models import Assessment
from nucsec.assessments.schemas import ItemUpdate
from nucsec.db import transaction
from nucsec.improvement import figures, score_cache
from nucsec.improvement.models import ScoreCache
from nucsec.states.models import State
from nucsec.states.service import profile_of

COORDINATOR = Principal("amina", Role.coordinator, Label.SENSITIVE, agency="Regulator")
TODAY = date(2026, 11, 25)


def histories(session) -> dict:
    out = {}
    for state in session.scalars(select(State)):
        dated = [
            (a.id, a.assessed_on)
            for a in session.scalars(
                select(Assessment)
                .where(Assessment.state_id == state.id)
                .order_by(Assessment.assessed_on, Assessment.id)
            )
        ]
        out[state.id] = (profile_of(state), dated)
    return out


def served(engine: Engine) -> tuple[int, dict]:
    """Every state's scores through the service path, and how many item reads it took."""
    figures._CACHE.clear()  # the process's memory in front of the cache: as a new process
    reads: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        if "FROM item_assessments" in statement:
            reads.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with transaction(engine, COORDINATOR) as session:
            result = figures.scores_of_states(session, histories(session), TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(reads), result


def test_cached_scores_equal_computed_ones_and_need_no_item_read(demo_engine: Engine) -> None:
    first_reads, first = served(demo_engine)
    again_reads, again = served(demo_engine)
    with transaction(demo_engine, COORDINATOR) as session:
        computed = figures.compute_scores_of_states(session, histories(session), TODAY)
        kept = session.scalar(select(func.count()).select_from(ScoreCache))
    assert first_reads >= 1 and again_reads == 0
    assert again == first == computed  # the same Scores, float for float
    assert kept == sum(len(v) for v in computed.values())


def test_an_edited_item_is_rescored(demo_engine: Engine) -> None:
    _, before = served(demo_engine)
    with transaction(demo_engine, COORDINATOR) as session:
        latest = assessments.list_for_state(session=session, state_code="XD")[-1]
        state_id = latest.state_id
        assessments.update_item(
            session=session,
            assessment=latest,
            item_id="C3-IA03",
            data=ItemUpdate(status="implemented"),
        )
    reads, after = served(demo_engine)
    assert reads >= 1
    old, new = before[state_id][latest.id], after[state_id][latest.id]
    assert new.commitments["C3"] > old.commitments["C3"]
    with transaction(demo_engine, COORDINATOR) as session:
        heads = session.scalars(select(ScoreCache.head_seq).distinct()).all()
    assert len(heads) == 1, "rows of older heads are dropped as new ones are stored"


def test_another_pack_or_scoring_code_is_rescored(
    demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    served(demo_engine)
    assert served(demo_engine)[0] == 0
    monkeypatch.setattr(score_cache, "code_key", lambda: "another pack")
    reads, _ = served(demo_engine)
    assert reads >= 1


def test_another_day_rescores_the_latest_only(demo_engine: Engine) -> None:
    with transaction(demo_engine, COORDINATOR) as session:
        h = histories(session)
        figures.scores_of_states(session, h, TODAY)
    with transaction(demo_engine, COORDINATOR) as session:
        head = figures._head(session)
        assert head is not None
        plan = figures._plan(h, date(2026, 12, 1))
        keys = {a: score_cache.basis(head, d, s) for s, dated in plan.values() for a, d in dated}
        found = score_cache.load(session.connection(), head, keys, list(h))
    latest = {dated[-1][0] for _, dated in h.values() if dated}
    every = {a for _, dated in h.values() for a, _ in dated}
    assert set(found) == every - latest


def test_a_failed_store_leaves_the_view_working(
    demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is an optimisation: a write it cannot make changes nothing for the caller."""
    figures._CACHE.clear()
    with transaction(demo_engine, COORDINATOR) as session:
        h = histories(session)
        head = figures._head(session)
        assert head is not None
        some = next(iter(figures.scores_of_states(session, h, TODAY).values()))
        gone = {999_999: next(iter(some.values()))}  # no such assessment: a refused write
        score_cache.store(session.connection(), head, {999_999: "x" * 64}, gone)
        again = figures.scores_of_states(session, h, TODAY)
    with transaction(demo_engine, COORDINATOR) as session:
        assert figures.scores_of_states(session, h, TODAY) == again
        assert session.scalar(select(func.count()).select_from(ScoreCache)) > 0
