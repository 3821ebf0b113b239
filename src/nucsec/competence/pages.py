"""The Competence and Cooperation pages: measures per year, records, and forms to add them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from nucsec.access.labels import LABEL_ORDER
from nucsec.access.principal import Permission
from nucsec.access.visibility import highest
from nucsec.catalogue import default_pack
from nucsec.competence import service, transfer
from nucsec.competence.charts import competence_charts, cooperation_charts
from nucsec.errors import Invalid, NucsecError
from nucsec.filerows import ImportRejected, Row
from nucsec.paging import page_params
from nucsec.validation import one_of
from nucsec.web.current import current_state
from nucsec.web.deps import CurrentPrincipal, SessionDep, require
from nucsec.web.templating import render
from nucsec.web.uploads import CONTENT_TYPES, download, problems_of, uploaded

router = APIRouter(include_in_schema=False)
PAGES = {
    "competence": ("positions", "trainings", "certifications", "culture"),
    "cooperation": ("cooperation",),
}


def _charts(page: str, trend: list[dict[str, Any]]) -> list[tuple[str, Markup]]:
    """(caption, SVG) of the page's measures; the chart module escapes every text it draws."""
    drawn = competence_charts(trend) if page == "competence" else cooperation_charts(trend)
    return [(c.caption, Markup(c.svg)) for c in drawn] if trend else []  # noqa: S704


def _prefixed(query: Mapping[str, str], record_type: str) -> dict[str, str]:
    """The paging parameters of one record type's table: `positions_page` → `page`."""
    start = f"{record_type}_"
    return {k.removeprefix(start): v for k, v in query.items() if k.startswith(start)}


def _page(
    request: Request,
    session: SessionDep,
    principal,
    page: str,
    code: str | None,
    error: str | None = None,
    status_code: int = 200,
    upload_problems: list[str] | None = None,
) -> Response:
    current, visible = current_state(request, session, code)
    # Each table is paged on its own (`?positions_page=2&positions_limit=20`), as recorded.
    pages = (
        {
            t: service.list_records(
                session=session,
                state_code=current.code,
                record_type=t,
                page=replace(page_params(_prefixed(request.query_params, t)), sort=None),
            )
            for t in PAGES[page]
        }
        if current
        else {}
    )
    records = {t: [service.as_dict(t, r) for r in p.items] for t, p in pages.items()}
    trend = service.measure_trend(session=session, state_code=current.code) if current else []
    labels = [r["label"] for rows in records.values() for r in rows]
    return render(
        request,
        f"{page}.html",
        {
            "states": visible,
            "current": current,
            "records": records,
            "pages": pages,
            "trend": trend,
            "charts": _charts(page, trend),
            "rules": default_pack().records,
            "fields": service.FIELDS,
            "labels": [x.value for x in LABEL_ORDER if principal.may_see(x)],
            "can_add": principal.can(Permission.write_records),
            "error": error,
            "page_name": page,
            "record_types": PAGES[page],
            "upload_problems": upload_problems,
            "imported": request.query_params.get("imported"),
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


@router.post("/record-files/{page}")
async def import_records(
    page: str,
    request: Request,
    session: SessionDep,
    principal=require(Permission.write_records),
) -> Response:
    """A file of competence or cooperation records (CSV or YAML): all rows or none."""
    kinds = one_of("page", page, {p: PAGES[p] for p in PAGES})
    code = ""
    try:
        name, text, form = await uploaded(request)
        code = str(form.get("state", ""))
        record_type = str(form.get("record_type") or kinds[0])
        one_of("record type", record_type, {k: k for k in kinds})
        count = service.import_rows(
            session=session,
            state_code=code,
            record_type=record_type,
            rows=transfer.parse(text, name, record_type),
            source=name,
        )
    except NucsecError as exc:
        session.rollback()
        return _page(request, session, principal, page, code or None, None, 422, problems_of(exc))
    return RedirectResponse(f"/{page}?state={code.upper()}&imported={count}", status_code=303)


@router.get("/record-files/{record_type}.{fmt}")
def export_records(record_type: str, fmt: str, session: SessionDep, state: str = "") -> Response:
    """One type of record of a state, the file `nucsec competence export` writes."""
    one_of("record type", record_type, {k: k for kinds in PAGES.values() for k in kinds})
    if fmt not in CONTENT_TYPES:
        raise Invalid(f"unknown format {fmt!r}; use csv or yaml")
    rows = [
        service.as_dict(record_type, r)
        for r in service.listing(session=session, state_code=state, record_type=record_type)
    ]
    text = transfer.to_csv(record_type, rows) if fmt == "csv" else transfer.to_yaml(rows)
    return download(
        text,
        name=f"{record_type}-{state.upper()}.{fmt}",
        fmt=fmt,
        label=highest([r["label"] for r in rows]),
    )
