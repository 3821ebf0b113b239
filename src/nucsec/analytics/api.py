"""JSON routes of comparisons, trends, traceability and scenarios (typed responses)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from nucsec.analytics import service
from nucsec.analytics.schemas import (
    By,
    CompareDoc,
    Kind,
    ProfileFilter,
    ScenarioDoc,
    TraceDoc,
    TrendDoc,
)
from nucsec.improvement import scenarios
from nucsec.web.deps import PageDep, SessionDep

router = APIRouter(tags=["analytics"])


@router.get("/compare")
def compare(
    session: SessionDep,
    page: PageDep,
    states: Annotated[str | None, Query(max_length=2000, description="e.g. XD,XB")] = None,
    by: By = "commitment",
    kind: Kind = "self",
    profile: ProfileFilter | None = None,
    region: Annotated[str | None, Query(max_length=64)] = None,
) -> CompareDoc:
    """States × commitments, elements or measures, ranked on overall (ties share a rank), one
    page at a time; `sort` is rank (the default), state, or a column's key (highest first)."""
    return service.compare(
        session=session,
        codes=states.split(",") if states else None,
        by=by,
        kind=kind,
        profile=profile,
        region=region,
        today=date.today(),
        sort=page.sort,
        page=replace(page, sort=None),
    )


@router.get("/states/{code}/trends")
def trends(code: str, session: SessionDep, kind: Kind = "self") -> TrendDoc:
    """A state's indices over time, the change since the previous point and the falls."""
    return service.trends(session=session, state_code=code, kind=kind, today=date.today())


@router.get("/states/{code}/trace")
def trace(
    code: str,
    session: SessionDep,
    key: Annotated[str, Query(max_length=32)],
    by: By = "commitment",
    kind: Kind = "self",
) -> TraceDoc:
    """Where one cell of a comparison comes from: item assessments and evidence."""
    return service.traceability(
        session=session, state_code=code, by=by, key=key, kind=kind, today=date.today()
    )


@router.get("/states/{code}/scenarios")
def state_scenarios(code: str, session: SessionDep) -> ScenarioDoc:
    """The actions whose implementation or publication would raise the indices most."""
    return ScenarioDoc.model_validate(
        scenarios.for_state(session=session, state_code=code, today=date.today())
    )
