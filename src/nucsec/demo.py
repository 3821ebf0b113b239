"""Demo data: Demoland (code XD), a fictional state, so nothing is ever said of a real country."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from nucsec.access import service as access
from nucsec.access.labels import Label
from nucsec.access.principal import Role
from nucsec.access.schemas import UserCreate
from nucsec.errors import NotFound
from nucsec.states import service as states
from nucsec.states.schemas import ProgrammeProfile, StateCreate

DEMOLAND = StateCreate(
    code="XD",
    name="Demoland",
    maturity="new",
    subscribed_on=date(2016, 4, 1),
    profile=ProgrammeProfile(radioactive_sources=True, transport=True),
    label=Label.PUBLIC,
)


DEMO_PASSWORD = "nucsec-demo"  # noqa: S105  (documented demo login, local use only)
DEMO_USERS = (
    ("admin", Role.admin, Label.SENSITIVE),
    ("amina", Role.coordinator, Label.SENSITIVE),
    ("police", Role.contributor, Label.OFFICIAL),
    ("reviewer", Role.reviewer, Label.SENSITIVE),
    ("analyst", Role.viewer, Label.PUBLIC),
)


def load_demo(*, session: Session) -> list[str]:
    """Create the demo records that are missing; return what was created (idempotent)."""
    created = []
    for username, role, clearance in DEMO_USERS:
        try:
            access.get_user(session=session, username=username)
        except NotFound:
            access.create_user(
                session=session,
                data=UserCreate(
                    username=username, role=role, clearance=clearance, password=DEMO_PASSWORD
                ),
            )
            created.append(f"user {username}")
    try:
        states.get(session=session, code=DEMOLAND.code)
    except NotFound:
        states.create(session=session, data=DEMOLAND)
        created.append(f"state {DEMOLAND.code} ({DEMOLAND.name})")
    return created
