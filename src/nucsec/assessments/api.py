"""JSON routes of assessments and item edits."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, status

from nucsec.access.principal import Permission
from nucsec.assessments import proposals, service
from nucsec.assessments.schemas import (
    AssessmentCreate,
    AssessmentDetail,
    AssessmentPublic,
    ItemUpdate,
    ItemView,
)
from nucsec.evidence.schemas import ProposalPublic
from nucsec.paging import PageParams
from nucsec.validation import RecordId
from nucsec.web.deps import SessionDep, require

router = APIRouter(tags=["assessments"])
BY_DATE = PageParams(limit=None, sort="date")


@router.get("/states/{code}/assessments")
def list_assessments(code: str, session: SessionDep) -> list[AssessmentPublic]:
    """A state's assessments, oldest first (about one a year; not paged)."""
    return service.list_assessments(session=session, state_code=code, page=BY_DATE).items


@router.post(
    "/assessments",
    status_code=status.HTTP_201_CREATED,
    dependencies=[require(Permission.write_states, Permission.write_external)],
)
def create_assessment(data: AssessmentCreate, session: SessionDep) -> AssessmentPublic:
    created = service.create(session=session, data=data)
    return service.to_public(created, data.state.upper())


@router.get("/assessments/{assessment_id}")
def get_assessment(assessment_id: RecordId, session: SessionDep) -> AssessmentDetail:
    assessment = service.get(session=session, assessment_id=assessment_id)
    code = service.state_code_of(session=session, assessment=assessment)
    items = service.item_views(session=session, assessment=assessment, today=date.today())
    return AssessmentDetail(**dict(service.to_public(assessment, code)), items=items)


@router.patch(
    "/assessments/{assessment_id}/items/{item_id}",
    dependencies=[require(Permission.write_records, Permission.write_external)],
)
def update_item(
    assessment_id: RecordId, item_id: str, data: ItemUpdate, session: SessionDep
) -> ItemView:
    assessment = service.get(session=session, assessment_id=assessment_id)
    service.update_item(session=session, assessment=assessment, item_id=item_id, data=data)
    views = service.item_views(session=session, assessment=assessment, today=date.today())
    return next(v for v in views if v.item == item_id)


@router.post(
    "/states/{code}/evidence/{ref}/proposals/{proposal_id}/accept",
    dependencies=[require(Permission.write_records)],
)
def accept_proposal(
    code: str,
    ref: str,
    proposal_id: RecordId,
    session: SessionDep,
    assessment: RecordId | None = None,
) -> ProposalPublic:
    """Accept a mapping proposal: the evidence is linked to the item in the assessment given
    (by default the state's latest)."""
    return proposals.accept(
        session=session,
        state_code=code,
        ref=ref,
        proposal_id=proposal_id,
        assessment_id=assessment,
    )
