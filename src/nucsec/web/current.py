"""The state being viewed: one choice that every page keeps, in the URL and the session.

A page asked with `?state=XD` shows that state and remembers it; a page asked without one shows
the state the user last viewed. The choices are only the states the caller may see (the
visibility rule filters the query), so a state above their clearance is never the default,
and a remembered state that is no longer visible falls back to the first visible one.
"""

from __future__ import annotations

from typing import NamedTuple

from fastapi import Request
from sqlalchemy.orm import Session

from nucsec.states import service as states
from nucsec.states.models import State

SESSION_KEY = "state"


class Choice(NamedTuple):
    """A state as the header's selector shows it."""

    code: str
    name: str


def current_state(
    request: Request, session: Session, code: str | None
) -> tuple[State | None, list[State]]:
    """The state to show and the states the caller may switch to (one query, plus one when a
    code is asked for that is not among them: an unknown or hidden code answers 404)."""
    visible = states.list_all(session=session)
    by_code = {s.code: s for s in visible}
    current: State | None
    if code and code.strip():
        wanted = code.strip().upper()
        current = by_code.get(wanted) or states.get(session=session, code=wanted)
    else:
        remembered = request.session.get(SESSION_KEY)
        current = by_code.get(remembered) if isinstance(remembered, str) else None
        current = current or (visible[0] if visible else None)
    if current is not None and request.session.get(SESSION_KEY) != current.code:
        request.session[SESSION_KEY] = current.code
    # plain values for the page frame: an error page drawn after the transaction ended must
    # not touch expired ORM rows
    request.state.current_state = Choice(current.code, current.name) if current else None
    request.state.visible_states = [Choice(s.code, s.name) for s in visible]
    return current, visible


def remember(request: Request, code: str) -> None:
    """Keep `code` as the state being viewed (after a form that acted on it)."""
    request.session[SESSION_KEY] = code.strip().upper()
