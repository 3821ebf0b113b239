"""Proposals of mapping for a stored document, and their review (accept, reject).

Mapping proposes; a person decides. Proposals are stored per evidence record with the record's
label, so the visibility rule shows them to exactly those who may see the record. Accepting one
links the evidence to the item (in `assessments.proposals`, which knows item assessments).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.visibility import principal_of
from nucsec.db import utcnow
from nucsec.errors import Conflict, Invalid, NotFound
from nucsec.evidence import service
from nucsec.evidence.mapping import Mapper, default_mapper
from nucsec.evidence.models import EvidenceFile, EvidencePassage, EvidenceProposal
from nucsec.evidence.schemas import ProposalPublic


def propose(
    *,
    session: Session,
    state_code: str,
    ref: str,
    passages: Sequence[tuple[int | None, str]] | None = None,
    top: int = 3,
    mapper: Mapper | None = None,
) -> list[EvidenceProposal]:
    """Map the passages of evidence `ref` (by default, those of its stored files) and store what
    they propose.

    Undecided proposals of an earlier run are replaced; decided ones stay, and a passage-item
    pair already decided is not proposed again.
    """
    evidence = service.get(session=session, state_code=state_code, ref=ref)
    if passages is None:
        passages = stored_passages(session=session, evidence_id=evidence.id)
        if not passages:
            raise Invalid(f"evidence {ref} has no stored text to map: attach a file first")
    decided = set()
    for old in session.scalars(
        select(EvidenceProposal).where(EvidenceProposal.evidence_id == evidence.id)
    ):
        if old.state == "proposed":
            session.delete(old)  # through the ORM, so the audit log records it
        else:
            decided.add((old.page, old.text, old.item_id))
    session.flush()
    results = (mapper or default_mapper()).map(passages, top=top)
    created = []
    for passage in results:
        for match in passage.matches:
            if (passage.page, passage.text, match.item) in decided:
                continue
            proposal = EvidenceProposal(
                evidence_id=evidence.id,
                page=passage.page,
                text=passage.text,
                item_id=match.item,
                score=round(match.score, 4),
                why=match.why,
                state="proposed",
                label=evidence.label,
            )
            session.add(proposal)
            created.append(proposal)
    session.flush()
    return created


def stored_passages(*, session: Session, evidence_id: int) -> list[tuple[int | None, str]]:
    """The passages of the files stored with a record, in document order."""
    rows = session.execute(
        select(EvidencePassage.page, EvidencePassage.text)
        .join(EvidenceFile, EvidencePassage.file_id == EvidenceFile.id)
        .where(EvidenceFile.evidence_id == evidence_id)
        .order_by(EvidenceFile.id, EvidencePassage.seq)
    )
    return [(page, text) for page, text in rows]


def list_proposals(
    *, session: Session, state_code: str, ref: str, state: str | None = None
) -> list[ProposalPublic]:
    """The proposals of evidence `ref`, best first within each page."""
    evidence = service.get(session=session, state_code=state_code, ref=ref)
    query = select(EvidenceProposal).where(EvidenceProposal.evidence_id == evidence.id)
    if state is not None:
        query = query.where(EvidenceProposal.state == state)
    rows = session.scalars(
        query.order_by(EvidenceProposal.page, EvidenceProposal.score.desc(), EvidenceProposal.id)
    )
    return [ProposalPublic.from_row(row, ref) for row in rows]


def get(*, session: Session, state_code: str, ref: str, proposal_id: int) -> EvidenceProposal:
    evidence = service.get(session=session, state_code=state_code, ref=ref)
    proposal = session.scalar(
        select(EvidenceProposal).where(
            EvidenceProposal.id == proposal_id, EvidenceProposal.evidence_id == evidence.id
        )
    )
    if proposal is None:
        raise NotFound(f"no proposal {proposal_id} for evidence {ref}")
    return proposal


def decide(session: Session, proposal: EvidenceProposal, state: str) -> EvidenceProposal:
    """Record the decision once: a decided proposal is not decided again."""
    if proposal.state != "proposed":
        raise Conflict(f"proposal {proposal.id} is already {proposal.state}")
    proposal.state = state
    proposal.decided_by = principal_of(session).username
    proposal.decided_at = utcnow()
    session.flush()
    return proposal


def reject(*, session: Session, state_code: str, ref: str, proposal_id: int) -> ProposalPublic:
    proposal = get(session=session, state_code=state_code, ref=ref, proposal_id=proposal_id)
    return ProposalPublic.from_row(decide(session, proposal, "rejected"), ref)
