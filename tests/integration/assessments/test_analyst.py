"""The analyst: PUBLIC clearance only, external assessments and PUBLIC evidence, nothing else."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from nucsec.access import service as access
from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Principal, Role
from nucsec.access.schemas import UserCreate
from nucsec.assessments import service
from nucsec.assessments.schemas import AssessmentCreate, ItemUpdate
from nucsec.db import transaction
from nucsec.errors import Forbidden, Invalid, NotFound
from nucsec.evidence import service as evidence
from nucsec.evidence.schemas import EvidenceCreate
from tests.integration.assessments.conftest import COORDINATOR

NOOR = Principal("noor", Role.analyst, Label.PUBLIC)


def external(engine: Engine, principal: Principal = NOOR, label: Label = Label.PUBLIC) -> int:
    with transaction(engine, principal) as session:
        return service.create(
            session=session,
            data=AssessmentCreate(
                state="XT", assessed_on=date(2026, 6, 1), kind="external", label=label
            ),
        ).id


def edit(engine: Engine, principal: Principal, assessment_id: int, item: str, **changes) -> None:
    with transaction(engine, principal) as session:
        assessment = service.get(session=session, assessment_id=assessment_id)
        service.update_item(
            session=session, assessment=assessment, item_id=item, data=ItemUpdate(**changes)
        )


def test_an_analyst_is_cleared_to_public_only(engine) -> None:
    refused = "the analyst role is cleared to PUBLIC only, not OFFICIAL"
    with transaction(engine, SYSTEM) as session, pytest.raises(Invalid, match=refused):
        access.create_user(
            session=session,
            data=UserCreate(
                username="noor", role=Role.analyst, clearance=Label.OFFICIAL, password="x" * 12
            ),
        )
    with transaction(engine, SYSTEM) as session:
        access.create_user(
            session=session,
            data=UserCreate(
                username="noor", role=Role.analyst, clearance=Label.PUBLIC, password="x" * 12
            ),
        )
        access.create_user(
            session=session,
            data=UserCreate(
                username="omar", role=Role.viewer, clearance=Label.OFFICIAL, password="x" * 12
            ),
        )
    with transaction(engine, SYSTEM) as session, pytest.raises(Invalid, match="PUBLIC only"):
        access.set_access(session=session, username="noor", clearance=Label.SENSITIVE)
    with transaction(engine, SYSTEM) as session, pytest.raises(Invalid, match="PUBLIC only"):
        access.set_access(session=session, username="omar", role=Role.analyst)


def test_an_analyst_records_external_assessments_only(engine, state) -> None:
    with transaction(engine, NOOR) as session, pytest.raises(Forbidden, match="external"):
        service.create(
            session=session, data=AssessmentCreate(state=state, assessed_on=date(2026, 6, 1))
        )
    with pytest.raises(Invalid, match="above your clearance"):
        external(engine, label=Label.OFFICIAL)
    assessment_id = external(engine)
    with transaction(engine, NOOR) as session:
        assessment = service.get(session=session, assessment_id=assessment_id)
        rows = service.items(session=session, assessment=assessment)
        assert len(rows) == 39, "every item of an external assessment is PUBLIC, so visible"
        assert {r.label for r in rows} == {"PUBLIC"}


def test_external_judgements_cite_public_evidence_only(engine, state) -> None:
    assessment_id = external(engine)
    with transaction(engine, NOOR) as session:
        created = evidence.create(
            session=session,
            state_code=state,
            data=EvidenceCreate(title="Annual report 2025", kind="annual_report", label="PUBLIC"),
        )
        assert created.ref == "EV-0002"
        with pytest.raises(Invalid, match="above your clearance"):
            evidence.create(
                session=session,
                state_code=state,
                data=EvidenceCreate(title="Leak", label=Label.OFFICIAL),
            )
    edit(
        engine,
        NOOR,
        assessment_id,
        "C1-IA01",
        status="implemented",
        demonstration="published",
        evidence=["EV-0002"],
    )
    with transaction(engine, NOOR) as session:
        links = service.linked_in_assessment(session=session, assessment_id=assessment_id)
        assert [e.ref for e in links["C1-IA01"]] == ["EV-0002"]
    # even a coordinator who sees OFFICIAL evidence cannot make it back an external judgement
    with pytest.raises(Invalid, match="PUBLIC evidence only, not EV-O0001") as caught:
        edit(engine, COORDINATOR, assessment_id, "C1-IA02", evidence=["EV-0001", "EV-O0001"])
    assert "\n" not in str(caught.value)


def test_an_analyst_never_sees_or_edits_a_states_own_records(engine, state, assessment_id) -> None:
    with transaction(engine, NOOR) as session:
        assert [e.ref for e in evidence.list_for_state(session=session, state_code=state)] == [
            "EV-0001"
        ]
        with pytest.raises(NotFound):
            service.get(session=session, assessment_id=assessment_id)  # OFFICIAL self-assessment
    with transaction(engine, COORDINATOR) as session:
        public_self = service.create(
            session=session,
            data=AssessmentCreate(state=state, assessed_on=date(2026, 4, 1), label=Label.PUBLIC),
        ).id
    with transaction(engine, SYSTEM) as session:
        for row in service.items(
            session=session, assessment=service.get(session=session, assessment_id=public_self)
        ):
            row.label = "PUBLIC"
    with pytest.raises(Forbidden):
        edit(engine, NOOR, public_self, "C1-IA01", status="implemented")


def test_an_external_assessment_never_becomes_the_states_latest(engine, state, assessment_id):
    external_id = external(engine)
    with transaction(engine, COORDINATOR) as session:
        assert service.latest(session=session, state_code=state).id == assessment_id
        assert service.latest(session=session, state_code=state, kind="external").id == external_id
        later = service.create(
            session=session,
            data=AssessmentCreate(state=state, assessed_on=date(2026, 9, 1), kind="external"),
        )
        assert later.carried_from_id == external_id, "carried from the previous external one"
