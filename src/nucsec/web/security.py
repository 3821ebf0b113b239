"""Authentication and CSRF for every route, secure by default.

Both run as app-wide dependencies: a new route is protected without doing anything, and only
the routes marked `@public` answer an anonymous caller.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import HTTPException, Request, status

from nucsec.access import service as access
from nucsec.access.principal import PUBLIC, SYSTEM, Principal
from nucsec.db import transaction

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SESSION_COOKIE = "nucsec_session"
_PUBLIC = "__nucsec_public__"
_CSRF_EXEMPT = "__nucsec_csrf_exempt__"

F = TypeVar("F", bound=Callable[..., Any])


def public(endpoint: F) -> F:
    """Mark a route as answering anonymous callers. Every other route requires a login."""
    setattr(endpoint, _PUBLIC, True)
    return endpoint


def csrf_exempt(endpoint: F) -> F:
    """Mark an unsafe route that takes credentials, not a session (forging it gains nothing)."""
    setattr(endpoint, _CSRF_EXEMPT, True)
    return endpoint


def is_public_endpoint(endpoint: object) -> bool:
    return getattr(endpoint, _PUBLIC, False)


def _marked(request: Request, mark: str) -> bool:
    return getattr(request.scope.get("endpoint"), mark, False)


class LoginRequired(Exception):
    """An anonymous browser asked for a page: send it to the login page."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use (also for the anonymous login form)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def authenticate(request: Request) -> Principal | None:
    """Resolve the caller from a bearer token or the session cookie; refuse if anonymous."""
    engine = request.app.state.engine
    secret = request.app.state.settings.resolved_secret_key
    principal: Principal | None = None
    token = bearer_token(request)
    if token is not None or "uid" in request.session:
        with transaction(engine, SYSTEM) as session:
            if token is not None:
                user = access.user_for_bearer(session=session, token=token, secret=secret)
            else:
                user = access.active_user(
                    session=session,
                    user_id=request.session.get("uid"),
                    generation=request.session.get("gen"),
                )
                if user is None:  # the session ended (logout elsewhere, new password …)
                    request.session.pop("uid", None)
                    request.session.pop("gen", None)
            principal = access.principal_for(user) if user else None
    request.state.principal = principal
    request.state.via_bearer = token is not None
    if principal is None and not _marked(request, _PUBLIC):
        if is_api(request):
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "authentication required",
                headers={"WWW-Authenticate": "Bearer"},
            )
        raise LoginRequired(request.url.path)
    return principal


async def verify_csrf(request: Request) -> None:
    """Refuse a state-changing request made with the session cookie but without its token."""
    if request.method in SAFE_METHODS or _marked(request, _CSRF_EXEMPT):
        return
    if getattr(request.state, "via_bearer", False):
        return  # a bearer token is not sent by browsers on their own: no CSRF risk
    supplied = request.headers.get("x-csrf-token")
    if supplied is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        supplied = value if isinstance(value, str) else None
    expected = request.session.get("csrf")
    if not (expected and supplied and hmac.compare_digest(expected, supplied)):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "CSRF token missing or invalid")


def client_address(request: Request) -> str | None:
    """The peer's address, for login throttling (a proxy's own address when behind one)."""
    return request.client.host if request.client else None


async def current_principal(request: Request) -> Principal:
    """The authenticated caller; PUBLIC on the few public routes. (Async, like every
    dependency that does no I/O: FastAPI runs a sync one in a worker thread, and that hop cost
    more than the work.)"""
    return getattr(request.state, "principal", None) or PUBLIC
