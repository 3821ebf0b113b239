"""The Competence and Cooperation pages: measures per year, records, and forms to add them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from nucsec.access.labels import LABEL_ORDER
from nucsec.access.principal import Permission
from nucsec.access.visibility import highest
from nucsec.catalogue import default_pack
from nucsec.competence import service
from nucsec.errors import NucsecError
from nucsec.filerows import ImportRejected, Row
from nucsec.web.current import current_state
from nucsec.web.deps import CurrentPrincipal, SessionDep, require
from nucsec.web.templating import render

router = APIRouter(include_in_schema=False)
PAGES = {
    "competence": ("positions", "trainings", "certifications", "culture"),
    "cooperation": ("cooperation",),
}


def _page(
    request: Request,
    session: SessionDep,
    principal,
    page: str,
    code: str | None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    current, visible = current_state(request, session, code)
    records = (
        {
            t: [
                service.as_dict(t, r)
                for r in service.listing(session=session, state_code=current.code, record_type=t)
            ]
            for t in PAGES[page]
        }
        if current
        else {}
    )
    trend = service.measure_trend(session=session, state_code=current.code) if current else []
    labels = [r["label"] for rows in records.values() for r in rows]
    return render(
        request,
        f"{page}.html",
        {
            "states": visible,
            "current": current,
            "records": records,
            "trend": trend,
            "rules": default_pack().records,
            "fields": service.FIELDS,
            "labels": [x.value for x in LABEL_ORDER if principal.may_see(x)],
            "can_add": principal.can(Permission.write_records),
            "error": error,
        },
        status_code=status_code,
        page_label=highest(labels),
    )


@router.get("/competence")
def competence_page(
    request: Request, session: SessionDep, principal: CurrentPrincipal, state: str | None = None
) -> Response:
    return _page(request, session, principal, "competence", state)


@router.get("/cooperation")
def cooperation_page(
    request: Request, session: SessionDep, principal: CurrentPrincipal, state: str | None = None
) -> Response:
    return _page(request, session, principal, "cooperation", state)


@router.post("/records/{record_type}")
async def add_record(
    record_type: str,
    request: Request,
    session: SessionDep,
    principal=require(Permission.write_records),
) -> Response:
    form = await request.form()
    code = str(form.get("state", ""))
    page = "cooperation" if record_type == "cooperation" else "competence"
    values = {k: str(v) for k, v in form.items() if k not in ("csrf_token", "state") and v != ""}
    if record_type == "positions":
        values["qualification_required"] = "true" if form.get("qualification_required") else "false"
    try:
        service.import_rows(
            session=session,
            state_code=code,
            record_type=record_type,
            rows=[Row(0, values)],
            source="form",
        )
    except ImportRejected as exc:
        session.rollback()
        reason = "; ".join(p.removeprefix("line 0: ") for p in exc.problems)
        return _page(request, session, principal, page, code or None, reason, 422)
    except NucsecError as exc:
        session.rollback()
        return _page(request, session, principal, page, code or None, str(exc), 422)
    return RedirectResponse(f"/{page}?state={code.upper()}", status_code=303)
