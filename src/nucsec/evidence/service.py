"""Evidence use cases: record a document, list a state's evidence, resolve references."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.visibility import aggregate_reader, check_label
from nucsec.errors import NotFound, check_version
from nucsec.evidence.models import Evidence
from nucsec.evidence.schemas import EvidenceCreate, EvidencePublic, EvidenceUpdate
from nucsec.paging import ALL, Page, PageParams, order_of, paginate
from nucsec.states import service as states

PREFIX = {"PUBLIC": "EV-", "OFFICIAL": "EV-O", "SENSITIVE": "EV-S"}


def _next_ref(session: Session, state_id: int, label: str) -> str:
    """EV-0001 … for PUBLIC evidence, EV-O0001 … for OFFICIAL, EV-S0001 … for SENSITIVE.

    One sequence per label: a user sees every number of the sequences they are cleared for, so
    no gap hints at a record above their clearance (the creator is cleared for the label).
    """
    prefix = PREFIX[label]
    with aggregate_reader(session) as reader:
        refs = reader.scalars(
            select(Evidence.ref).where(
                Evidence.state_id == state_id, Evidence.ref.like(f"{prefix}%")
            )
        ).all()
    numbers = [int(r[len(prefix) :]) for r in refs if r[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def create(*, session: Session, state_code: str, data: EvidenceCreate) -> Evidence:
    check_label(session, data.label)
    state = states.get(session=session, code=state_code)
    evidence = Evidence(
        state_id=state.id,
        ref=_next_ref(session, state.id, data.label.value),
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


EVIDENCE_SORTS = {
    "ref": (Evidence.ref,),
    "title": (Evidence.title, Evidence.ref),
    "published": (Evidence.published_on, Evidence.ref),
}


def list_evidence(
    *, session: Session, state_code: str, page: PageParams = ALL
) -> Page[EvidencePublic]:
    """A state's evidence the caller may see, one page, in at most three queries."""
    state = states.get(session=session, code=state_code)
    query = (
        select(Evidence)
        .where(Evidence.state_id == state.id)
        .order_by(*order_of(page.sort, EVIDENCE_SORTS, "ref"))
    )
    rows, total = paginate(session, query, page, count_column=Evidence.id)
    items = [EvidencePublic.model_validate(row[0]) for row in rows]
    return Page[EvidencePublic].of(items, total, page)


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
