"""Assessment use cases: create (carrying the previous one forward), read, and edit items."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from nucsec.access.labels import DEFAULT_LABEL, Label
from nucsec.access.principal import Permission, Role
from nucsec.access.visibility import aggregate_reader, check_label, principal_of
from nucsec.assessments.models import Assessment, ItemAssessment, ItemNote
from nucsec.assessments.rules import item_problems
from nucsec.assessments.schemas import AssessmentCreate, AssessmentPublic, ItemUpdate, ItemView
from nucsec.assessments.scoring import commitments_of
from nucsec.catalogue import default_pack
from nucsec.db import utcnow
from nucsec.errors import Forbidden, Invalid, NotFound, check_version
from nucsec.evidence import service as evidence
from nucsec.evidence.models import Evidence, EvidenceLink
from nucsec.paging import ALL, Page, PageParams, order_of, paginate
from nucsec.states import service as states
from nucsec.states.applicability import not_applicable
from nucsec.states.models import State

EXTERNAL = "external"
"""The kind of an assessment made from outside, from what the state publishes."""


def to_public(assessment: Assessment, state_code: str) -> AssessmentPublic:
    return AssessmentPublic(
        id=assessment.id,
        state=state_code,
        assessed_on=assessment.assessed_on,
        kind=assessment.kind,
        title=assessment.title,
        framework=f"{assessment.framework_id} {assessment.framework_version}",
        label=Label(assessment.label),
        carried_from=assessment.carried_from_id,
    )


def list_for_state(
    *, session: Session, state_code: str, kind: str | None = "self"
) -> list[Assessment]:
    """A state's assessments of one kind (None: every kind), oldest first.

    Self-assessments by default: a state's own figures, roadmap and reports come from its own
    assessments, never from an analyst's external judgement of it.
    """
    state = states.get(session=session, code=state_code)
    query = select(Assessment).where(Assessment.state_id == state.id)
    if kind is not None:
        query = query.where(Assessment.kind == kind)
    return list(session.scalars(query.order_by(Assessment.assessed_on, Assessment.id)))


ASSESSMENT_SORTS = {
    "state": (State.code, Assessment.assessed_on, Assessment.id),
    "date": (Assessment.assessed_on, Assessment.id),
}


def list_assessments(
    *,
    session: Session,
    state_code: str | None = None,
    state_codes: list[str] | None = None,
    page: PageParams = ALL,
) -> Page[AssessmentPublic]:
    """The assessments the caller may see, with their state's code, in one query (and a count
    when paged). Only assessments of states the caller may see are listed."""
    a = Assessment
    query = select(
        a.id, State.code, a.assessed_on, a.kind, a.title, a.framework_id, a.framework_version,
        a.label, a.carried_from_id,
    ).join(State, State.id == a.state_id)  # fmt: skip
    if state_code:
        query = query.where(Assessment.state_id == states.get(session=session, code=state_code).id)
    if state_codes is not None:
        query = query.where(State.code.in_(state_codes))
    query = query.order_by(*order_of(page.sort, ASSESSMENT_SORTS, "state"))
    rows, total = paginate(session, query, page, count_column=Assessment.id)
    return Page[AssessmentPublic].of([_public_of_row(*row) for row in rows], total, page)


def _public_of_row(
    id: int,
    code: str,
    assessed_on: date,
    kind: str,
    title: str,
    framework_id: str,
    framework_version: str,
    label: str,
    carried_from: int | None,
) -> AssessmentPublic:
    """`to_public` of a column row (a list of 200 assessments reads no ORM rows)."""
    return AssessmentPublic(
        id=id,
        state=code,
        assessed_on=assessed_on,
        kind=kind,
        title=title,
        framework=f"{framework_id} {framework_version}",
        label=Label(label),
        carried_from=carried_from,
    )


def get(*, session: Session, assessment_id: int) -> Assessment:
    found = session.scalar(select(Assessment).where(Assessment.id == assessment_id))
    if found is None:
        raise NotFound(f"no assessment {assessment_id}")
    return found


def state_code_of(*, session: Session, assessment: Assessment) -> str:
    with aggregate_reader(session) as reader:
        return reader.scalar(select(State.code).where(State.id == assessment.state_id)) or "?"


def latest(
    *, session: Session, state_code: str, before: date | None = None, kind: str = "self"
) -> Assessment | None:
    rows = [
        a
        for a in list_for_state(session=session, state_code=state_code, kind=kind)
        if before is None or a.assessed_on <= before
    ]
    return rows[-1] if rows else None


def create(*, session: Session, data: AssessmentCreate) -> Assessment:
    """A new assessment with one item per assessable item of the pack.

    Items the programme makes not applicable get a generated justification; with
    `carry_forward`, everything else (status, owner, notes, evidence) starts from the latest
    earlier assessment of the same kind, labels included, so nothing recorded before is lost.
    An external assessment is a judgement from outside: its items carry its own label, and
    an analyst may record nothing else.
    """
    principal = principal_of(session)
    if principal.role is Role.analyst and data.kind != EXTERNAL:
        raise Forbidden(f"your role ({principal.role}) may record external assessments only")
    check_label(session, data.label)
    pack = default_pack()
    state = states.get(session=session, code=data.state)
    previous = latest(
        session=session, state_code=state.code, before=data.assessed_on, kind=data.kind
    )
    assessment = Assessment(
        state_id=state.id,
        assessed_on=data.assessed_on,
        kind=data.kind,
        title=data.title
        or f"{'Self-assessment' if data.kind == 'self' else 'External assessment'}"
        f" {data.assessed_on.isoformat()}",
        framework_id=pack.framework.id,
        framework_version=pack.framework.version,
        carried_from_id=previous.id if previous and data.carry_forward else None,
        label=data.label.value,
    )
    session.add(assessment)
    session.flush()
    na = not_applicable(pack, states.profile_of(state))
    carried = _carried_items(session, previous) if previous and data.carry_forward else {}
    for _, item in pack.assessable():
        old = carried.get(item.id)
        row = ItemAssessment(assessment_id=assessment.id, item_id=item.id)
        if data.kind == EXTERNAL:
            row.label = assessment.label
        if old is not None:
            row.status, row.demonstration = old.status, old.demonstration
            row.owner, row.target_date, row.label = old.owner, old.target_date, old.label
            row.justification = old.justification
        if item.id in na and row.status != "not_applicable":
            row.status, row.justification = "not_applicable", na[item.id]
        elif item.id not in na and row.status == "not_applicable" and old is not None:
            row.status, row.justification = "not_started", None
        session.add(row)
        if old is not None:
            session.flush()
            if old.note is not None:
                session.add(
                    ItemNote(item_assessment_id=row.id, text=old.note.text, label=old.note.label)
                )
            for evidence_id in _links_of(session, old.id):
                session.add(EvidenceLink(item_assessment_id=row.id, evidence_id=evidence_id))
    session.flush()
    return assessment


def _carried_items(session: Session, previous: Assessment) -> dict[str, ItemAssessment]:
    """All items of the previous assessment, whatever their label: a copy loses nothing."""
    with aggregate_reader(session) as reader:
        rows = reader.scalars(
            select(ItemAssessment)
            .where(ItemAssessment.assessment_id == previous.id)
            .options(selectinload(ItemAssessment.note))
        ).all()
        for row in rows:
            reader.expunge(row)
    return {row.item_id: row for row in rows}


def _links_of(session: Session, item_assessment_id: int) -> list[int]:
    return list(
        session.scalars(
            select(EvidenceLink.evidence_id).where(
                EvidenceLink.item_assessment_id == item_assessment_id
            )
        )
    )


def items(*, session: Session, assessment: Assessment) -> list[ItemAssessment]:
    """The item assessments the caller may see, in pack order."""
    pack = default_pack()
    order = {item.id: n for n, (_, item) in enumerate(pack.assessable())}
    rows = session.scalars(
        select(ItemAssessment)
        .where(ItemAssessment.assessment_id == assessment.id)
        .options(selectinload(ItemAssessment.note))
    ).all()
    return sorted(rows, key=lambda r: order.get(r.item_id, len(order)))


def visible_evidence(session: Session, item_ids: list[int]) -> dict[int, list[Evidence]]:
    """Visible evidence per item assessment id (hidden evidence never comes back)."""
    if not item_ids:
        return {}
    rows = session.execute(
        select(EvidenceLink.item_assessment_id, Evidence)
        .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
        .where(EvidenceLink.item_assessment_id.in_(item_ids))
        .order_by(Evidence.ref)
    ).all()
    result: dict[int, list[Evidence]] = {}
    for item_id, ev in rows:
        result.setdefault(item_id, []).append(ev)
    return result


def item_views(*, session: Session, assessment: Assessment, today: date) -> list[ItemView]:
    """Every item of `assessment` the caller may see, in pack order, with its note and evidence
    when visible too. Two column queries (items with their notes; evidence references): a view
    is read on every page and API call of an assessment, and ORM rows cost most of it."""
    pack = default_pack()
    order = {item.id: n for n, (_, item) in enumerate(pack.assessable())}
    ia, note = ItemAssessment, ItemNote
    found = session.execute(
        select(
            ia.id,
            ia.item_id,
            ia.status,
            ia.demonstration,
            ia.owner,
            ia.target_date,
            ia.justification,
            ia.label,
            ia.version,
            note.text,
            note.label,
        )
        .outerjoin(note, note.item_assessment_id == ia.id)  # a hidden note joins as NULL
        .where(ia.assessment_id == assessment.id)
    ).all()
    rows = sorted(found, key=lambda r: order.get(r[1], len(order)))
    refs: dict[int, list[str]] = {}
    if rows:
        linked = session.execute(
            select(EvidenceLink.item_assessment_id, Evidence.ref)
            .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
            .where(EvidenceLink.item_assessment_id.in_([r[0] for r in rows]))
            .order_by(Evidence.ref)
        )
        for row_id, ref in linked:
            refs.setdefault(row_id, []).append(ref)
    views = []
    for (
        row_id,
        item_id,
        status_id,
        demo,
        owner,
        target,
        justif,
        label,
        version,
        text,
        nlabel,
    ) in rows:
        status = pack.assessment.status(status_id)
        views.append(
            ItemView(
                item=item_id,
                title=pack.item(item_id).title,
                section=pack.section_of(item_id),
                commitments=commitments_of(pack, item_id),
                status=status_id,
                demonstration=demo,
                owner=owner,
                target_date=target,
                justification=justif,
                label=Label(label),
                note=text,
                note_label=Label(nlabel) if nlabel is not None else None,
                evidence=refs.get(row_id, []),
                overdue=bool(
                    target
                    and target < today
                    and not status.implemented
                    and status.value is not None
                ),
                version=version,
            )
        )
    return views


def get_item(*, session: Session, assessment: Assessment, item_id: str) -> ItemAssessment:
    row = session.scalar(
        select(ItemAssessment).where(
            ItemAssessment.assessment_id == assessment.id, ItemAssessment.item_id == item_id
        )
    )
    if row is None:
        raise NotFound(f"no item {item_id!r} in assessment {assessment.id}")
    return row


def may_edit(session: Session, row: ItemAssessment) -> bool:
    """Coordinators edit everything; a contributor edits the items owned by their agency; an
    analyst edits external assessments only."""
    return _may_edit(session, row.assessment.kind, row.owner)


def editable_items(*, session: Session, assessment: Assessment, views: list[ItemView]) -> set[str]:
    """The items of `views` the caller may change (the rule of `may_edit`, without loading the
    rows again)."""
    return {v.item for v in views if _may_edit(session, assessment.kind, v.owner)}


def _may_edit(session: Session, kind: str, owner: str | None) -> bool:
    principal = principal_of(session)
    if principal.can(Permission.write_external) and not principal.can(Permission.write_records):
        return kind == EXTERNAL
    if not principal.can(Permission.write_records):
        return False
    if principal.role is Role.contributor:
        return bool(principal.agency and owner and owner.casefold() == principal.agency.casefold())
    return True


def current_values(session: Session, row: ItemAssessment) -> dict:
    linked = visible_evidence(session, [row.id]).get(row.id, [])
    return {
        "status": row.status,
        "demonstration": row.demonstration,
        "owner": row.owner,
        "target_date": row.target_date,
        "justification": row.justification,
        "label": row.label,
        "note": row.note.text if row.note else None,
        "note_label": row.note.label if row.note else None,
        "evidence": [e.ref for e in linked],
    }


def update_item(
    *, session: Session, assessment: Assessment, item_id: str, data: ItemUpdate
) -> ItemAssessment:
    """Change one item; refuse an edit the caller may not make or that breaks a rule."""
    row = get_item(session=session, assessment=assessment, item_id=item_id)
    if not may_edit(session, row):
        raise Forbidden(f"you may not change {item_id}: it is not assigned to your agency")
    check_version(item_id, data.version, row.version)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    principal = principal_of(session)
    if principal.role is Role.contributor and "owner" in changes and changes["owner"] != row.owner:
        raise Forbidden("a contributor cannot reassign an item")
    values = {**current_values(session, row), **changes}
    if changes:
        row.updated_at = utcnow()  # a note or evidence edit moves the item's version too
    apply_values(session, assessment, row, values, changed=set(changes))
    return row


def apply_values(
    session: Session,
    assessment: Assessment,
    row: ItemAssessment,
    values: dict,
    *,
    changed: set[str],
) -> None:
    """Validate the merged values of one item and write them (used by edits and imports)."""
    pack = default_pack()
    refs = list(values.get("evidence") or [])
    found = evidence.by_refs(session=session, state_id=assessment.state_id, refs=refs)
    problems = item_problems(
        pack,
        {
            **values,
            "item": row.item_id,
            "label": _label_text(values.get("label")),
            "note_label": _label_text(values.get("note_label")),
        },
        {ref: ev.label for ref, ev in found.items()},
    )
    if problems:
        field, reason = problems[0]
        raise Invalid(f"{row.item_id}: {field}: {reason}")
    if assessment.kind == EXTERNAL:
        above = sorted(ref for ref, ev in found.items() if ev.label != Label.PUBLIC.value)
        if above:
            raise Invalid(
                f"{row.item_id}: evidence: an external assessment may cite PUBLIC evidence only,"
                f" not {above[0]}"
            )
    for field in ("label", "note_label"):
        if field in changed and values.get(field) is not None:
            check_label(session, values[field])
    row.status, row.demonstration = values["status"], values["demonstration"]
    row.owner = values.get("owner") or None
    row.target_date = values.get("target_date")
    row.justification = values.get("justification") or None
    row.label = _label_text(values.get("label")) or DEFAULT_LABEL.value
    if {"note", "note_label"} & changed:
        _set_note(session, row, values.get("note"), values.get("note_label"))
    if "evidence" in changed:
        # only the links that change are written, each as a record (so each is audited and
        # moves the audit head that keys the score cache); links the caller cannot see stay
        wanted = [found[ref].id for ref in dict.fromkeys(refs)]
        visible = {ev.id for ev in _visible_linked(session, row)}
        gone = visible - set(wanted)
        if gone:
            for link in session.scalars(
                select(EvidenceLink).where(
                    EvidenceLink.item_assessment_id == row.id,
                    EvidenceLink.evidence_id.in_(gone),
                )
            ):
                session.delete(link)
        for evidence_id in wanted:
            if evidence_id not in visible:
                session.add(EvidenceLink(item_assessment_id=row.id, evidence_id=evidence_id))
    session.flush()


def _label_text(value: object) -> str | None:
    return None if value is None else str(value.value if isinstance(value, Label) else value)


def _visible_linked(session: Session, row: ItemAssessment) -> list[Evidence]:
    return visible_evidence(session, [row.id]).get(row.id, [])


def _set_note(session: Session, row: ItemAssessment, text: str | None, label: object) -> None:
    text = (text or "").strip()
    if row.note is None:
        hidden = session.scalar(select(ItemNote.id).where(ItemNote.item_assessment_id == row.id))
        if hidden is None:
            with aggregate_reader(session) as reader:
                hidden = reader.scalar(
                    select(ItemNote.id).where(ItemNote.item_assessment_id == row.id)
                )
        if hidden is not None:
            # one note per item: refuse like any value not allowed here, naming nothing hidden
            raise Invalid(f"{row.item_id}: note: cannot be set on this item")
        if text:
            row.note = ItemNote(text=text, label=_label_text(label) or DEFAULT_LABEL.value)
        return
    if not text:
        session.delete(row.note)
        row.note = None
        return
    row.note.text = text
    row.note.label = _label_text(label) or row.note.label


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


def latest_id(*, session: Session, state_id: int) -> int | None:
    """The latest assessment of a state, whatever its label (only its number is used)."""
    table = Assessment.__table__
    return session.scalar(
        select(table.c.id)
        .where(table.c.state_id == state_id)
        .order_by(table.c.assessed_on.desc(), table.c.id.desc())
        .limit(1)
    )
