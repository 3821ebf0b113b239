"""Demo data: Demoland (code XD), a fictional state, so nothing is ever said of a real country."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from nucsec.errors import NotFound
from nucsec.states import service as states
from nucsec.states.schemas import ProgrammeProfile, StateCreate

DEMOLAND = StateCreate(
    code="XD",
    name="Demoland",
    maturity="new",
    subscribed_on=date(2016, 4, 1),
    profile=ProgrammeProfile(radioactive_sources=True, transport=True),
)


def load_demo(*, session: Session) -> list[str]:
    """Create the demo records that are missing; return what was created (idempotent)."""
    created = []
    try:
        states.get(session=session, code=DEMOLAND.code)
    except NotFound:
        states.create(session=session, data=DEMOLAND)
        created.append(f"state {DEMOLAND.code} ({DEMOLAND.name})")
    return created
