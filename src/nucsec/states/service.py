"""State use cases; each runs inside the caller's transaction."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nucsec.access.visibility import check_label
from nucsec.catalogue import default_pack
from nucsec.errors import Conflict, NotFound
from nucsec.states.models import State
from nucsec.states.schemas import ProgrammeProfile, StateCreate, StatePublic, StateUpdate

PROFILE_FIELDS = tuple(ProgrammeProfile.model_fields)


def profile_of(state: State) -> ProgrammeProfile:
    return ProgrammeProfile.model_validate({f: getattr(state, f) for f in PROFILE_FIELDS})


def to_public(state: State) -> StatePublic:
    return StatePublic(
        code=state.code,
        name=state.name,
        maturity=state.maturity,
        subscribed_on=state.subscribed_on,
        profile=profile_of(state),
        label=state.label,
        start_steps=[s.id for s in default_pack().start_steps(state.maturity)],
    )


def create(*, session: Session, data: StateCreate) -> State:
    """Add a state; its code must be new."""
    check_label(session, data.label)
    if session.scalar(select(State.id).where(State.code == data.code)) is not None:
        raise Conflict(f"state {data.code} already exists")
    state = State(
        code=data.code,
        name=data.name,
        maturity=data.maturity,
        subscribed_on=data.subscribed_on,
        label=data.label.value,
        **data.profile.model_dump(),
    )
    session.add(state)
    try:
        session.flush()
    except IntegrityError as exc:  # the code is taken by a state the caller cannot see
        raise Conflict(f"state {data.code} already exists") from exc
    return state


def get(*, session: Session, code: str) -> State:
    state = session.scalar(select(State).where(State.code == code.strip().upper()))
    if state is None:
        raise NotFound(f"no state with code {code.strip().upper()!r}")
    return state


def list_all(*, session: Session) -> list[State]:
    return list(session.scalars(select(State).order_by(State.code)))


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
    session.delete(get(session=session, code=code))
    session.flush()


def count(*, session: Session) -> int:
    """How many states the session's principal may see."""
    return session.scalar(select(func.count()).select_from(State)) or 0
