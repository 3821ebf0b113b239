"""The state being viewed: one choice that every page keeps, in the URL and the session.

A page asked with `?state=XD` shows that state and remembers it; a page asked without one shows
the state the user last viewed. The choices are only the states the caller may see (the
visibility rule filters the query), so a state above their clearance is never the default,
and a remembered state that is no longer visible falls back to the first visible one.
"""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from nucsec.states import service as states
from nucsec.states.models import State
from nucsec.states.schemas import StateChoice

SESSION_KEY = "state"


Choice = StateChoice
"""A state as the selectors show it: code, name and label."""


def current_state(
    request: Request, session: Session, code: str | None
) -> tuple[State | None, list[Choice]]:
    """The state to show and the states the caller may switch to (one column query, kept until
    the next write, plus one for the state shown: an unknown or hidden code answers 404)."""
    visible = list(states.labelled_choices(session=session))
    codes = {c.code for c in visible}
    wanted: str | None
    if code and code.strip():
        wanted = code.strip().upper()
    else:
        remembered = request.session.get(SESSION_KEY)
        wanted = remembered if isinstance(remembered, str) and remembered in codes else None
        wanted = wanted or (visible[0].code if visible else None)
    current = states.get(session=session, code=wanted) if wanted else None
    if current is not None and request.session.get(SESSION_KEY) != current.code:
        request.session[SESSION_KEY] = current.code
    request.state.current_state = (
        Choice(current.code, current.name, str(current.label)) if current else None
    )
    request.state.visible_states = visible
    return current, visible


def remember(request: Request, code: str) -> None:
    """Keep `code` as the state being viewed (after a form that acted on it)."""
    request.session[SESSION_KEY] = code.strip().upper()
