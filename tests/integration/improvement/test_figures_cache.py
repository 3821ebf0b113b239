"""The dashboard does not re-score history while nothing was written, and any write shows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import Principal, Role
from nucsec.assessments import service as assessments
from nucsec.assessments.schemas import ItemUpdate
from nucsec.db import transaction
from nucsec.improvement import figures

COORDINATOR = Principal("amina", Role.coordinator, Label.SENSITIVE, agency="Regulator")
TODAY = date(2026, 11, 25)


def statements(engine: Engine, run) -> tuple[int, object]:
    seen: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        result = run()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len([s for s in seen if "item_assessments" in s]), result


def doc(engine: Engine) -> dict:
    with transaction(engine, COORDINATOR) as session:
        return figures.figures(session=session, state_code="XD", today=TODAY)


def test_history_is_scored_once_until_something_is_written(demo_engine: Engine) -> None:
    figures._CACHE.clear()  # other tests of this process may have scored the same database
    first_reads, first = statements(demo_engine, lambda: doc(demo_engine))
    again_reads, again = statements(demo_engine, lambda: doc(demo_engine))
    assert first_reads >= 1 and again_reads == 0, "no item is read to re-score the history"
    assert again == first
    with transaction(demo_engine, COORDINATOR) as session:
        latest = assessments.list_for_state(session=session, state_code="XD")[-1]
        assessments.update_item(
            session=session,
            assessment=latest,
            item_id="C3-IA03",
            data=ItemUpdate(status="implemented"),
        )
    changed = doc(demo_engine)
    assert changed["commitments"]["C3"] > first["commitments"]["C3"], "the write shows at once"
