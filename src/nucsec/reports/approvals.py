"""Requests for approval: a coordinator asks, a reviewer approves (the release) or returns it.

Each step is a write of an `ApprovalRequest` row, so the audit log's flush hook records who
asked, who decided and when. A request carries its state's label: whoever may see the state
sees its requests, and nobody learns of a state above their clearance through the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from nucsec.access.principal import Permission
from nucsec.access.visibility import principal_of
from nucsec.db import utcnow
from nucsec.errors import Conflict, Forbidden, Invalid, NotFound
from nucsec.reports import service as reports
from nucsec.reports.models import ApprovalRequest
from nucsec.states import service as states
from nucsec.states.models import State

PENDING, APPROVED, RETURNED = "pending", "approved", "returned"
MAX_TEXT = 2000


@dataclass(frozen=True)
class RequestView:
    """A request as the pages show it (with its state's code and name)."""

    id: int
    state: str
    state_name: str
    kind: str
    status: str
    requested_by: str
    requested_at: datetime
    note: str | None
    decided_by: str | None
    decided_at: datetime | None
    comment: str | None
    release_id: int | None
    label: str
    level: str | None = None  # the release level asked for; None: the public report's PUBLIC


def _view(row: ApprovalRequest, state: State) -> RequestView:
    return RequestView(
        id=row.id,
        state=state.code,
        state_name=state.name,
        kind=row.kind,
        status=row.status,
        requested_by=row.requested_by,
        requested_at=row.requested_at,
        note=row.note,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        comment=row.comment,
        release_id=row.release_id,
        label=row.label,
        level=row.level,
    )


def _text(value: str | None, what: str) -> str | None:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise Invalid(f"{what}: at most {MAX_TEXT} characters")
    return text or None


def ask(
    *,
    session: Session,
    state_code: str,
    kind: str,
    note: str | None = None,
    level: str | None = None,
) -> RequestView:
    """The coordinator asks a reviewer to approve the release of `kind` at a release level (the
    consolidated report: PUBLIC or OFFICIAL); one pending request per report and level."""
    principal = principal_of(session)
    if not principal.can(Permission.write_states):
        raise Forbidden(f"your role ({principal.role}) may not ask for an approval")
    if kind not in reports.RELEASABLE:
        raise Invalid(f"only {' and '.join(reports.RELEASABLE)} reports are released")
    level = reports.release_level(kind, level)
    if level is not None:
        reports.at_level(principal, level)  # one may not ask above one's own clearance
    state = states.get(session=session, code=state_code)
    waiting = session.scalar(
        select(ApprovalRequest.id).where(
            ApprovalRequest.state_id == state.id,
            ApprovalRequest.kind == kind,
            ApprovalRequest.status == PENDING,
            ApprovalRequest.level.is_(None) if level is None else ApprovalRequest.level == level,
        )
    )
    if waiting is not None:
        at = f" at {level}" if level else ""
        raise Conflict(f"the {kind} report of {state.code}{at} already waits for approval")
    row = ApprovalRequest(
        state_id=state.id,
        kind=kind,
        status=PENDING,
        requested_by=principal.username,
        note=_text(note, "note"),
        label=state.label,
        level=level,
    )
    session.add(row)
    session.flush()
    return _view(row, state)


def listing(
    *, session: Session, state_code: str | None = None, status: str | None = None
) -> list[RequestView]:
    """The requests the caller may see, newest first, in one query."""
    query = select(ApprovalRequest, State).join(State, State.id == ApprovalRequest.state_id)
    if state_code:
        query = query.where(State.code == state_code.strip().upper())
    if status:
        query = query.where(ApprovalRequest.status == status)
    rows = session.execute(query.order_by(ApprovalRequest.id.desc()))
    return [_view(row, state) for row, state in rows]


def get(*, session: Session, request_id: int) -> RequestView:
    found = session.execute(
        select(ApprovalRequest, State)
        .join(State, State.id == ApprovalRequest.state_id)
        .where(ApprovalRequest.id == request_id)
    ).first()
    if found is None:
        raise NotFound(f"no approval request {request_id}")
    return _view(*found)


def _pending(session: Session, request_id: int) -> ApprovalRequest:
    principal = principal_of(session)
    if not principal.can(Permission.approve):
        raise Forbidden(f"your role ({principal.role}) may not approve publications")
    row = session.get(ApprovalRequest, request_id)
    if row is None or session.get(State, row.state_id) is None:
        raise NotFound(f"no approval request {request_id}")
    if row.status != PENDING:
        raise Conflict(f"approval request {request_id} was already {row.status}")
    return row


def approve(*, session: Session, engine: Engine, request_id: int, today: date) -> RequestView:
    """The reviewer approves: the report is released (refused if nothing changed)."""
    row = _pending(session, request_id)
    state = session.get(State, row.state_id)
    assert state is not None
    release = reports.release(
        session=session,
        engine=engine,
        kind=row.kind,
        state_code=state.code,
        today=today,
        level=row.level,
        refuse_identical=True,
    )
    row.status = APPROVED
    row.decided_by = principal_of(session).username
    row.decided_at = utcnow()
    row.release_id = release.id
    session.flush()
    return _view(row, state)


def send_back(*, session: Session, request_id: int, comment: str) -> RequestView:
    """The reviewer returns the request with a comment saying what to change."""
    row = _pending(session, request_id)
    text = _text(comment, "comment")
    if text is None:
        raise Invalid("comment: say what should change before the report is released")
    state = session.get(State, row.state_id)
    assert state is not None
    row.status = RETURNED
    row.comment = text
    row.decided_by = principal_of(session).username
    row.decided_at = utcnow()
    session.flush()
    return _view(row, state)
