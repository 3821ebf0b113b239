"""Accepting a mapping proposal: the evidence becomes linked to the item it was proposed for.

Lives here, not in `evidence`, because the link is to an item assessment, and assessments
build on evidence (never the other way).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.assessments import service
from nucsec.assessments.models import Assessment, ItemAssessment
from nucsec.errors import Invalid, NotFound
from nucsec.evidence import proposals
from nucsec.evidence.models import EvidenceLink
from nucsec.evidence.schemas import ProposalPublic
from nucsec.states import service as states


def accept(
    *,
    session: Session,
    state_code: str,
    ref: str,
    proposal_id: int,
    assessment_id: int | None = None,
) -> ProposalPublic:
    """Accept the proposal and link its evidence to its item in the assessment (by default the
    state's latest one you may see). The evidence keeps its label, so it can back a
    demonstration level exactly as a link made by hand."""
    proposal = proposals.get(
        session=session, state_code=state_code, ref=ref, proposal_id=proposal_id
    )
    assessment = _assessment(session, state_code, assessment_id)
    row = session.scalar(
        select(ItemAssessment).where(
            ItemAssessment.assessment_id == assessment.id,
            ItemAssessment.item_id == proposal.item_id,
        )
    )
    if row is None:
        raise NotFound(f"item {proposal.item_id} is not in assessment {assessment.id}")
    proposals.decide(session, proposal, "accepted")
    linked = session.scalar(
        select(EvidenceLink).where(
            EvidenceLink.item_assessment_id == row.id,
            EvidenceLink.evidence_id == proposal.evidence_id,
        )
    )
    if linked is None:
        session.add(EvidenceLink(item_assessment_id=row.id, evidence_id=proposal.evidence_id))
        session.flush()
    return ProposalPublic.from_row(proposal, ref)


def _assessment(session: Session, state_code: str, assessment_id: int | None) -> Assessment:
    if assessment_id is None:
        found = service.latest(session=session, state_code=state_code)
        if found is None:
            raise Invalid(
                f"state {state_code.upper()} has no assessment to link evidence to; start one"
            )
        return found
    assessment = session.scalar(select(Assessment).where(Assessment.id == assessment_id))
    if assessment is None or assessment.state_id != states.get(session=session, code=state_code).id:
        raise NotFound(f"no assessment {assessment_id} for state {state_code.upper()}")
    return assessment
