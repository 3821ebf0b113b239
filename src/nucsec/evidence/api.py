"""JSON routes of evidence."""

from __future__ import annotations

from fastapi import APIRouter, status

from nucsec.access.principal import Permission
from nucsec.evidence import proposals, service
from nucsec.evidence.schemas import (
    EvidenceCreate,
    EvidencePublic,
    EvidenceUpdate,
    ProposalPublic,
    ProposalState,
    ProposeRequest,
)
from nucsec.paging import Page
from nucsec.validation import RecordId
from nucsec.web.deps import PageDep, SessionDep, require

router = APIRouter(tags=["evidence"])


@router.get("/states/{code}/evidence")
def list_evidence(code: str, session: SessionDep, paging: PageDep) -> Page[EvidencePublic]:
    """A state's evidence, one page (sort: ref, title, published)."""
    return service.list_evidence(session=session, state_code=code, page=paging)


@router.post(
    "/states/{code}/evidence",
    status_code=status.HTTP_201_CREATED,
    dependencies=[require(Permission.write_records)],
)
def add_evidence(code: str, data: EvidenceCreate, session: SessionDep) -> EvidencePublic:
    return EvidencePublic.model_validate(
        service.create(session=session, state_code=code, data=data)
    )


@router.patch("/states/{code}/evidence/{ref}", dependencies=[require(Permission.write_records)])
def update_evidence(
    code: str, ref: str, data: EvidenceUpdate, session: SessionDep
) -> EvidencePublic:
    return EvidencePublic.model_validate(
        service.update(session=session, state_code=code, ref=ref, data=data)
    )


# --- mapping proposals: passages of a document proposed as evidence of framework items ---


@router.get("/states/{code}/evidence/{ref}/proposals")
def list_proposals(
    code: str, ref: str, session: SessionDep, state: ProposalState | None = None
) -> list[ProposalPublic]:
    """The mapping proposals of a piece of evidence (state: proposed, accepted, rejected)."""
    return proposals.list_proposals(
        session=session, state_code=code, ref=ref, state=state.value if state else None
    )


@router.post(
    "/states/{code}/evidence/{ref}/proposals",
    status_code=status.HTTP_201_CREATED,
    dependencies=[require(Permission.write_records)],
)
def propose(code: str, ref: str, data: ProposeRequest, session: SessionDep) -> list[ProposalPublic]:
    """Map the document's passages to framework items; undecided proposals are replaced."""
    proposals.propose(
        session=session,
        state_code=code,
        ref=ref,
        passages=[(p.page, p.text) for p in data.passages],
        top=data.top,
    )
    return proposals.list_proposals(session=session, state_code=code, ref=ref, state="proposed")


@router.post(
    "/states/{code}/evidence/{ref}/proposals/{proposal_id}/reject",
    dependencies=[require(Permission.write_records)],
)
def reject_proposal(
    code: str, ref: str, proposal_id: RecordId, session: SessionDep
) -> ProposalPublic:
    return proposals.reject(session=session, state_code=code, ref=ref, proposal_id=proposal_id)
