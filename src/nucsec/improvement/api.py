"""JSON routes of figures, their publication, the roadmap, the consistency check and the
continuous-improvement measures."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel

from nucsec.access.principal import Permission
from nucsec.improvement import figures, service
from nucsec.validation import IdText, RecordId
from nucsec.web.deps import SessionDep, require

router = APIRouter(tags=["improvement"])


@router.get("/states/{code}/figures")
def state_figures(
    code: str, session: SessionDep, assessment: RecordId | None = None
) -> dict[str, Any]:
    """Indices of the latest (or given) assessment and the trend; PUBLIC callers get only
    approved figures."""
    return figures.figures(session=session, state_code=code, assessment_id=assessment)


@router.post(
    "/states/{code}/figures/releases",
    status_code=status.HTTP_201_CREATED,
    dependencies=[require(Permission.publish_figures)],
)
def approve_figures(code: str, assessment: RecordId, session: SessionDep) -> dict[str, Any]:
    release = figures.approve(session=session, state_code=code, assessment_id=assessment)
    return {
        "release": release.id,
        "assessment": assessment,
        "rules_version": release.rules_version,
        "figures": release.figures,
    }


@router.get("/states/{code}/roadmap")
def state_roadmap(code: str, session: SessionDep) -> dict[str, Any]:
    return service.roadmap(session=session, state_code=code, today=date.today())


@router.get("/states/{code}/check")
def state_check(code: str, session: SessionDep) -> dict[str, Any]:
    """Contradictions between the latest assessment and the records."""
    return service.check(session=session, state_code=code, today=date.today())


class Fix(BaseModel):
    item: IdText
    kind: IdText


@router.post("/states/{code}/check/fix", dependencies=[require(Permission.write_records)])
def state_check_fix(code: str, data: Fix, session: SessionDep) -> dict[str, str]:
    """Apply the fix the check proposes for one issue."""
    done = service.fix(
        session=session, state_code=code, item_id=data.item, kind=data.kind, today=date.today()
    )
    return {"fixed": done}


@router.get("/states/{code}/review-measures")
def review_measures(code: str, session: SessionDep) -> dict[str, Any]:
    return service.measures(session=session, state_code=code, today=date.today())
