"""JSON routes of reports and releases."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request

from nucsec.reports import service
from nucsec.reports.document import Report
from nucsec.reports.schemas import ReleasePublic
from nucsec.web.deps import CurrentPrincipal, SessionDep

router = APIRouter(tags=["reports"])


@router.get("/states/{code}/reports/{kind}")
def report_document(
    code: str,
    kind: str,
    request: Request,
    principal: CurrentPrincipal,
    level: str | None = None,
    pack: str | None = None,
) -> Report:
    """A report as a JSON document (the public one is always built as PUBLIC); `level` builds
    the consolidated or legal-framework report at a release level, `pack` picks the latter's
    requirement pack."""
    report, _ = service.generate(
        engine=request.app.state.engine,
        kind=kind,
        state_code=code,
        fmt="json",
        principal=principal,
        today=date.today(),
        level=level,
        pack=pack,
    )
    return report


@router.get("/states/{code}/releases")
def list_releases(code: str, session: SessionDep) -> list[ReleasePublic]:
    """A state's releases the caller may see, oldest first, with their files' hashes."""
    return service.list_releases(session=session, state_code=code)
