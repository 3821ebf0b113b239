"""The Evidence page: a state's evidence you may see, and a form to record more."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from nucsec.access.labels import LABEL_ORDER
from nucsec.access.principal import Permission
from nucsec.access.visibility import highest
from nucsec.errors import NucsecError
from nucsec.evidence import proposals, service
from nucsec.evidence.models import EVIDENCE_KINDS
from nucsec.evidence.schemas import EvidenceCreate, EvidencePublic
from nucsec.paging import Page, page_params
from nucsec.states import service as states
from nucsec.validation import RecordId, parse
from nucsec.web.deps import CurrentPrincipal, SessionDep, require
from nucsec.web.templating import render

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    session: SessionDep,
    principal,
    code: str | None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    visible = states.list_all(session=session)
    current = states.get(session=session, code=code) if code else (visible[0] if visible else None)
    paging = page_params(request.query_params)
    page = (
        service.list_evidence(
            session=session, state_code=current.code, page=replace(paging, sort=None)
        )
        if current
        else Page[EvidencePublic].of([], 0, paging)
    )
    records = page.items
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
        },
        status_code=status_code,
        page_label=highest([r.label for r in records]),
    )


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
    try:
        data = parse(
            EvidenceCreate,
            {
                "title": form.get("title", ""),
                "kind": form.get("kind", "other"),
                "publisher": form.get("publisher") or None,
                "published_on": form.get("published_on") or None,
                "url": form.get("url") or None,
                "summary": form.get("summary") or None,
                "label": form.get("label", "OFFICIAL"),
            },
        )
        service.create(session=session, state_code=code, data=data)
    except NucsecError as exc:
        session.rollback()
        return _page(request, session, principal, code or None, str(exc), 422)
    return RedirectResponse(f"/evidence?state={code.upper()}", status_code=303)


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
    request: Request, session: SessionDep, principal: CurrentPrincipal, state: str, ref: str
) -> Response:
    return proposals_page(request, session, principal, state, ref)


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
