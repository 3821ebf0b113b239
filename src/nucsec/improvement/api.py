"""JSON routes of figures, their publication, the roadmap, the consistency check and the
continuous-improvement measures."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, status
from pydantic import BaseModel

from nucsec.access.principal import Permission
from nucsec.improvement import figures, service
from nucsec.improvement.schemas import (
    CheckPublic,
    FiguresPublic,
    FiguresRelease,
    FixDone,
    MeasuresPublic,
    RoadmapPublic,
)
from nucsec.validation import IdText, RecordId
from nucsec.web.deps import SessionDep, require

router = APIRouter(tags=["improvement"])


@router.get("/states/{code}/figures", response_model_exclude_unset=True)
def state_figures(
    code: str, session: SessionDep, assessment: RecordId | None = None
) -> FiguresPublic:
    """Indices of the latest (or given) assessment and the trend; PUBLIC callers get only
    approved figures."""
    return FiguresPublic.model_validate(
        figures.figures(session=session, state_code=code, assessment_id=assessment)
    )


@router.post(
    "/states/{code}/figures/releases",
    status_code=status.HTTP_201_CREATED,
    dependencies=[require(Permission.publish_figures)],
)
def approve_figures(code: str, assessment: RecordId, session: SessionDep) -> FiguresRelease:
    release = figures.approve(session=session, state_code=code, assessment_id=assessment)
    return FiguresRelease(
        release=release.id,
        assessment=assessment,
        rules_version=release.rules_version,
        figures=release.figures,
    )


@router.get("/states/{code}/roadmap", response_model_exclude_unset=True)
def state_roadmap(code: str, session: SessionDep) -> RoadmapPublic:
    """Where on the implementation cycle to start or continue, and the next actions, ranked."""
    return RoadmapPublic.model_validate(
        service.roadmap(session=session, state_code=code, today=date.today())
    )


@router.get("/states/{code}/check", response_model_exclude_unset=True)
def state_check(code: str, session: SessionDep) -> CheckPublic:
    """Contradictions between the latest assessment and the records."""
    return CheckPublic.model_validate(
        service.check(session=session, state_code=code, today=date.today())
    )


class Fix(BaseModel):
    item: IdText
    kind: IdText


@router.post("/states/{code}/check/fix", dependencies=[require(Permission.write_records)])
def state_check_fix(code: str, data: Fix, session: SessionDep) -> FixDone:
    """Apply the fix the check proposes for one issue."""
    done = service.fix(
        session=session, state_code=code, item_id=data.item, kind=data.kind, today=date.today()
    )
    return FixDone(fixed=done)


@router.get("/states/{code}/review-measures", response_model_exclude_unset=True)
def review_measures(code: str, session: SessionDep) -> MeasuresPublic:
    """How long since the last self-assessment and peer review, and the findings' progress."""
    return MeasuresPublic.model_validate(
        service.measures(session=session, state_code=code, today=date.today())
    )
