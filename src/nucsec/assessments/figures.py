"""A state's figures as each caller may see them, and their approval for publication.

Figures computed from item assessments are OFFICIAL by default (DESIGN §4): callers cleared to
OFFICIAL or above get them computed over every item. A PUBLIC caller only ever gets the frozen
figures a coordinator approved for publication (score releases labelled PUBLIC).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.principal import Permission
from nucsec.access.visibility import aggregate_reader, principal_of
from nucsec.assessments import service as assessments
from nucsec.assessments.models import Assessment, ItemAssessment, ScoreRelease
from nucsec.assessments.scoring import Scores, score, trend
from nucsec.catalogue import default_pack
from nucsec.errors import Forbidden, NotFound
from nucsec.states import service as states
from nucsec.states.roadmap import ItemRecord

FIGURES_LABEL = Label.OFFICIAL


def all_items(session: Session, assessment: Assessment) -> list[ItemRecord]:
    """Every item of an assessment, whatever its label, for computing aggregates only."""
    with aggregate_reader(session) as reader:
        rows = reader.scalars(
            select(ItemAssessment).where(ItemAssessment.assessment_id == assessment.id)
        ).all()
        return [
            ItemRecord(r.item_id, r.status, r.demonstration, r.owner, r.target_date) for r in rows
        ]


def scores_of(session: Session, assessment: Assessment) -> Scores:
    return score(default_pack(), all_items(session, assessment))


def figures(
    *, session: Session, state_code: str, assessment_id: int | None = None
) -> dict[str, Any]:
    """The `nucsec score` document: indices of one assessment (the latest by default) and trend."""
    principal = principal_of(session)
    state = states.get(session=session, code=state_code)
    if not principal.may_see(FIGURES_LABEL):
        return _released(session, state.code, state.id, assessment_id)
    history = assessments.list_for_state(session=session, state_code=state.code)
    if assessment_id is not None:
        chosen = next((a for a in history if a.id == assessment_id), None)
        if chosen is None:
            raise NotFound(f"no assessment {assessment_id} for state {state.code}")
    elif history:
        chosen = history[-1]
    else:
        raise NotFound(f"state {state.code} has no assessment yet")
    computed = {a.id: scores_of(session, a) for a in history}
    points = trend((a.assessed_on, a.id, computed[a.id]) for a in history)
    return {
        "state": state.code,
        "assessment": chosen.id,
        "assessed_on": chosen.assessed_on.isoformat(),
        "label": FIGURES_LABEL.value,
        "source": "computed",
        **computed[chosen.id].as_dict(),
        "trend": [p.as_dict() for p in points],
    }


def _released(
    session: Session, code: str, state_id: int, assessment_id: int | None
) -> dict[str, Any]:
    releases = list(
        session.scalars(
            select(ScoreRelease)
            .where(ScoreRelease.state_id == state_id)
            .order_by(ScoreRelease.assessed_on, ScoreRelease.id)
        )
    )
    if assessment_id is not None:
        releases = [r for r in releases if r.assessment_id == assessment_id] or []
    if not releases:
        raise NotFound(f"no approved figures for state {code}")
    chosen = releases[-1]
    return {
        "state": code,
        "assessment": chosen.assessment_id,
        "assessed_on": chosen.assessed_on.isoformat(),
        "label": Label.PUBLIC.value,
        "source": "approved",
        **chosen.figures,
        "trend": [
            {
                "date": r.assessed_on.isoformat(),
                "assessment": r.assessment_id,
                "overall": r.figures.get("overall"),
                "confidence": r.figures.get("confidence"),
            }
            for r in releases
        ],
    }


def approve(
    *, session: Session, state_code: str, assessment_id: int, note: str | None = None
) -> ScoreRelease:
    """Freeze an assessment's figures as PUBLIC: the indices and the status of each
    confidence-building measure. No item detail, note or evidence goes with them."""
    principal = principal_of(session)
    if not principal.can(Permission.publish_figures):
        raise Forbidden(f"your role ({principal.role}) may not publish figures")
    state = states.get(session=session, code=state_code)
    assessment = assessments.get(session=session, assessment_id=assessment_id)
    if assessment.state_id != state.id:
        raise NotFound(f"no assessment {assessment_id} for state {state.code}")
    release = ScoreRelease(
        state_id=state.id,
        assessment_id=assessment.id,
        assessed_on=assessment.assessed_on,
        figures=scores_of(session, assessment).as_dict(),
        approved_by=principal.username,
        note=note,
        label=Label.PUBLIC.value,
    )
    session.add(release)
    session.flush()
    return release


def releases(*, session: Session, state_code: str) -> list[ScoreRelease]:
    state = states.get(session=session, code=state_code)
    return list(
        session.scalars(
            select(ScoreRelease)
            .where(ScoreRelease.state_id == state.id)
            .order_by(ScoreRelease.assessed_on, ScoreRelease.id)
        )
    )
