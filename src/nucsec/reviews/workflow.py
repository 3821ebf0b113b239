"""The action-plan workflow of a finding, as pure rules.

open → in_progress → implemented → verified, or not_accepted (with a reason). Verification is a
reviewer's act, against a review held after the finding's own review. Good practices have no
action plan: their status is `noted`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from nucsec.access.principal import Principal, Role

OPEN, IN_PROGRESS, IMPLEMENTED, VERIFIED = "open", "in_progress", "implemented", "verified"
NOT_ACCEPTED, NOTED = "not_accepted", "noted"
STATUSES = (OPEN, IN_PROGRESS, IMPLEMENTED, VERIFIED, NOT_ACCEPTED)
ACTIVE = frozenset({OPEN, IN_PROGRESS})
CLOSED = frozenset({IMPLEMENTED, VERIFIED, NOT_ACCEPTED})

TRANSITIONS: dict[str, frozenset[str]] = {
    OPEN: frozenset({IN_PROGRESS, IMPLEMENTED, NOT_ACCEPTED}),
    IN_PROGRESS: frozenset({OPEN, IMPLEMENTED, NOT_ACCEPTED}),
    IMPLEMENTED: frozenset({IN_PROGRESS, VERIFIED}),
    NOT_ACCEPTED: frozenset({OPEN}),
    VERIFIED: frozenset(),
    NOTED: frozenset(),
}


@dataclass(frozen=True)
class Move:
    """A requested change of status and what comes with it."""

    to: str
    reason: str | None = None
    verifying_review_date: date | None = None


def refusal(
    current: str,
    move: Move,
    *,
    principal: Principal,
    finding_review_date: date,
    has_action_plan: bool,
) -> str | None:
    """Why the move is not allowed, or None when it is."""
    if not has_action_plan:
        return "a good practice has no action plan to move"
    if move.to not in STATUSES:
        return f"unknown status {move.to!r}; use one of {', '.join(STATUSES)}"
    if move.to == current:
        return f"the finding is already {current}"
    if move.to not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "none (final)"
        return f"cannot go from {current} to {move.to}; allowed: {allowed}"
    if move.to == NOT_ACCEPTED and not (move.reason or "").strip():
        return "not accepting a finding needs a reason"
    if move.to == VERIFIED:
        if principal.role is not Role.reviewer:
            return "only a reviewer can verify a finding"
        if move.verifying_review_date is None:
            return "verification must name the later review that verified it"
        if move.verifying_review_date <= finding_review_date:
            return "verification must come from a review held after the finding's review"
    return None
