"""JSON routes of evidence."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Query, Request, UploadFile, status
from fastapi.responses import Response
from starlette.datastructures import UploadFile as FormFile

from nucsec.access.labels import Label
from nucsec.access.principal import Permission
from nucsec.evidence import proposals, search, service
from nucsec.evidence.download import file_response
from nucsec.evidence.files import FileStore
from nucsec.evidence.schemas import (
    EvidenceCreate,
    EvidenceFilePublic,
    EvidencePublic,
    EvidenceUpdate,
    ProposalPublic,
    ProposalState,
    ProposeRequest,
)
from nucsec.evidence.search import SearchHit
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


# --- files and search ---------------------------------------------------------------------


def file_store(request: Request) -> FileStore:
    return FileStore.in_data_dir(request.app.state.settings.data_dir)


async def read_upload(request: Request, upload: FormFile) -> tuple[bytes, str]:
    """The uploaded bytes (at most the settings' limit, plus one to tell it was larger)."""
    limit = request.app.state.settings.max_upload_bytes
    return await upload.read(limit + 1), upload.filename or "file"


@router.get("/states/{code}/evidence/search")
def search_evidence(
    code: str,
    session: SessionDep,
    paging: PageDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find.")],
    kind: Annotated[str | None, Query(max_length=32)] = None,
    label: Label | None = None,
    item: Annotated[str | None, Query(max_length=32, description="A framework item.")] = None,
    published_from: date | None = None,
    published_to: date | None = None,
) -> Page[SearchHit]:
    """Evidence whose title, publisher, summary or stored text holds every word of `q`."""
    filters = search.Filters(
        kind=kind,
        published_from=published_from,
        published_to=published_to,
        label=label,
        item=item,
    )
    return search.search(session=session, state_code=code, text=q, filters=filters, page=paging)


@router.get("/states/{code}/evidence/{ref}/files")
def list_files(code: str, ref: str, session: SessionDep) -> list[EvidenceFilePublic]:
    return service.list_files(session=session, state_code=code, ref=ref)


@router.post(
    "/states/{code}/evidence/{ref}/files",
    status_code=status.HTTP_201_CREATED,
    dependencies=[require(Permission.write_records)],
)
async def attach_file(
    code: str,
    ref: str,
    request: Request,
    session: SessionDep,
    file: Annotated[UploadFile, File(description="PDF, DOCX, HTML, plain text or an image.")],
) -> EvidenceFilePublic:
    """Store a file with a record; its text is read into passages for search and mapping."""
    data, name = await read_upload(request, file)
    record = service.attach(
        session=session,
        state_code=code,
        ref=ref,
        data=data,
        filename=name,
        store=file_store(request),
        max_bytes=request.app.state.settings.max_upload_bytes,
    )
    files = service.list_files(session=session, state_code=code, ref=ref)
    return next(f for f in files if f.sha256 == record.sha256)


@router.get(
    "/states/{code}/evidence/{ref}/files/{sha256}",
    response_class=Response,
    responses={
        200: {
            "description": "The file, with the media type it was stored as.",
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def download_file(
    code: str, ref: str, sha256: str, request: Request, session: SessionDep
) -> Response:
    """The file, as a download (never displayed inline)."""
    record, data = service.get_file(
        session=session, state_code=code, ref=ref, sha256=sha256, store=file_store(request)
    )
    return file_response(record, data)


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
    """Map the document's passages (given, or those of its stored files) to framework items;
    undecided proposals are replaced."""
    proposals.propose(
        session=session,
        state_code=code,
        ref=ref,
        passages=None if data.passages is None else [(p.page, p.text) for p in data.passages],
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
