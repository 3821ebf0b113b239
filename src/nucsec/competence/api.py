"""JSON routes of competence and cooperation records and their measures."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from nucsec.competence import service
from nucsec.web.deps import SessionDep

router = APIRouter(tags=["competence"])


@router.get("/states/{code}/competence")
def competence(code: str, session: SessionDep) -> dict[str, Any]:
    """Every record the caller may see, by type, and the measures per year."""
    return {
        "records": {
            t: [
                service.as_dict(t, r)
                for r in service.listing(session=session, state_code=code, record_type=t)
            ]
            for t in service.RECORD_TYPES
        },
        "measures": service.measure_trend(session=session, state_code=code),
    }
