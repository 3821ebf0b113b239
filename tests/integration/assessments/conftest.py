"""A state with evidence at each label and one assessment, on the parametrised backend."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Principal, Role
from nucsec.assessments import service
from nucsec.assessments.schemas import AssessmentCreate
from nucsec.db import transaction
from nucsec.evidence import service as evidence
from nucsec.evidence.schemas import EvidenceCreate
from nucsec.states import service as states
from nucsec.states.schemas import ProgrammeProfile, StateCreate

COORDINATOR = Principal("amina", Role.coordinator, Label.SENSITIVE, agency="Regulator")
POLICE = Principal("police", Role.contributor, Label.OFFICIAL, agency="Police")


@pytest.fixture
def state(engine: Engine) -> str:
    """XT: sources only; EV-0001 PUBLIC law, EV-O0001 OFFICIAL report, EV-S0001 SENSITIVE."""
    with transaction(engine, SYSTEM) as session:
        states.create(
            session=session,
            data=StateCreate(
                code="XT",
                name="Testland",
                maturity="new",
                label=Label.PUBLIC,
                profile=ProgrammeProfile(radioactive_sources=True, transport=True),
            ),
        )
        for title, kind, label in (
            ("Security Act", "law", Label.PUBLIC),
            ("Inspection report", "report", Label.OFFICIAL),
            ("Threat assessment", "report", Label.SENSITIVE),
        ):
            evidence.create(
                session=session,
                state_code="XT",
                data=EvidenceCreate(title=title, kind=kind, label=label),
            )
    return "XT"


@pytest.fixture
def assessment_id(engine: Engine, state: str) -> int:
    with transaction(engine, COORDINATOR) as session:
        return service.create(
            session=session, data=AssessmentCreate(state=state, assessed_on=date(2026, 3, 1))
        ).id
