"""JSON routes of state profiles; visibility is applied by the session, not here."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from nucsec.access.principal import Permission
from nucsec.paging import Page
from nucsec.states import service
from nucsec.states.schemas import StateCreate, StatePublic, StateUpdate
from nucsec.web.deps import PageDep, SessionDep, require

router = APIRouter(prefix="/states", tags=["states"])


@router.get("")
def list_states(session: SessionDep, paging: PageDep) -> Page[StatePublic]:
    """The states the caller may see, one page, and how many there are (sort: code, name)."""
    return service.list_states(session=session, page=paging)


@router.post(
    "", status_code=status.HTTP_201_CREATED, dependencies=[require(Permission.write_states)]
)
def create_state(data: StateCreate, session: SessionDep) -> StatePublic:
    return service.to_public(service.create(session=session, data=data))


@router.get("/{code}")
def get_state(code: str, session: SessionDep) -> StatePublic:
    return service.to_public(service.get(session=session, code=code))


@router.patch("/{code}", dependencies=[require(Permission.write_states)])
def update_state(code: str, data: StateUpdate, session: SessionDep) -> StatePublic:
    return service.to_public(service.update(session=session, code=code, data=data))


@router.delete(
    "/{code}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[require(Permission.write_states)],
)
def delete_state(code: str, session: SessionDep) -> Response:
    service.delete(session=session, code=code)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
