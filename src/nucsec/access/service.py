"""User accounts, login with throttling, and bearer tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import Connection, Table, case, delete, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from nucsec.access import audit
from nucsec.access.labels import Label
from nucsec.access.models import ApiToken, LoginThrottle, User
from nucsec.access.passwords import hash_password, needs_rehash, verify_password
from nucsec.access.principal import Principal, Role, check_clearance
from nucsec.access.schemas import UserCreate, UserPublic
from nucsec.config import Settings
from nucsec.errors import Conflict, Invalid, NotFound
from nucsec.paging import ALL, Page, PageParams, order_of, paginate

ACCESS_TOKEN_SECONDS = 8 * 3600
API_TOKEN_PREFIX = "nsk_"  # noqa: S105  (marks nucsec tokens; not a secret)

THROTTLE = cast(Table, LoginThrottle.__table__)  # typed as a Table for Core statements


def principal_for(user: User) -> Principal:
    return Principal(user.username, Role(user.role), Label(user.clearance), user.id, user.agency)


def create_user(*, session: Session, data: UserCreate) -> User:
    if session.scalar(select(User.id).where(User.username == data.username)) is not None:
        raise Conflict(f"user {data.username!r} already exists")
    check_clearance(data.role, data.clearance)
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


USER_SORTS = {
    "username": (User.username,),
    "role": (User.role, User.username),
    "created": (User.created_at, User.username),
}


def list_users(*, session: Session, page: PageParams = ALL) -> Page[UserPublic]:
    """Users, one page, in at most two queries."""
    query = select(User).order_by(*order_of(page.sort, USER_SORTS, "username"))
    rows, total = paginate(session, query, page, count_column=User.id)
    return Page[UserPublic].of([UserPublic.model_validate(r[0]) for r in rows], total, page)


def end_sessions(*, session: Session, user: User) -> None:
    """End every session cookie, access token and API token of `user` at once."""
    user.session_generation = (user.session_generation or 0) + 1
    for token in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)):
        token.revoked = True
    session.flush()


def logout(*, session: Session, username: str) -> None:
    """Sign a user out everywhere, and say so in the audit log."""
    user = get_user(session=session, username=username)
    end_sessions(session=session, user=user)
    audit.record_event(session, action="logout", object_type="users", object_id=user.username)


def set_disabled(*, session: Session, username: str, disabled: bool) -> User:
    user = get_user(session=session, username=username)
    user.disabled = disabled
    end_sessions(session=session, user=user)  # re-enabling must not revive old sessions either
    return user


def update_user(
    *, session: Session, username: str, role: Role, clearance: Label, agency: str | None
) -> User:
    """Change a user's role, clearance or agency; their sessions end when role or clearance
    change, so no page or token keeps the old rights."""
    user = get_user(session=session, username=username)
    agency = (agency or "").strip() or None
    if agency is not None and len(agency) > 100:
        raise Invalid("agency: at most 100 characters")
    rights_changed = (user.role, user.clearance) != (role.value, clearance.value)
    user.role, user.clearance, user.agency = role.value, clearance.value, agency
    if rights_changed:
        end_sessions(session=session, user=user)
    session.flush()
    return user


def set_password(*, session: Session, username: str, password: str) -> User:
    user = get_user(session=session, username=username)
    user.password_hash = hash_password(password)
    end_sessions(session=session, user=user)
    return user


def set_access(
    *, session: Session, username: str, role: Role | None = None, clearance: Label | None = None
) -> User:
    """Change a user's role or clearance; their sessions end, so none runs on the old rights."""
    user = get_user(session=session, username=username)
    changed = False
    check_clearance(role or Role(user.role), clearance or Label(user.clearance))
    if role is not None and user.role != role.value:
        user.role, changed = role.value, True
    if clearance is not None and user.clearance != clearance.value:
        user.clearance, changed = clearance.value, True
    if changed:
        end_sessions(session=session, user=user)
    return user


# --- login throttling ------------------------------------------------------------------------


@dataclass(frozen=True)
class ThrottlePolicy:
    """How many failed logins, per user name and per client address, within a window, lock it."""

    max_failures: int = 5
    address_max_failures: int = 20
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)

    @classmethod
    def from_settings(cls, settings: Settings) -> ThrottlePolicy:
        return cls(
            max_failures=settings.login_max_failures,
            address_max_failures=settings.login_address_max_failures,
            window=timedelta(seconds=settings.login_window_seconds),
            lockout=timedelta(seconds=settings.login_lockout_seconds),
        )


DEFAULT_POLICY = ThrottlePolicy()
MAX_FAILURES = DEFAULT_POLICY.max_failures
LOCKOUT = DEFAULT_POLICY.lockout


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    retry_after: int = 0  # seconds, when throttled

    @property
    def throttled(self) -> bool:
        return self.retry_after > 0


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _throttle_keys(name: str, address: str | None, policy: ThrottlePolicy) -> dict[str, int]:
    keys = {f"user:{name}": policy.max_failures}
    if address:
        keys[f"addr:{address[:100]}"] = policy.address_max_failures
    return keys


def _locked_for(connection: Connection, keys: list[str], now: datetime) -> int:
    """Seconds until every lock on these keys has passed; 0 when none holds."""
    table = THROTTLE
    until = [
        _aware(moment)
        for moment in connection.execute(
            select(table.c.locked_until).where(table.c.key.in_(keys))
        ).scalars()
        if moment is not None
    ]
    latest = max(until, default=now)
    return int((latest - now).total_seconds()) + 1 if latest > now else 0


def _count_failure(connection: Connection, key: str, now: datetime, policy: ThrottlePolicy) -> int:
    """Count one failure with one atomic upsert (parallel attempts all count); the new count."""
    table = THROTTLE
    upsert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    expired = table.c.window_start <= literal(now - policy.window, table.c.window_start.type)
    statement = (
        upsert(table)
        .values(key=key, failures=1, window_start=now, locked_until=None)
        .on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "failures": case((expired, 1), else_=table.c.failures + 1),
                "window_start": case(
                    (expired, literal(now, table.c.window_start.type)),
                    else_=table.c.window_start,
                ),
            },
        )
        .returning(table.c.failures)
    )
    return connection.execute(statement).scalar_one()


def authenticate(
    *,
    session: Session,
    username: str,
    password: str,
    address: str | None = None,
    now: datetime | None = None,
    policy: ThrottlePolicy = DEFAULT_POLICY,
) -> LoginResult:
    """Check a password; count failures per user name and per client address, and lock either
    for a while after too many within the window. A locked name or address is refused even the
    right password. Every failed or refused attempt is audited.

    Known and unknown names are treated alike, so the answer never tells whether a name exists.
    The caller must commit the session whatever the result, or the failure count is lost.
    """
    now = now or datetime.now(UTC)
    name = username.strip().lower()[:64]
    keys = _throttle_keys(name, address, policy)
    connection = session.connection()
    where = f" from {address[:100]}" if address else ""

    def refused(wait: int) -> LoginResult:
        audit.record(
            connection,
            actor=name,
            action="login_refused",
            object_type="users",
            object_id=name,
            detail=f"throttled after repeated failures{where}",
        )
        return LoginResult(None, retry_after=wait)

    if wait := _locked_for(connection, list(keys), now):
        return refused(wait)
    user = session.scalar(select(User).where(User.username == name))
    valid = verify_password(user.password_hash if user else None, password)
    if user is None or not valid or user.disabled:
        locked = []
        for key, limit in keys.items():
            if _count_failure(connection, key, now, policy) >= limit:
                connection.execute(
                    update(THROTTLE)
                    .where(THROTTLE.c.key == key)
                    .values(locked_until=now + policy.lockout)
                )
                locked.append(key.split(":", 1)[0])
        detail = f"bad credentials or disabled account{where}"
        if locked:
            names = ("user name" if kind == "user" else "address" for kind in locked)
            detail += "; locked: " + ", ".join(names)
        audit.record(
            connection,
            actor=name,
            action="login_failed",
            object_type="users",
            object_id=name,
            detail=detail,
        )
        return LoginResult(None)
    if wait := _locked_for(connection, list(keys), now):  # locked by a parallel attempt
        return refused(wait)
    connection.execute(delete(THROTTLE).where(THROTTLE.c.key == f"user:{name}"))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record(
        connection,
        actor=name,
        action="login",
        object_type="users",
        object_id=name,
        detail=f"signed in{where}" if address else None,
    )
    session.flush()
    return LoginResult(user)


# --- bearer tokens ---------------------------------------------------------------------------


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="nucsec-access-token")


def issue_access_token(*, user: User, secret: str) -> str:
    """A short-lived signed token (OAuth2 password flow); nothing is stored. It names the
    user's session generation, so `end_sessions` ends it."""
    return _serializer(secret).dumps({"uid": user.id, "gen": user.session_generation})


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
            return None  # end_sessions revokes every API token of the user
        user = session.get(User, row.user_id)
        return None if user is None or user.disabled else user
    try:
        payload = _serializer(secret).loads(token, max_age=ACCESS_TOKEN_SECONDS)
        user_id, generation = payload["uid"], payload["gen"]
    except (BadSignature, KeyError, TypeError):
        return None
    return active_user(session=session, user_id=user_id, generation=generation)


def active_user(*, session: Session, user_id: object, generation: object) -> User | None:
    """The enabled user of a session cookie or access token, if that session has not ended."""
    if not isinstance(user_id, int) or not isinstance(generation, int):
        return None
    user = session.get(User, user_id)
    if user is None or user.disabled or user.session_generation != generation:
        return None
    return user
