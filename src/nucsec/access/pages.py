"""Login, logout and the Admin page (users and the audit log)."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from nucsec.access import audit
from nucsec.access import service as access
from nucsec.access.labels import LABEL_ORDER, Label
from nucsec.access.principal import SYSTEM, Permission, Role
from nucsec.access.schemas import UserCreate
from nucsec.access.visibility import highest
from nucsec.db import transaction
from nucsec.errors import Invalid, NucsecError
from nucsec.paging import PageParams, page_params
from nucsec.validation import one_of, parse
from nucsec.web.deps import CurrentPrincipal, SessionDep, require
from nucsec.web.security import client_address, public
from nucsec.web.templating import render

router = APIRouter(include_in_schema=False)
RECENT_ENTRIES = 10  # the Admin page shows the newest few; the audit log page pages the rest


def safe_next(value: str | None) -> str:
    """Only local paths: a login link must not bounce the user to another site."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return "/dashboard"


@router.get("/login")
@public
def login_page(request: Request, next: str | None = None) -> Response:
    if getattr(request.state, "principal", None):
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", {"next_path": safe_next(next)})


@router.post("/login")
@public
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str | None, Form()] = None,
) -> Response:
    with transaction(request.app.state.engine, SYSTEM) as session:
        result = access.authenticate(
            session=session,
            username=username,
            password=password,
            address=client_address(request),
            policy=request.app.state.throttle,
        )
        user_id = result.user.id if result.user else None
        generation = result.user.session_generation if result.user else None
    context = {"next_path": safe_next(next), "username": username}
    if result.throttled:
        minutes = max(1, round(result.retry_after / 60))
        error = f"Too many failed attempts. Try again in about {minutes} minute(s)."
        return render(request, "login.html", {**context, "error": error}, status_code=429)
    if user_id is None:
        error = "Invalid user name or password."
        return render(request, "login.html", {**context, "error": error}, status_code=401)
    request.session.clear()  # a fresh session and CSRF token after every login
    request.session.update({"uid": user_id, "gen": generation, "csrf": secrets.token_urlsafe(32)})
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, session: SessionDep, principal: CurrentPrincipal) -> Response:
    """Sign out everywhere: every session cookie and token of the user ends, not only this one."""
    access.logout(session=session, username=principal.username)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


def _admin_page(
    request: Request,
    session: SessionDep,
    principal,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "admin.html",
        {
            "users": access.list_users(session=session).items,
            "log": audit.log_page(
                session, filters=audit.LogFilters(), params=PageParams(limit=RECENT_ENTRIES)
            )[0],
            "can_manage": principal.can(Permission.manage_users),
            "roles": [r.value for r in Role],
            "labels": [label.value for label in LABEL_ORDER],
            # The form starts from the least privilege: more is a deliberate choice.
            "default_role": Role.viewer.value,
            "default_clearance": Label.PUBLIC.value,
            "error": error,
        },
        status_code=status_code,
    )


@router.get("/admin")
def admin_page(
    request: Request, session: SessionDep, principal=require(Permission.read_audit)
) -> Response:
    return _admin_page(request, session, principal)


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


@router.get("/admin/audit")
def audit_page(
    request: Request, session: SessionDep, principal=require(Permission.read_audit)
) -> Response:
    """The whole log, paged and filtered by actor, action, record type and dates."""
    query = request.query_params
    chosen = {k: query.get(k) or "" for k in ("actor", "action", "record_type", "from", "to")}
    error, status_code = None, 200
    try:
        filters = audit.LogFilters(
            actor=chosen["actor"] or None,
            action=chosen["action"] or None,
            object_type=chosen["record_type"] or None,
            since=_day(chosen["from"], "from"),
            until=_day(chosen["to"], "to"),
        )
    except Invalid as exc:
        filters, error, status_code = audit.LogFilters(), str(exc), 422
    log, page = audit.log_page(session, filters=filters, params=page_params(query))
    return render(
        request,
        "audit.html",
        {
            "log": log,
            "page": page,
            "chosen": chosen,
            "choices": audit.log_choices(session),
            "error": error,
        },
        status_code=status_code,
        page_label=highest([e["label"] for e in log.entries]),
    )


@router.post("/admin/users")
def admin_add_user(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form()],
    role: Annotated[str, Form()],
    clearance: Annotated[str, Form()],
    password: Annotated[str, Form()],
    agency: Annotated[str | None, Form()] = None,
    principal=require(Permission.manage_users),
) -> Response:
    try:
        data = parse(
            UserCreate,
            {
                "username": username,
                "role": role,
                "clearance": clearance,
                "password": password,
                "agency": agency or None,
            },
        )
        access.create_user(session=session, data=data)
    except NucsecError as exc:
        return _admin_page(request, session, principal, error=str(exc), status_code=422)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users/{username}/{action}")
def admin_toggle_user(
    username: str,
    action: str,
    session: SessionDep,
    principal=require(Permission.manage_users),
) -> Response:
    if action not in ("disable", "enable"):
        raise NucsecError(f"unknown action {action!r}")
    access.set_disabled(session=session, username=username, disabled=action == "disable")
    return RedirectResponse("/admin", status_code=303)


def _user_page(
    request: Request,
    session: SessionDep,
    username: str,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    user = access.get_user(session=session, username=username)
    return render(
        request,
        "user.html",
        {
            "user": user,
            "roles": [r.value for r in Role],
            "labels": [label.value for label in LABEL_ORDER],
            "error": error,
        },
        status_code=status_code,
    )


@router.get("/admin/users/{username}")
def user_page(
    username: str,
    request: Request,
    session: SessionDep,
    principal=require(Permission.manage_users),
) -> Response:
    return _user_page(request, session, username)


@router.post("/admin/users/{username}")
async def edit_user(
    username: str,
    request: Request,
    session: SessionDep,
    principal=require(Permission.manage_users),
) -> Response:
    """Change role, clearance or agency; disabling needs its own confirmation."""
    form = await request.form()
    try:
        if form.get("disable") == "1":
            if form.get("confirm") != "1":
                raise Invalid("confirm: tick the box to confirm that this user is disabled")
            if username.strip().lower() == principal.username:
                raise Invalid("you cannot disable your own account")
            access.set_disabled(session=session, username=username, disabled=True)
        else:
            role = one_of("role", str(form.get("role", "")), {r.value: r for r in Role})
            clearance = one_of(
                "clearance", str(form.get("clearance", "")), {x.value: x for x in LABEL_ORDER}
            )
            if username.strip().lower() == principal.username and role is not Role.admin:
                raise Invalid("role: you cannot take the admin role from your own account")
            access.update_user(
                session=session,
                username=username,
                role=role,
                clearance=clearance,
                agency=str(form.get("agency") or ""),
            )
    except NucsecError as exc:
        session.rollback()
        return _user_page(request, session, username, error=str(exc), status_code=422)
    return RedirectResponse("/admin", status_code=303)
