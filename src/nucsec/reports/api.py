"""JSON routes of reports and releases."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request

from nucsec.reports import service
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
) -> dict[str, Any]:
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
    return report.as_dict()


@router.get("/states/{code}/releases")
def list_releases(code: str, session: SessionDep) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "kind": r.kind,
            "label": r.label,
            "approved_by": r.approved_by,
            "approved_at": r.approved_at.isoformat(),
            "changes": r.changes,
            "files": {
                f.format: {"sha256": f.sha256, "size": f.size}
                for f in service.files_of(session=session, release_id=r.id)
            },
        }
        for r in service.releases(session=session, state_code=code)
    ]
