"""Values kept while the audit head stands still: read once, read again after any write, never
shared between clearances, and the pages that use them show a write at once."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

from nucsec.access import head_cache
from nucsec.access.head_cache import HeadCache
from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Principal, Role
from nucsec.competence import service as competence
from nucsec.competence.schemas import TrainingIn
from nucsec.db import transaction
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate

OFFICIAL = Principal("olga", Role.viewer, Label.OFFICIAL)
SENSITIVE = Principal("sam", Role.coordinator, Label.SENSITIVE, agency="Regulator")


def new_state(engine: Engine, code: str, label: Label = Label.OFFICIAL) -> None:
    data = StateCreate(code=code, name=f"State {code}", maturity="new", label=label)
    with transaction(engine, SYSTEM) as session:
        states.create(session=session, data=data)


def head_reads(engine: Engine, run) -> int:
    seen: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        if "FROM audit_head" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_a_value_is_computed_once_until_a_write_moves_the_head(engine: Engine) -> None:
    new_state(engine, "XA")
    cache: HeadCache[int] = HeadCache(8)
    computed: list[int] = []

    def value(principal: Principal = SENSITIVE) -> int:
        with transaction(engine, principal) as session:
            return cache.get(session, "n", lambda: computed.append(1) or len(computed))

    assert value() == 1 and value() == 1, "the second view is served from memory"
    new_state(engine, "XB")
    assert value() == 2, "a write anywhere moves the head: computed again"
    assert value(OFFICIAL) == 3, "another clearance never gets what SENSITIVE was shown"
    assert value(OFFICIAL) == 3 and value() == 2


def test_an_aggregate_is_shared_by_every_clearance(engine: Engine) -> None:
    new_state(engine, "XA")
    cache: HeadCache[str] = HeadCache(8)
    got = []
    for principal in (SENSITIVE, OFFICIAL):
        with transaction(engine, principal) as session:
            got.append(cache.get(session, "k", lambda p=principal: p.username, per_clearance=False))
    assert got == ["sam", "sam"], "computed over everything once, whoever asks"


def test_the_head_is_read_once_per_transaction_and_again_after_its_own_write(
    engine: Engine,
) -> None:
    new_state(engine, "XA")
    with transaction(engine, SYSTEM) as session:
        first: list = []
        read = head_reads(engine, lambda: first.extend(head_cache.head(session) for _ in "ab"))
        assert read == 1 and first[0] == first[1]
        states.create(
            session=session,
            data=StateCreate(code="XC", name="Centralia", maturity="new"),
        )
        after = head_cache.head(session)  # the pending state is flushed and audited first
        assert after is not None and first[0] is not None and after[0] > first[0][0]
    with transaction(engine, SYSTEM) as session:
        assert head_cache.head(session) == after, "a new transaction reads the committed head"


def test_a_rolled_back_savepoint_gives_the_head_back(engine: Engine) -> None:
    new_state(engine, "XA")
    with transaction(engine, SYSTEM) as session:
        before = head_cache.head(session)
        nested = session.begin_nested()
        states.create(
            session=session,
            data=StateCreate(code="XC", name="Centralia", maturity="new"),
        )
        assert head_cache.head(session) != before
        nested.rollback()
        assert head_cache.head(session) == before


def test_the_state_selector_shows_a_new_state_and_hides_what_a_clearance_may_not_see(
    engine: Engine,
) -> None:
    new_state(engine, "XA")
    new_state(engine, "XS", Label.SENSITIVE)

    def codes(principal: Principal) -> list[str]:
        with transaction(engine, principal) as session:
            return [c.code for c in states.labelled_choices(session=session)]

    assert codes(SENSITIVE) == ["XA", "XS"] and codes(SENSITIVE) == ["XA", "XS"]
    assert codes(OFFICIAL) == ["XA"], "the SENSITIVE state stays out of the OFFICIAL list"
    new_state(engine, "XB")
    assert codes(OFFICIAL) == ["XA", "XB"] and codes(SENSITIVE) == ["XA", "XB", "XS"]


def test_competence_measures_show_a_new_record_at_once(engine: Engine) -> None:
    new_state(engine, "XA")

    def hours() -> list:
        with transaction(engine, SENSITIVE) as session:
            trend = competence.measure_trend(session=session, state_code="XA")
        return [m["CM-HOURS"] for m in trend]

    assert hours() == [] and hours() == []
    with transaction(engine, SENSITIVE) as session:
        competence.add(
            session=session,
            state_code="XA",
            record_type="trainings",
            data=TrainingIn(period=2025, title="Course", provider="iaea", hours=8),
        )
    assert hours() == [8]
