"""JSON routes of competence and cooperation records and their measures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter

from nucsec.competence import service
from nucsec.competence.schemas import CompetenceOverview
from nucsec.paging import Page
from nucsec.web.deps import PageDep, SessionDep

router = APIRouter(tags=["competence"])


@router.get("/states/{code}/competence")
def competence(code: str, session: SessionDep) -> CompetenceOverview:
    """How many records of each type the caller may see, and the measures per year; the
    records themselves are listed one page at a time by type."""
    one = service.PageParams(limit=1)
    return CompetenceOverview(
        totals={
            t: service.list_records(session=session, state_code=code, record_type=t, page=one).total
            for t in service.RECORD_TYPES
        },
        measures=service.measure_trend(session=session, state_code=code),
    )


def _lister(record_type: str) -> Callable[..., Any]:
    def records(code: str, session: SessionDep, paging: PageDep) -> Page[Any]:
        return service.list_records(
            session=session, state_code=code, record_type=record_type, page=paging
        )

    records.__name__ = f"list_{record_type}"
    records.__doc__ = (
        f"A state's {record_type} records, one page (sort: {', '.join(SORTS[record_type])})."
    )
    return records


SORTS = {t: sorted(service.sort_keys(t)) for t in service.RECORD_TYPES}
for _type, _public in service.PUBLIC.items():
    router.add_api_route(
        f"/states/{{code}}/competence/{_type}",
        _lister(_type),
        methods=["GET"],
        response_model=Page[_public],  # type: ignore[valid-type]
    )
