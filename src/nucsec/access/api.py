"""JSON routes: tokens, the caller, users and the audit log."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from nucsec.access import audit
from nucsec.access import service as access
from nucsec.access.principal import SYSTEM, Permission
from nucsec.access.schemas import AuditLogPublic, TokenResponse, UserPublic
from nucsec.db import transaction
from nucsec.errors import Invalid
from nucsec.paging import Page
from nucsec.validation import MAX_ID
from nucsec.web.deps import CurrentPrincipal, PageDep, SessionDep, require
from nucsec.web.security import client_address, csrf_exempt, public

router = APIRouter(tags=["access"])
NAME = r"^[a-z][a-z0-9_]*$"  # an audit action or record type, as the log writes them


@router.post("/auth/token")
@public
@csrf_exempt
def issue_token(
    request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> TokenResponse:
    """OAuth2 password flow: exchange a user name and password for a bearer token."""
    with transaction(request.app.state.engine, SYSTEM) as session:
        result = access.authenticate(
            session=session,
            username=form.username,
            password=form.password,
            address=client_address(request),
            policy=request.app.state.throttle,
        )
        token = (
            access.issue_access_token(
                user=result.user, secret=request.app.state.settings.resolved_secret_key
            )
            if result.user
            else None
        )
    if result.throttled:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "too many failed attempts; try again later",
            headers={"Retry-After": str(result.retry_after)},
        )
    if token is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "invalid user name or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return TokenResponse(access_token=token, expires_in=access.ACCESS_TOKEN_SECONDS)


class Me(BaseModel):
    """The caller: their role, clearance, the labels they see and what they may do."""

    username: str
    role: str
    clearance: str
    sees_labels: list[str]
    permissions: list[str]


@router.get("/me")
def me(principal: CurrentPrincipal) -> Me:
    """Who the caller is, and what they may see."""
    return Me(
        username=principal.username,
        role=principal.role.value,
        clearance=principal.clearance.value,
        sees_labels=[label.value for label in principal.clearance.at_or_below()],
        permissions=sorted(p.value for p in Permission if principal.can(p)),
    )


@router.get("/users", dependencies=[require(Permission.manage_users)])
def list_users(session: SessionDep, paging: PageDep) -> Page[UserPublic]:
    """Users, one page (sort: username, role, created)."""
    return access.list_users(session=session, page=paging)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(session: SessionDep, principal: CurrentPrincipal) -> None:
    """End every session and token of the caller (cookies, access tokens and API tokens)."""
    access.logout(session=session, username=principal.username)


@router.get(
    "/audit",
    dependencies=[require(Permission.read_audit)],
    response_model=AuditLogPublic,
    response_model_exclude_unset=True,  # a reader who does not see all gets no positions
)
def audit_log(
    session: SessionDep,
    limit: Annotated[int, Field(ge=1, le=1000)] = 100,
    offset: Annotated[int, Field(ge=0, le=MAX_ID)] = 0,
    actor: Annotated[str | None, Query(max_length=64, description="A user name.")] = None,
    action: Annotated[
        str | None, Query(max_length=32, pattern=NAME, description="e.g. update, export")
    ] = None,
    record_type: Annotated[
        str | None, Query(max_length=64, pattern=NAME, description="e.g. findings")
    ] = None,
    since: Annotated[
        date | None, Query(alias="from", description="First day (UTC), YYYY-MM-DD.")
    ] = None,
    until: Annotated[date | None, Query(alias="to", description="Last day (UTC).")] = None,
) -> AuditLogPublic:
    """Newest entries first, with the verdict on the whole chain, narrowed by the filters of
    the audit page (actor, action, record type, days from and to, inclusive). Only entries
    about records the caller may see; `total` counts those that match; positions, hashes and
    the chain's length only for a caller who sees them all."""
    if since and until and since > until:
        raise Invalid(f"from: {since} is after to ({until})")
    filters = audit.LogFilters(
        actor=actor, action=action, object_type=record_type, since=since, until=until
    )
    view = audit.read_log(session, limit=limit, offset=offset, filters=filters)
    return AuditLogPublic.model_validate(
        {
            "intact": view.intact,
            "problem": view.problem,
            "checked": view.checked,
            "total": audit.count(session, filters=filters),
            "entries": view.entries,
        }
    )
