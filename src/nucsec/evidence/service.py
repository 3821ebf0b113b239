"""Evidence use cases: record a document, list a state's evidence, resolve references."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.visibility import aggregate_reader, check_label
from nucsec.assessments.models import Assessment, ItemAssessment
from nucsec.errors import NotFound, check_version
from nucsec.evidence.models import Evidence, EvidenceLink
from nucsec.evidence.schemas import EvidenceCreate, EvidenceUpdate
from nucsec.states import service as states


def _next_ref(session: Session, state_id: int) -> str:
    """EV-0001, EV-0002 …: numbered across all of the state's evidence, whoever can see it."""
    with aggregate_reader(session) as reader:
        refs = reader.scalars(select(Evidence.ref).where(Evidence.state_id == state_id)).all()
    numbers = [int(r.split("-")[1]) for r in refs if r.startswith("EV-") and r[3:].isdigit()]
    return f"EV-{max(numbers, default=0) + 1:04d}"


def create(*, session: Session, state_code: str, data: EvidenceCreate) -> Evidence:
    check_label(session, data.label)
    state = states.get(session=session, code=state_code)
    evidence = Evidence(
        state_id=state.id,
        ref=_next_ref(session, state.id),
        **data.model_dump(exclude={"label"}),
        label=data.label.value,
    )
    session.add(evidence)
    session.flush()
    return evidence


def update(*, session: Session, state_code: str, ref: str, data: EvidenceUpdate) -> Evidence:
    """Change the fields given; an edit from a stale read (`version`) is refused with 409."""
    evidence = get(session=session, state_code=state_code, ref=ref)
    check_version(evidence.ref, data.version, evidence.version)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if "label" in changes:
        check_label(session, changes["label"])
        changes["label"] = changes["label"].value
    for field, value in changes.items():
        setattr(evidence, field, value)
    session.flush()
    return evidence


def list_for_state(*, session: Session, state_code: str) -> list[Evidence]:
    state = states.get(session=session, code=state_code)
    return list(
        session.scalars(
            select(Evidence).where(Evidence.state_id == state.id).order_by(Evidence.ref)
        )
    )


def by_refs(*, session: Session, state_id: int, refs: list[str]) -> dict[str, Evidence]:
    """The visible evidence among `refs`; unknown and hidden references are simply absent."""
    if not refs:
        return {}
    rows = session.scalars(
        select(Evidence).where(Evidence.state_id == state_id, Evidence.ref.in_(refs))
    )
    return {e.ref: e for e in rows}


def get(*, session: Session, state_code: str, ref: str) -> Evidence:
    state = states.get(session=session, code=state_code)
    found = by_refs(session=session, state_id=state.id, refs=[ref]).get(ref)
    if found is None:
        raise NotFound(f"no evidence {ref!r} for state {state.code}")
    return found


def linked_in_assessment(*, session: Session, assessment_id: int) -> dict[str, list[Evidence]]:
    """Item ID → the evidence the caller may see that backs it in one assessment.

    The link rows and item IDs are read without the item assessments' labels: which framework
    item a visible document supports reveals nothing the document does not. The evidence
    itself is loaded through the visibility rule, so hidden documents never come back.
    """
    links, items = EvidenceLink.__table__, ItemAssessment.__table__
    pairs = session.execute(
        select(items.c.item_id, links.c.evidence_id)
        .select_from(links.join(items, items.c.id == links.c.item_assessment_id))
        .where(items.c.assessment_id == assessment_id)
    ).all()
    visible = {
        e.id: e
        for e in session.scalars(
            select(Evidence).where(Evidence.id.in_({p.evidence_id for p in pairs}))
        )
    }
    result: dict[str, list[Evidence]] = {}
    for item_id, evidence_id in pairs:
        if evidence_id in visible:
            result.setdefault(item_id, []).append(visible[evidence_id])
    for refs in result.values():
        refs.sort(key=lambda e: e.ref)
    return result


def latest_assessment_id(*, session: Session, state_id: int) -> int | None:
    """The latest assessment of a state, whatever its label (only its number is used)."""
    table = Assessment.__table__
    return session.scalar(
        select(table.c.id)
        .where(table.c.state_id == state_id)
        .order_by(table.c.assessed_on.desc(), table.c.id.desc())
        .limit(1)
    )
