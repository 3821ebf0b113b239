"""States judged from outside: each with an external assessment by a PUBLIC analyst, PUBLIC
evidence behind it, and OFFICIAL records of its own that the analyst must never count."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Principal, Role
from nucsec.assessments import service as assessments
from nucsec.assessments.schemas import AssessmentCreate, ItemUpdate
from nucsec.db import transaction
from nucsec.evidence import service as evidence
from nucsec.evidence.schemas import EvidenceCreate
from nucsec.states import service as states
from nucsec.states.schemas import ProgrammeProfile, StateCreate

NOOR = Principal("noor", Role.analyst, Label.PUBLIC)
COORDINATOR = Principal("amina", Role.coordinator, Label.SENSITIVE)
SOURCES = ProgrammeProfile(radioactive_sources=True)
REACTOR = ProgrammeProfile(research_reactors=True, material_categories=["III"])


def add_state(engine: Engine, code: str, profile: ProgrammeProfile = SOURCES) -> None:
    with transaction(engine, SYSTEM) as session:
        states.create(
            session=session,
            data=StateCreate(
                code=code, name=f"State {code}", maturity="new", label=Label.PUBLIC, profile=profile
            ),
        )
        # the state's own OFFICIAL evidence and self-assessment: never in an analyst's view
        evidence.create(
            session=session,
            state_code=code,
            data=EvidenceCreate(title="Inspection report", label=Label.OFFICIAL),
        )
    with transaction(engine, COORDINATOR) as session:
        own = assessments.create(
            session=session, data=AssessmentCreate(state=code, assessed_on=date(2026, 1, 10))
        )
        assessments.update_item(
            session=session,
            assessment=own,
            item_id="C1-IA01",
            data=ItemUpdate(status="implemented", demonstration="internal", evidence=["EV-O0001"]),
        )


def judge(
    engine: Engine, code: str, implemented: list[str], on: date = date(2026, 6, 1)
) -> tuple[int, str]:
    """An external assessment of `code` by the analyst: the given items implemented and
    published, each citing one new PUBLIC document. Returns its id and the document's ref."""
    with transaction(engine, NOOR) as session:
        doc = evidence.create(
            session=session,
            state_code=code,
            data=EvidenceCreate(
                title=f"Annual report of {code}", kind="annual_report", label=Label.PUBLIC
            ),
        )
        created = assessments.create(
            session=session,
            data=AssessmentCreate(state=code, assessed_on=on, kind="external", label=Label.PUBLIC),
        )
        done = ItemUpdate(status="implemented", demonstration="published", evidence=[doc.ref])
        for item in implemented:
            assessments.update_item(session=session, assessment=created, item_id=item, data=done)
        return created.id, doc.ref
