"""Typed dependencies for routes: the caller, a database session on their behalf, permissions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request, status
from sqlalchemy.orm import Session

from nucsec.access.principal import Permission, Principal
from nucsec.db import transaction
from nucsec.paging import DEFAULT_LIMIT, MAX_LIMIT, PageParams
from nucsec.web.security import current_principal

CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def db_session(request: Request, principal: CurrentPrincipal) -> Iterator[Session]:
    """One transaction per request, seeing only what the caller may see; committed before the
    response is sent, so a failed commit is never reported as a success."""
    with transaction(request.app.state.engine, principal) as session:
        yield session


SessionDep = Annotated[Session, Depends(db_session, scope="function")]


def require(permission: Permission, *alternatives: Permission):
    """The caller must hold `permission` (or one of the alternatives; the service then checks
    what each one allows, e.g. an analyst's external assessments only)."""

    async def check(principal: CurrentPrincipal) -> Principal:
        if not any(principal.can(p) for p in (permission, *alternatives)):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"your role ({principal.role}) may not do this"
            )
        return principal

    return Depends(check)


async def page_query(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")] = DEFAULT_LIMIT,
    page: Annotated[int, Query(ge=1, description="Page number, from 1.")] = 1,
    sort: Annotated[
        str | None, Query(max_length=40, description="Sort key; a leading - reverses it.")
    ] = None,
) -> PageParams:
    """The page a list route serves: never more than MAX_LIMIT rows."""
    return PageParams(limit=limit, page=page, sort=sort)


PageDep = Annotated[PageParams, Depends(page_query)]
