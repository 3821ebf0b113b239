"""JSON routes of evidence."""

from __future__ import annotations

from fastapi import APIRouter, status

from nucsec.access.principal import Permission
from nucsec.evidence import service
from nucsec.evidence.schemas import EvidenceCreate, EvidencePublic, EvidenceUpdate
from nucsec.paging import Page
from nucsec.web.deps import PageDep, SessionDep, require

router = APIRouter(tags=["evidence"])


@router.get("/states/{code}/evidence")
def list_evidence(code: str, session: SessionDep, paging: PageDep) -> Page[EvidencePublic]:
    """A state's evidence, one page (sort: ref, title, published)."""
    return service.list_evidence(session=session, state_code=code, page=paging)


@router.post(
    "/states/{code}/evidence",
    status_code=status.HTTP_201_CREATED,
    dependencies=[require(Permission.write_records, Permission.write_external)],
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
