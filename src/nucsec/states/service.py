"""State use cases; each runs inside the caller's transaction."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnClause, Row, func, inspect, select
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nucsec.access.head_cache import HeadCache
from nucsec.access.visibility import aggregate_reader, check_label
from nucsec.catalogue import default_pack
from nucsec.errors import Conflict, Invalid, NotFound
from nucsec.paging import ALL, Page, PageParams, order_of, paginate
from nucsec.states.models import State
from nucsec.states.schemas import (
    ProgrammeProfile,
    StateChoice,
    StateCreate,
    StatePublic,
    StateUpdate,
)

PROFILE_FIELDS = tuple(ProgrammeProfile.model_fields)
BAD_CODE = "code: {code} cannot be used; choose another state code"


def profile_of(state: State | Row[Any]) -> ProgrammeProfile:
    return ProgrammeProfile.model_validate({f: getattr(state, f) for f in PROFILE_FIELDS})


def to_public(state: State | Row[Any]) -> StatePublic:
    """A state as the API shows it, from its record or a row of `PUBLIC_COLUMNS`."""
    return StatePublic(
        code=state.code,
        name=state.name,
        maturity=state.maturity,
        subscribed_on=state.subscribed_on,
        profile=profile_of(state),
        label=state.label,
        region=state.region,
        source=state.source,
        start_steps=_start_steps(id(default_pack()), state.maturity),
    )


@lru_cache(maxsize=64)
def _start_steps(_pack: int, maturity: str) -> list[str]:
    """The cycle steps a state of `maturity` may start at, per pack (read for every state of a
    list)."""
    return [s.id for s in default_pack().start_steps(maturity)]


PUBLIC_COLUMNS = tuple(
    getattr(State, name)
    for name in ("code", "name", "maturity", "subscribed_on", "label", "region", "source",
                 *PROFILE_FIELDS)
)  # fmt: skip
"""What `to_public` reads, as columns: a list of states reads no ORM rows."""


def create(*, session: Session, data: StateCreate) -> State:
    """Add a state; its code must be new."""
    check_label(session, data.label)
    if session.scalar(select(State.id).where(State.code == data.code)) is not None:
        raise Conflict(f"state {data.code} already exists")
    with aggregate_reader(session) as reader:
        hidden = reader.scalar(select(State.id).where(State.code == data.code))
    if hidden is not None:  # a state the caller cannot see: refused like any unusable code
        raise Invalid(BAD_CODE.format(code=data.code))
    state = State(
        code=data.code,
        name=data.name,
        maturity=data.maturity,
        subscribed_on=data.subscribed_on,
        label=data.label.value,
        region=data.region,
        source=data.source,
        **data.profile.model_dump(),
    )
    session.add(state)
    try:
        session.flush()
    except IntegrityError as exc:  # taken meanwhile, by a state the caller may not see
        raise Invalid(BAD_CODE.format(code=data.code)) from exc
    return state


_KNOWN = "states_by_code"


def get(*, session: Session, code: str) -> State:
    """The state with `code`, as the session's principal may see it.

    A page asks for its state from every service it calls: a state this session already read
    (so visible to it) and still holds unchanged is returned without another query.
    """
    code = code.strip().upper()
    known: dict[str, State] = session.info.setdefault(_KNOWN, {})
    state = known.get(code)
    if state is not None:
        held = inspect(state)
        fresh = held.persistent and held.session is session and not held.expired_attributes
        if fresh and state.code == code:
            return state
    state = session.scalar(select(State).where(State.code == code))
    if state is None:
        known.pop(code, None)
        raise NotFound(f"no state with code {code!r}")
    known[code] = state
    return state


def list_all(*, session: Session) -> list[State]:
    found = list(session.scalars(select(State).order_by(State.code)))
    session.info.setdefault(_KNOWN, {}).update((s.code, s) for s in found)  # for `get`
    return found


_CHOICES: HeadCache[tuple[StateChoice, ...]] = HeadCache(16)


def labelled_choices(*, session: Session) -> tuple[StateChoice, ...]:
    """Code, name and label of every state the caller may see: a page's state selector needs
    no more. Every page that shows one state draws it, so it is read once per clearance until
    the next write (`access.head_cache`)."""
    query = select(State.code, State.name, State.label).order_by(State.code)

    def read() -> tuple[StateChoice, ...]:
        return tuple(StateChoice(c, n, str(lbl)) for c, n, lbl in session.execute(query))

    return _CHOICES.get(session, "choices", read)


def choices(*, session: Session) -> list[tuple[str, str]]:
    """Code and name of every state the caller may see (a form's choices)."""
    return [(c.code, c.name) for c in labelled_choices(session=session)]


STATE_SORTS = {"code": (State.code,), "name": (State.name, State.code)}


def list_states(*, session: Session, page: PageParams = ALL) -> Page[StatePublic]:
    """The states the caller may see, one page, in at most two queries (rows and count)."""
    query = select(*PUBLIC_COLUMNS).order_by(*order_of(page.sort, STATE_SORTS, "code"))
    rows, total = paginate(session, query, page, count_column=State.id)
    return Page[StatePublic].of([to_public(row) for row in rows], total, page)


def update(*, session: Session, code: str, data: StateUpdate) -> State:
    state = get(session=session, code=code)
    if data.label is not None:
        check_label(session, data.label)
    changes = data.model_dump(exclude_unset=True, exclude={"profile"})
    if data.profile is not None:
        changes.update(data.profile.model_dump())
    for field, value in changes.items():
        setattr(state, field, value)
    session.flush()
    return state


def delete(*, session: Session, code: str) -> None:
    """Remove a state that holds no records; never cascades into records, seen or hidden.

    The refusal is the same whatever the records' labels, so it names none of them.
    """
    state = get(session=session, code=code)
    if has_records(session=session, state_id=state.id):
        raise Conflict(f"state {state.code} still has records; delete or move them first")
    session.delete(state)
    session.flush()


def has_records(*, session: Session, state_id: int) -> bool:
    """Whether any table that points to states holds a row of this state, at any label.

    The tables are read from the database itself, so one added later is covered too.
    """
    connection = session.connection()
    schema = inspect(connection)
    for name in schema.get_table_names():
        for fk in schema.get_foreign_keys(name):
            if fk["referred_table"] != State.__tablename__ or len(fk["constrained_columns"]) != 1:
                continue
            column: ColumnClause[Any] = sql_column(fk["constrained_columns"][0])
            query = select(column).select_from(sql_table(name)).where(column == state_id).limit(1)
            if connection.execute(query).first() is not None:
                return True
    return False


def count(*, session: Session) -> int:
    """How many states the session's principal may see."""
    return session.scalar(select(func.count()).select_from(State)) or 0
