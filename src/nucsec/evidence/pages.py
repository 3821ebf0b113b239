"""The Evidence page: a state's evidence you may see, and a form to record more."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from nucsec.access.labels import LABEL_ORDER
from nucsec.access.principal import Permission
from nucsec.access.visibility import highest
from nucsec.errors import NucsecError
from nucsec.evidence import service
from nucsec.evidence.models import EVIDENCE_KINDS
from nucsec.evidence.schemas import EvidenceCreate, EvidencePublic
from nucsec.paging import Page, page_params
from nucsec.validation import parse
from nucsec.web.current import current_state
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
