"""The Reports page: preview and download every report, and release the published ones."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from nucsec.access.labels import Label
from nucsec.access.principal import Permission
from nucsec.access.visibility import highest
from nucsec.errors import Forbidden, Invalid, NotFound
from nucsec.publishing import service as publishing
from nucsec.reports import approvals, service
from nucsec.reports.models import ReportRelease
from nucsec.reports.renderers import RENDERERS
from nucsec.states.models import State
from nucsec.validation import RecordId
from nucsec.web.current import current_state
from nucsec.web.deps import CurrentPrincipal, SessionDep, require
from nucsec.web.templating import render

router = APIRouter(include_in_schema=False)
KINDS = (
    ("public", "Public confidence-building report"),
    ("consolidated", "Consolidated national report"),
    ("matrix", "UNSCR 1540 matrix (nuclear column)"),
    ("cppnm14", "CPPNM Article 14 report"),
    ("legal-framework", "Legal-framework report (M-REG-04)"),
    ("internal", "Internal status report"),
)


@router.get("/reports")
def reports_page(
    request: Request, session: SessionDep, principal: CurrentPrincipal, state: str | None = None
) -> Response:
    current, visible = current_state(request, session, state)
    rows = service.releases(session=session, state_code=current.code) if current else []
    files = service.files_by_release(session=session, release_ids=[r.id for r in rows])
    return render(
        request,
        "reports.html",
        {
            "states": visible,
            "current": current,
            "kinds": KINDS,
            "formats": list(RENDERERS),
            "releases": list(reversed(rows)),
            "files": files,
            "signatures": publishing.signatures_by_release(
                session=session, release_ids=[r.id for r in rows]
            ),
            "releasable": service.RELEASABLE,
            "levelled": service.LEVELLED,
            "levels": [name for name, label in service.LEVELS.items() if principal.may_see(label)],
            "can_release": principal.can(Permission.approve),
            "can_request": principal.can(Permission.write_states),
            "requests": approvals.listing(session=session, state_code=current.code)
            if current
            else [],
            "queue": approvals.listing(session=session, status=approvals.PENDING)
            if principal.can(Permission.approve)
            else [],
        },
        page_label=highest([r.label for r in rows] or [Label.PUBLIC]),
    )


@router.get("/reports/{code}/{kind}/changes")
def pending_changes(
    code: str,
    kind: str,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    asked: Annotated[RecordId | None, Query(alias="request")] = None,
    level: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """What releasing `kind` now would change since the last release at the same level: a
    report is built only when someone asks. The coordinator sees it before asking for approval;
    the reviewer approves or returns it here (at the level the request names)."""
    if not (principal.can(Permission.approve) or principal.can(Permission.write_states)):
        raise Forbidden(f"your role ({principal.role}) may not release reports")
    current, _ = current_state(request, session, code)
    assert current is not None  # an unknown or hidden code answered 404
    if kind not in service.RELEASABLE:
        raise Invalid(f"only {' and '.join(service.RELEASABLE)} reports are released")
    wanted = approvals.get(session=session, request_id=asked) if asked else None
    if wanted is not None and (wanted.state != current.code or wanted.kind != kind):
        raise NotFound(f"no approval request {asked} for this report")
    if wanted is not None:
        level = wanted.level
    elif kind in service.LEVELLED and not level:
        level = Label.PUBLIC.value  # a release is meant for publication unless asked otherwise
    level = service.release_level(kind, level)
    waiting = approvals.listing(session=session, state_code=current.code, status=approvals.PENDING)
    changes = service.pending_changes(
        session=session,
        engine=request.app.state.engine,
        kind=kind,
        state_code=current.code,
        today=date.today(),
        level=level,
    )
    return render(
        request,
        "report_changes.html",
        {
            "current": current,
            "kind": kind,
            "changes": changes,
            "asked": wanted,
            "waiting": next((r for r in waiting if r.kind == kind and r.level == level), None),
            # a request made before levels is built at the reviewer's clearance, as it was then
            "level": level
            or (principal.clearance.value if kind in service.LEVELLED else Label.PUBLIC.value),
            "levelled": kind in service.LEVELLED,
            "can_release": principal.can(Permission.approve),
            "can_request": principal.can(Permission.write_states),
        },
    )


@router.get("/reports/{code}/{kind}.{fmt}")
def download(
    code: str, kind: str, fmt: str, request: Request, principal: CurrentPrincipal
) -> Response:
    report, content = service.generate(
        engine=request.app.state.engine,
        kind=kind,
        state_code=code,
        fmt=fmt,
        principal=principal,
        today=date.today(),
    )
    renderer = RENDERERS[fmt]
    inline = fmt in ("html", "pdf")
    name = f"{kind}-{report.state_code}.{renderer.extension}"
    disposition = f'{"inline" if inline else "attachment"}; filename="{name}"'
    return Response(
        content,
        media_type=renderer.media_type,
        headers={
            "Content-Disposition": disposition,
            "X-Nucsec-Label": report.label,
            "Content-Security-Policy": "default-src 'none'; "
            "style-src 'unsafe-inline'; img-src data:",
        },
    )


@router.post("/reports/{code}/{kind}/releases")
async def release(
    code: str,
    kind: str,
    request: Request,
    session: SessionDep,
    principal=require(Permission.approve),
) -> Response:
    form = await request.form()
    if form.get("confirm") != "1":
        raise Invalid("confirm: tick the box to confirm that this report may be published")
    service.release(
        session=session,
        engine=request.app.state.engine,
        kind=kind,
        state_code=code,
        today=date.today(),
        level=service.release_level(kind, str(form.get("level") or Label.PUBLIC.value)),
        refuse_identical=True,
    )
    return RedirectResponse(f"/reports?state={code.upper()}", status_code=303)


@router.get("/releases/{release_id}.{fmt}")
def release_file(release_id: RecordId, fmt: str, session: SessionDep) -> Response:
    stored = service.release_file(session=session, release_id=release_id, fmt=fmt)
    renderer = RENDERERS[fmt]
    row = session.get(ReportRelease, release_id)
    state = session.get(State, row.state_id) if row else None
    name = (  # the name its manifest lists, so the file verifies where it is saved
        service.release_file_name(row=row, state_code=state.code, fmt=fmt)
        if row and state
        else f"release-{release_id}.{renderer.extension}"
    )
    return Response(
        stored.content,
        media_type=renderer.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Nucsec-Label": stored.label,
            "X-Content-SHA256": stored.sha256,
        },
    )


@router.post("/reports/{code}/{kind}/requests")
async def ask_approval(
    code: str,
    kind: str,
    request: Request,
    session: SessionDep,
    principal=require(Permission.write_states),
) -> Response:
    """The coordinator asks a reviewer to approve the release."""
    form = await request.form()
    approvals.ask(
        session=session,
        state_code=code,
        kind=kind,
        note=str(form.get("note") or ""),
        level=str(form.get("level") or Label.PUBLIC.value),
    )
    return RedirectResponse(f"/reports?state={code.upper()}#requests", status_code=303)


@router.post("/approval-requests/{request_id}/approval")
async def approve_request(
    request_id: RecordId,
    request: Request,
    session: SessionDep,
    principal=require(Permission.approve),
) -> Response:
    """The reviewer approves a request: the report is released (a confirmed, public act)."""
    form = await request.form()
    if form.get("confirm") != "1":
        raise Invalid("confirm: tick the box to confirm that this report may be published")
    done = approvals.approve(
        session=session, engine=request.app.state.engine, request_id=request_id, today=date.today()
    )
    return RedirectResponse(f"/reports?state={done.state}#requests", status_code=303)


@router.post("/approval-requests/{request_id}/return")
async def return_request(
    request_id: RecordId,
    request: Request,
    session: SessionDep,
    principal=require(Permission.approve),
) -> Response:
    """The reviewer returns a request with a comment saying what should change."""
    form = await request.form()
    done = approvals.send_back(
        session=session, request_id=request_id, comment=str(form.get("comment") or "")
    )
    return RedirectResponse(f"/reports?state={done.state}#requests", status_code=303)
