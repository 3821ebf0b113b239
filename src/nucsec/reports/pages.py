"""The Reports page: preview and download every report, and release the published ones."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from nucsec.access.labels import Label
from nucsec.access.principal import Permission
from nucsec.access.visibility import highest
from nucsec.errors import Invalid
from nucsec.publishing import service as publishing
from nucsec.reports import service
from nucsec.reports.models import ReportRelease
from nucsec.reports.renderers import RENDERERS
from nucsec.states import service as states
from nucsec.states.models import State
from nucsec.validation import RecordId
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
    visible = states.list_all(session=session)
    current = (
        states.get(session=session, code=state) if state else (visible[0] if visible else None)
    )
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
            "can_release": principal.can(Permission.approve),
        },
        page_label=highest([r.label for r in rows] or [Label.PUBLIC]),
    )


@router.get("/reports/{code}/{kind}/changes")
def pending_changes(
    code: str,
    kind: str,
    request: Request,
    session: SessionDep,
    principal=require(Permission.approve),
) -> Response:
    """What releasing `kind` now would change: a report is built only when a reviewer asks."""
    current = states.get(session=session, code=code)
    if kind not in service.RELEASABLE:
        raise Invalid(f"only {' and '.join(service.RELEASABLE)} reports are released")
    changes = service.pending_changes(
        session=session,
        engine=request.app.state.engine,
        kind=kind,
        state_code=current.code,
        today=date.today(),
    )
    return render(
        request,
        "report_changes.html",
        {"current": current, "kind": kind, "changes": changes},
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
def release(
    code: str,
    kind: str,
    request: Request,
    session: SessionDep,
    principal=require(Permission.approve),
) -> Response:
    service.release(
        session=session,
        engine=request.app.state.engine,
        kind=kind,
        state_code=code,
        today=date.today(),
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
