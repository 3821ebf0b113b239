"""User accounts, login with throttling, and bearer tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access import audit
from nucsec.access.labels import Label
from nucsec.access.models import ApiToken, LoginThrottle, User
from nucsec.access.passwords import hash_password, needs_rehash, verify_password
from nucsec.access.principal import Principal, Role
from nucsec.access.schemas import UserCreate
from nucsec.errors import Conflict, NotFound

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
ACCESS_TOKEN_SECONDS = 8 * 3600
API_TOKEN_PREFIX = "nsk_"  # noqa: S105  (marks nucsec tokens; not a secret)


def principal_for(user: User) -> Principal:
    return Principal(user.username, Role(user.role), Label(user.clearance), user.id, user.agency)


def create_user(*, session: Session, data: UserCreate) -> User:
    if session.scalar(select(User.id).where(User.username == data.username)) is not None:
        raise Conflict(f"user {data.username!r} already exists")
    user = User(
        username=data.username,
        role=data.role.value,
        clearance=data.clearance.value,
        password_hash=hash_password(data.password),
        agency=data.agency,
    )
    session.add(user)
    session.flush()
    return user


def get_user(*, session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(f"no user named {username.strip().lower()!r}")
    return user


def list_users(*, session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def set_disabled(*, session: Session, username: str, disabled: bool) -> User:
    user = get_user(session=session, username=username)
    user.disabled = disabled
    if disabled:
        for token in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)):
            token.revoked = True
    session.flush()
    return user


def set_password(*, session: Session, username: str, password: str) -> User:
    user = get_user(session=session, username=username)
    user.password_hash = hash_password(password)
    session.flush()
    return user


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    retry_after: int = 0  # seconds, when throttled

    @property
    def throttled(self) -> bool:
        return self.retry_after > 0


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def authenticate(
    *, session: Session, username: str, password: str, now: datetime | None = None
) -> LoginResult:
    """Check a password; count failures per user name and lock it for a while after too many.

    Known and unknown names are treated alike, so the answer never tells whether a name exists.
    The caller must commit the session whatever the result, or the failure count is lost.
    """
    now = now or datetime.now(UTC)
    name = username.strip().lower()[:64]
    throttle = session.get(LoginThrottle, name)
    if throttle and throttle.locked_until and _aware(throttle.locked_until) > now:
        wait = int((_aware(throttle.locked_until) - now).total_seconds()) + 1
        audit.record(
            session.connection(),
            actor=name,
            action="login_refused",
            object_type="users",
            object_id=name,
            detail="throttled after repeated failures",
        )
        return LoginResult(None, retry_after=wait)
    user = session.scalar(select(User).where(User.username == name))
    valid = verify_password(user.password_hash if user else None, password)
    if user is None or not valid or user.disabled:
        throttle = throttle or LoginThrottle(username=name, failures=0)
        session.add(throttle)
        throttle.failures += 1
        if throttle.failures >= MAX_FAILURES:
            throttle.failures, throttle.locked_until = 0, now + LOCKOUT
        audit.record(
            session.connection(),
            actor=name,
            action="login_failed",
            object_type="users",
            object_id=name,
            detail="bad credentials or disabled account",
        )
        session.flush()
        return LoginResult(None)
    if throttle:
        session.delete(throttle)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record(
        session.connection(), actor=name, action="login", object_type="users", object_id=name
    )
    session.flush()
    return LoginResult(user)


# --- bearer tokens ---------------------------------------------------------------------------


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="nucsec-access-token")


def issue_access_token(*, user: User, secret: str) -> str:
    """A short-lived signed token (OAuth2 password flow); nothing is stored."""
    return _serializer(secret).dumps({"uid": user.id})


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_api_token(*, session: Session, username: str, name: str) -> str:
    """A long-lived token for automation. Shown once; only its SHA-256 is kept."""
    user = get_user(session=session, username=username)
    if user.disabled:
        raise Conflict(f"user {user.username!r} is disabled")
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name, prefix=token[:12], token_hash=_digest(token)))
    session.flush()
    return token


def user_for_bearer(*, session: Session, token: str, secret: str) -> User | None:
    """The active user a bearer token stands for, or None."""
    if token.startswith(API_TOKEN_PREFIX):
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
        if row is None or row.revoked:
            return None
        user_id = row.user_id
    else:
        try:
            user_id = _serializer(secret).loads(token, max_age=ACCESS_TOKEN_SECONDS)["uid"]
        except (BadSignature, KeyError, TypeError):
            return None
    return active_user(session=session, user_id=user_id)


def active_user(*, session: Session, user_id: object) -> User | None:
    if not isinstance(user_id, int):
        return None
    user = session.get(User, user_id)
    return None if user is None or user.disabled else user
