"""The Legal page: the register of a state (instruments with provisions, adherence, outcomes
of prosecutions, points of contact) as the caller may see it, and forms to add records."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from nucsec.access.labels import LABEL_ORDER
from nucsec.access.principal import Permission
from nucsec.access.visibility import highest
from nucsec.errors import NucsecError
from nucsec.filerows import ImportRejected, Row
from nucsec.legal import service
from nucsec.legal.schemas import INSTRUMENT_KINDS, INTERNATIONAL
from nucsec.legal.transfer import provisions_text
from nucsec.states import service as states
from nucsec.web.deps import CurrentPrincipal, SessionDep, require
from nucsec.web.templating import render

router = APIRouter(include_in_schema=False)
TITLES = {
    "instruments": "National instruments",
    "adherence": "Adherence to international instruments",
    "prosecutions": "Outcomes of prosecutions",
    "contacts": "Points of contact (CPPNM Art. 5)",
}


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
    records: dict[str, list[dict]] = {}
    if current:
        for record_type in service.RECORD_TYPES:
            rows = [
                service.as_dict(record_type, r)
                for r in service.listing(
                    session=session, state_code=current.code, record_type=record_type
                )
            ]
            for row in rows:
                if "provisions" in row:
                    row["provisions"] = provisions_text(row["provisions"])
            records[record_type] = rows
    labels = [r["label"] for rows in records.values() for r in rows]
    return render(
        request,
        "legal.html",
        {
            "states": visible,
            "current": current,
            "records": records,
            "titles": TITLES,
            "fields": service.FIELDS,
            "kinds": INSTRUMENT_KINDS,
            "international": INTERNATIONAL,
            "labels": [x.value for x in LABEL_ORDER if principal.may_see(x)],
            "can_add": principal.can(Permission.write_records),
            "error": error,
        },
        status_code=status_code,
        page_label=highest(labels),
    )


@router.get("/legal")
def legal_page(
    request: Request, session: SessionDep, principal: CurrentPrincipal, state: str | None = None
) -> Response:
    return _page(request, session, principal, state)


@router.post("/legal/{record_type}")
async def add_legal_record(
    record_type: str,
    request: Request,
    session: SessionDep,
    principal=require(Permission.write_records),
) -> Response:
    form = await request.form()
    code = str(form.get("state", ""))
    values = {k: str(v) for k, v in form.items() if k not in ("csrf_token", "state") and v != ""}
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
        return _page(request, session, principal, code or None, reason, 422)
    except NucsecError as exc:
        session.rollback()
        return _page(request, session, principal, code or None, str(exc), 422)
    return RedirectResponse(f"/legal?state={code.upper()}", status_code=303)
