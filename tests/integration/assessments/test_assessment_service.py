"""Creating and editing assessments: graded approach, carry-forward, rules, who may edit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from nucsec.access.principal import SYSTEM
from nucsec.assessments import service
from nucsec.assessments.schemas import AssessmentCreate, ItemUpdate
from nucsec.catalogue import default_pack
from nucsec.db import transaction
from nucsec.errors import Forbidden, Invalid
from tests.integration.assessments.conftest import COORDINATOR, POLICE

TODAY = date(2026, 11, 25)


def edit(engine: Engine, principal, assessment_id: int, item: str, **changes) -> None:
    with transaction(engine, principal) as session:
        assessment = service.get(session=session, assessment_id=assessment_id)
        service.update_item(
            session=session, assessment=assessment, item_id=item, data=ItemUpdate(**changes)
        )


def views(engine: Engine, principal, assessment_id: int) -> dict:
    with transaction(engine, principal) as session:
        assessment = service.get(session=session, assessment_id=assessment_id)
        return {
            v.item: v
            for v in service.item_views(session=session, assessment=assessment, today=TODAY)
        }


def test_new_assessment_covers_every_item_with_graded_approach(engine, assessment_id) -> None:
    items = views(engine, SYSTEM, assessment_id)
    assert len(items) == len(default_pack().assessable()) == 39
    na = {k for k, v in items.items() if v.status == "not_applicable"}
    assert na == {"A10", "A11"}, "a sources-only programme has no nuclear facility"
    assert "no nuclear facilities" in items["A10"].justification
    assert all(v.status == "not_started" for k, v in items.items() if k not in na)


def test_justification_is_editable_and_required(engine, assessment_id) -> None:
    edit(engine, COORDINATOR, assessment_id, "A10", justification="No facility before 2035.")
    assert views(engine, SYSTEM, assessment_id)["A10"].justification == "No facility before 2035."
    with pytest.raises(Invalid, match="A10: justification: a not-applicable item needs"):
        edit(engine, COORDINATOR, assessment_id, "A10", justification="")


def test_public_demonstration_needs_public_evidence(engine, assessment_id) -> None:
    from nucsec.improvement import figures

    edit(
        engine,
        COORDINATOR,
        assessment_id,
        "C1-IA01",
        status="implemented",
        demonstration="published",
        evidence=["EV-O0001"],
    )
    with transaction(engine, COORDINATOR) as session:
        doc = figures.figures(session=session, state_code="XT")
    assert {"item": "C1-IA01", "flag": "demonstration_unsupported"} in doc["flags"]
    assert doc["demonstrated_share"] == 0.0, "OFFICIAL evidence backs 'internal', not 'published'"
    edit(
        engine,
        COORDINATOR,
        assessment_id,
        "C1-IA01",
        status="implemented",
        demonstration="published",
        evidence=["EV-0001", "EV-O0001"],
    )
    assert views(engine, SYSTEM, assessment_id)["C1-IA01"].evidence == ["EV-0001", "EV-O0001"]
    with transaction(engine, COORDINATOR) as session:
        doc = figures.figures(session=session, state_code="XT")
    assert doc["flags"] == [] and doc["demonstrated_share"] == 100.0
    with pytest.raises(Invalid, match="unknown evidence 'EV-0099'"):
        edit(engine, COORDINATOR, assessment_id, "C1-IA02", evidence=["EV-0099"])
    with pytest.raises(Invalid, match="unknown status 'done'"):
        edit(engine, COORDINATOR, assessment_id, "C1-IA02", status="done")


def test_contributor_edits_only_their_agencys_items(engine, assessment_id) -> None:
    edit(engine, COORDINATOR, assessment_id, "C2-IA06", owner="Police")
    edit(engine, POLICE, assessment_id, "C2-IA06", status="in_progress", note="Protocol drafted")
    assert views(engine, SYSTEM, assessment_id)["C2-IA06"].status == "in_progress"
    with pytest.raises(Forbidden, match="not assigned to your agency"):
        edit(engine, POLICE, assessment_id, "C1-IA01", status="planned")
    with pytest.raises(Forbidden, match="cannot reassign"):
        edit(engine, POLICE, assessment_id, "C2-IA06", owner="Customs")


def test_sensitive_notes_and_evidence_stay_hidden_below_clearance(engine, assessment_id) -> None:
    edit(
        engine,
        COORDINATOR,
        assessment_id,
        "C2-IA01",
        owner="Police",
        note="Gap at store 7",
        note_label="SENSITIVE",
        evidence=["EV-O0001", "EV-S0001"],
    )
    seen = views(engine, POLICE, assessment_id)["C2-IA01"]
    assert seen.note is None and seen.evidence == ["EV-O0001"]
    full = views(engine, COORDINATOR, assessment_id)["C2-IA01"]
    assert full.note == "Gap at store 7" and full.evidence == ["EV-O0001", "EV-S0001"]
    # the police contributor owns the item but cannot overwrite a note they cannot see
    # ... and the refusal is worded like any other bad value: it does not say a note exists
    with pytest.raises(Invalid) as refused:
        edit(engine, POLICE, assessment_id, "C2-IA01", note="mine")
    assert str(refused.value) == "C2-IA01: note: cannot be set on this item"
    edit(engine, POLICE, assessment_id, "C2-IA01", evidence=[])  # drops only what they see
    assert views(engine, COORDINATOR, assessment_id)["C2-IA01"].evidence == ["EV-S0001"]
    with pytest.raises(Invalid, match="above your clearance"):
        edit(engine, POLICE, assessment_id, "C2-IA01", label="SENSITIVE")


def test_carry_forward_keeps_everything_including_hidden_records(engine, assessment_id) -> None:
    edit(
        engine,
        COORDINATOR,
        assessment_id,
        "C2-IA01",
        status="in_progress",
        owner="Police",
        target_date=date(2026, 6, 30),
        note="Gap at store 7",
        note_label="SENSITIVE",
        evidence=["EV-S0001"],
    )
    with transaction(engine, COORDINATOR) as session:
        later = service.create(
            session=session, data=AssessmentCreate(state="XT", assessed_on=date(2027, 3, 1))
        ).id
    before, after = views(engine, SYSTEM, assessment_id), views(engine, SYSTEM, later)
    strip = {"overdue", "version"}  # a copy is a new record: its edit count starts again
    assert {k: v.model_dump(exclude=strip) for k, v in before.items()} == {
        k: v.model_dump(exclude=strip) for k, v in after.items()
    }
    with transaction(engine, COORDINATOR) as session:
        fresh = service.create(
            session=session,
            data=AssessmentCreate(state="XT", assessed_on=date(2027, 4, 1), carry_forward=False),
        ).id
    assert views(engine, SYSTEM, fresh)["C2-IA01"].status == "not_started"
    assert views(engine, SYSTEM, later)["C2-IA01"].overdue is True


def test_removing_evidence_from_an_item_is_audited(engine, assessment_id) -> None:
    """An edit that only removes evidence links is a write like any other: each removed link
    has its audit entry, so the log (and every cache keyed by its head) sees it."""
    from sqlalchemy import func, select

    from nucsec.access.models import AuditEntry

    edit(engine, COORDINATOR, assessment_id, "C1-IA01", evidence=["EV-0001", "EV-O0001"])

    def removals() -> int:
        with transaction(engine, SYSTEM) as session:
            return session.scalar(
                select(func.count(AuditEntry.seq)).where(
                    AuditEntry.object_type == "evidence_links", AuditEntry.action == "delete"
                )
            )

    assert removals() == 0
    edit(engine, COORDINATOR, assessment_id, "C1-IA01", evidence=["EV-0001"])
    assert removals() == 1
    assert views(engine, SYSTEM, assessment_id)["C1-IA01"].evidence == ["EV-0001"]
    edit(engine, COORDINATOR, assessment_id, "C1-IA01", evidence=["EV-0001"])  # no change
    assert removals() == 1
