"""Item details as the caller may see them: the latest assessment's views and their evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from nucsec.assessments import service as assessments
from nucsec.assessments.schemas import ItemView
from nucsec.evidence.models import Evidence
from nucsec.evidence.service import list_for_state


@dataclass(frozen=True)
class StateDetail:
    assessed_on: date | None
    items: dict[str, ItemView]
    evidence: dict[str, Evidence]

    def documents(self, item_id: str) -> list[Evidence]:
        view = self.items.get(item_id)
        return [self.evidence[r] for r in (view.evidence if view else []) if r in self.evidence]


def state_detail(session: Session, state_code: str, today: date) -> StateDetail:
    history = assessments.list_for_state(session=session, state_code=state_code)
    latest = history[-1] if history else None
    views = (
        assessments.item_views(session=session, assessment=latest, today=today) if latest else []
    )
    records = {e.ref: e for e in list_for_state(session=session, state_code=state_code)}
    return StateDetail(latest.assessed_on if latest else None, {v.item: v for v in views}, records)
