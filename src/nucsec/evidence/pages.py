"""The Evidence page: a state's evidence you may see, and a form to record more."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from nucsec.access.labels import LABEL_ORDER, Label
from nucsec.access.principal import Permission
from nucsec.access.visibility import highest
from nucsec.errors import Invalid, NucsecError
from nucsec.evidence import proposals, search, service
from nucsec.evidence.api import file_store, read_upload
from nucsec.evidence.download import file_response
from nucsec.evidence.models import EVIDENCE_KINDS
from nucsec.evidence.schemas import EvidenceCreate, EvidencePublic
from nucsec.paging import Page, page_params
from nucsec.states import service as states
from nucsec.validation import RecordId, parse
from nucsec.web.current import current_state
from nucsec.web.deps import CurrentPrincipal, SessionDep, require
from nucsec.web.forms import field_of
from nucsec.web.templating import render

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    session: SessionDep,
    principal,
    code: str | None,
    error: str | None = None,
    status_code: int = 200,
    values: dict[str, Any] | None = None,
) -> Response:
    """The Evidence page; after a refused record, the form shows what was typed and marks the
    field the error names."""
    current, visible = current_state(request, session, code)
    paging = page_params(request.query_params)
    page = (
        service.list_evidence(
            session=session, state_code=current.code, page=replace(paging, sort=None)
        )
        if current
        else Page[EvidencePublic].of([], 0, paging)
    )
    records = page.items
    found = _search(request, session, current.code) if current else None
    return render(
        request,
        "evidence.html",
        {
            "states": visible,
            "current": current,
            "records": records,
            "page": page,
            "can_add": principal.can(Permission.write_records),
            "kinds": EVIDENCE_KINDS,
            "labels": [x.value for x in LABEL_ORDER if principal.may_see(x)],
            "error": error,
            "bad_field": field_of(error),
            "values": values or {},
            "search": found,
            "max_upload_mb": request.app.state.settings.max_upload_mb,
        },
        status_code=status_code,
        page_label=highest(
            [r.label for r in records] + ([h.label for h in found["page"].items] if found else [])
        ),
    )


def _search(request: Request, session: SessionDep, code: str) -> dict[str, Any] | None:
    """The search the page's query string asks for (`q` and filters), or None without `q`.
    A malformed filter is reported on the page, never a 500."""
    params = request.query_params
    text = params.get("q", "").strip()[:500]
    if not text:
        return None
    shown = {k: params.get(k, "") for k in ("q", "kind", "label", "item", "from", "to")}
    try:
        filters = search.Filters(
            kind=params.get("kind") or None,
            label=parse_label(params.get("label")),
            item=(params.get("item") or "").strip()[:32] or None,
            published_from=_date(params.get("from"), "from"),
            published_to=_date(params.get("to"), "to"),
        )
        paging = replace(page_params(params, default_limit=20), sort=None)
        found = search.search(
            session=session, state_code=code, text=text, filters=filters, page=paging
        )
        terms = search.terms_of(text)
    except NucsecError as exc:
        return {
            "error": str(exc),
            "params": shown,
            "page": Page[Any].of([], 0, page_params({})),
            "mark": lambda passage: [(passage, False)],
        }
    return {
        "error": None,
        "params": shown,
        "page": found,
        "mark": lambda passage: search.marked(passage, terms),
    }


def parse_label(value: str | None) -> Label | None:
    if not value:
        return None
    if value not in Label.__members__:
        raise Invalid(f"label: unknown label {value[:20]!r}")
    return Label(value)


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{name}: expected a date (YYYY-MM-DD), got {value[:20]!r}") from None


@router.get("/evidence")
def evidence_page(
    request: Request, session: SessionDep, principal: CurrentPrincipal, state: str | None = None
) -> Response:
    return _page(request, session, principal, state)


@router.post("/evidence")
async def add_evidence(
    request: Request, session: SessionDep, principal=require(Permission.write_records)
) -> Response:
    form = await request.form()
    code = str(form.get("state", ""))
    typed = {
        "title": form.get("title", ""),
        "kind": form.get("kind", "other"),
        "publisher": form.get("publisher") or None,
        "published_on": form.get("published_on") or None,
        "url": form.get("url") or None,
        "summary": form.get("summary") or None,
        "label": form.get("label", "OFFICIAL"),
    }
    try:
        data = parse(EvidenceCreate, typed)
        record = service.create(session=session, state_code=code, data=data)
        upload = form.get("file")
        if isinstance(upload, UploadFile) and (upload.filename or upload.size):
            await _attach(request, session, code, record.ref, upload)
    except NucsecError as exc:
        session.rollback()  # the record goes too: a refused file leaves nothing behind
        return _page(request, session, principal, code or None, str(exc), 422, typed)
    return RedirectResponse(f"/evidence?state={code.upper()}", status_code=303)


async def _attach(
    request: Request, session: SessionDep, code: str, ref: str, upload: UploadFile
) -> None:
    data, name = await read_upload(request, upload)
    service.attach(
        session=session,
        state_code=code,
        ref=ref,
        data=data,
        filename=name,
        store=file_store(request),
        max_bytes=request.app.state.settings.max_upload_bytes,
    )


@router.post("/evidence/files")
async def attach_file(
    request: Request, session: SessionDep, principal=require(Permission.write_records)
) -> Response:
    """Store a file with an existing record (the form under the list)."""
    form = await request.form()
    code, ref, upload = str(form.get("state", "")), str(form.get("ref", "")), form.get("file")
    try:
        if not isinstance(upload, UploadFile):
            raise Invalid("file: choose a file to store")
        await _attach(request, session, code, ref.strip(), upload)
    except NucsecError as exc:
        session.rollback()
        return _page(request, session, principal, code or None, str(exc), 422)
    return RedirectResponse(f"/evidence?state={code.upper()}", status_code=303)


@router.get("/evidence/{code}/{ref}/files/{sha256}")
def download_file(
    code: str, ref: str, sha256: str, request: Request, session: SessionDep
) -> Response:
    """A stored file, as a download; a record above the caller's clearance is a plain 404."""
    record, data = service.get_file(
        session=session, state_code=code, ref=ref, sha256=sha256, store=file_store(request)
    )
    return file_response(record, data)


# --- review of mapping proposals ---------------------------------------------------------


def proposals_page(
    request: Request,
    session: SessionDep,
    principal,
    code: str,
    ref: str,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    """The proposals of one piece of evidence, with accept and reject for those who may write."""
    current = states.get(session=session, code=code)
    record = service.get(session=session, state_code=current.code, ref=ref)
    rows = proposals.list_proposals(session=session, state_code=current.code, ref=record.ref)
    return render(
        request,
        "evidence_proposals.html",
        {
            "current": current,
            "record": EvidencePublic.model_validate(record),
            "proposals": rows,
            "can_review": principal.can(Permission.write_records),
            "error": error,
        },
        status_code=status_code,
        page_label=highest([record.label, *(p.label for p in rows)]),
    )


@router.get("/evidence/proposals")
def review_proposals(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    state: str | None = None,
    ref: str | None = None,
) -> Response:
    """One record's proposals; without a record, the Evidence page to choose one from."""
    if not state or not ref:
        current, _ = current_state(request, session, state or None)
        return RedirectResponse(
            f"/evidence?state={current.code}" if current else "/evidence", status_code=303
        )
    return proposals_page(request, session, principal, state, ref)


@router.post("/evidence/proposals/map")
async def map_stored(
    request: Request, session: SessionDep, principal=require(Permission.write_records)
) -> Response:
    """Propose items for the passages of the record's stored files (replaces undecided ones)."""
    form = await request.form()
    code, ref = str(form.get("state", "")), str(form.get("ref", ""))
    try:
        proposals.propose(session=session, state_code=code, ref=ref)
    except NucsecError as exc:
        session.rollback()
        return proposals_page(request, session, principal, code, ref, str(exc), 422)
    return RedirectResponse(proposals_url(code, ref), status_code=303)


@router.post("/evidence/proposals/{proposal_id}/reject")
async def reject_proposal(
    request: Request,
    proposal_id: RecordId,
    session: SessionDep,
    principal=require(Permission.write_records),
) -> Response:
    form = await request.form()
    code, ref = str(form.get("state", "")), str(form.get("ref", ""))
    try:
        proposals.reject(session=session, state_code=code, ref=ref, proposal_id=proposal_id)
    except NucsecError as exc:
        session.rollback()
        return proposals_page(request, session, principal, code, ref, str(exc), 409)
    return RedirectResponse(proposals_url(code, ref), status_code=303)


def proposals_url(code: str, ref: str) -> str:
    return f"/evidence/proposals?{urlencode({'state': code.upper(), 'ref': ref})}"
