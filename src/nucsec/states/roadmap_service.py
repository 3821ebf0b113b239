"""A state's roadmap from its profile and latest assessment, as the caller may see it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from nucsec.access.visibility import principal_of
from nucsec.assessments import service as assessments
from nucsec.assessments.figures import FIGURES_LABEL, scores_of
from nucsec.assessments.scoring import score
from nucsec.catalogue import default_pack
from nucsec.states import service as states
from nucsec.states.applicability import not_applicable
from nucsec.states.roadmap import ItemRecord, cycle_position, next_actions


def roadmap(
    *, session: Session, state_code: str, today: date, limit: int | None = None
) -> dict[str, Any]:
    """Cycle position and ranked next actions.

    Before any assessment, every applicable item counts as not started, so a new state still
    gets its first actions. Gaps are built from the items the caller may see.
    """
    pack = default_pack()
    state = states.get(session=session, code=state_code)
    history = assessments.list_for_state(session=session, state_code=state.code)
    latest = history[-1] if history else None
    if latest is None:
        na = not_applicable(pack, states.profile_of(state))
        records = [
            ItemRecord(item.id, "not_applicable" if item.id in na else "not_started")
            for _, item in pack.assessable()
        ]
        scores = None
    else:
        records = [
            ItemRecord(r.item_id, r.status, r.demonstration, r.owner, r.target_date)
            for r in assessments.items(session=session, assessment=latest)
        ]
        may_see_figures = principal_of(session).may_see(FIGURES_LABEL)
        scores = scores_of(session, latest) if may_see_figures else score(pack, records)
    selfs = [a.assessed_on for a in history if a.kind == "self"]
    position = cycle_position(
        pack,
        maturity=state.maturity,
        scores=scores,
        last_self_assessment=max(selfs, default=None),
        last_peer_review=None,
        today=today,
    )
    gaps = next_actions(pack, records, today=today)
    return {
        "state": state.code,
        "assessment": latest.id if latest else None,
        "position": {"step": position.step, "title": position.title, "reason": position.reason},
        "weakest_commitment": scores.weakest_commitment if scores else None,
        "next_actions": [g.as_dict() for g in (gaps[:limit] if limit else gaps)],
        "overdue": [g.as_dict() for g in gaps if g.overdue],
    }
