"""Record, list, show and import the legal register (one transaction per use case)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.visibility import check_label
from nucsec.errors import Invalid, NotFound
from nucsec.filerows import ImportRejected, Row
from nucsec.legal.models import Adherence, Contact, Instrument, Prosecution
from nucsec.legal.packs import citable_ids
from nucsec.legal.schemas import AdherenceIn, ContactIn, InstrumentIn, ProsecutionIn
from nucsec.paging import ALL, Page, PageParams, order_of, paginate
from nucsec.states import service as states
from nucsec.validation import describe, one_of

RecordModel = type[Instrument | Adherence | Prosecution | Contact]
RECORD_TYPES: dict[str, tuple[RecordModel, type[BaseModel]]] = {
    "instruments": (Instrument, InstrumentIn),
    "adherence": (Adherence, AdherenceIn),
    "prosecutions": (Prosecution, ProsecutionIn),
    "contacts": (Contact, ContactIn),
}
FIELDS = {name: tuple(schema.model_fields) for name, (_, schema) in RECORD_TYPES.items()}


def _type(record_type: str) -> tuple[RecordModel, type[BaseModel]]:
    return one_of("record type", record_type, RECORD_TYPES)


def add(*, session: Session, state_code: str, record_type: str, data: BaseModel) -> Any:
    return import_rows(
        session=session,
        state_code=state_code,
        record_type=record_type,
        rows=[Row(1, data.model_dump(mode="json"))],
        source="input",
    )


def listing(*, session: Session, state_code: str, record_type: str) -> list[Any]:
    """The records of one type the caller may see (the visibility rule filters them)."""
    model, _ = _type(record_type)
    state = states.get(session=session, code=state_code)
    return list(session.scalars(select(model).where(model.state_id == state.id).order_by(model.id)))


SORTS: dict[str, dict[str, tuple[str, ...]]] = {
    "instruments": {"id": ("id",), "ref": ("ref", "id"), "adopted_on": ("adopted_on", "id")},
    "adherence": {"id": ("id",), "instrument": ("instrument", "id")},
    "prosecutions": {"id": ("id",), "decided_on": ("decided_on", "id")},
    "contacts": {"id": ("id",), "name": ("name", "id"), "since": ("since", "id")},
}


def list_records(
    *, session: Session, state_code: str, record_type: str, page: PageParams = ALL
) -> Page[Any]:
    """One page of a state's records of one type that the caller may see (and their count,
    which the visibility rule filters like the rows)."""
    model, _ = _type(record_type)
    state = states.get(session=session, code=state_code)
    columns = {k: [getattr(model, c) for c in v] for k, v in SORTS[record_type].items()}
    query = (
        select(model)
        .where(model.state_id == state.id)
        .order_by(*order_of(page.sort, columns, "id"))
    )
    rows, total = paginate(session, query, page, count_column=model.id)
    return Page.of([r[0] for r in rows], total, page)


def get_instrument(*, session: Session, state_code: str, ref: str) -> Instrument:
    state = states.get(session=session, code=state_code)
    found = session.scalar(
        select(Instrument).where(Instrument.state_id == state.id, Instrument.ref == ref)
    )
    if found is None:
        raise NotFound(f"no instrument {ref!r} for state {state.code}")
    return found


def as_dict(record_type: str, row: Any) -> dict[str, Any]:
    out = {f: getattr(row, f) for f in FIELDS[record_type]}
    out["label"] = row.label
    return out


def _existing_refs(session: Session, state_id: int) -> set[str]:
    """The instrument references the caller may see. Hidden ones are not checked: refusing a
    reference because a hidden record holds it would reveal that record."""
    return set(session.scalars(select(Instrument.ref).where(Instrument.state_id == state_id)))


def cited(requirement: str) -> tuple[str, bool]:
    """A cited ID and whether it is marked `?` (the reference may be incomplete)."""
    return (requirement[:-1], True) if requirement.endswith("?") else (requirement, False)


def unknown_requirements(data: BaseModel) -> list[str]:
    known = citable_ids()
    return [
        req
        for provision in getattr(data, "provisions", [])
        for req in provision.requirements
        if cited(req)[0] not in known
    ]


def import_rows(
    *, session: Session, state_code: str, record_type: str, rows: list[Row], source: str
) -> int:
    """All rows or none: every row is validated before any is written; errors name the line."""
    model, schema = _type(record_type)
    state = states.get(session=session, code=state_code)
    refs = _existing_refs(session, state.id) if record_type == "instruments" else set()
    problems: list[str] = []
    parsed: list[BaseModel] = []
    for row in rows:
        unknown = [k for k in row.values if k not in FIELDS[record_type]]
        if unknown:
            problems.append(f"line {row.line}: unknown field {unknown[0]!r}")
            continue
        values = {k: v for k, v in row.values.items() if v not in (None, "")}
        try:
            data = schema.model_validate(values)
            check_label(session, data.label)  # type: ignore[attr-defined]
        except ValidationError as exc:
            problems.append(f"line {row.line}: {describe(exc)}")
            continue
        except Invalid as exc:
            problems.append(f"line {row.line}: {exc}")
            continue
        unknown_reqs = unknown_requirements(data)
        if unknown_reqs:
            problems.append(
                f"line {row.line}: unknown requirement {unknown_reqs[0]!r}; "
                "cite an ID of a requirement pack or a framework item"
            )
            continue
        ref = getattr(data, "ref", None)
        if ref is not None:
            if ref in refs:
                problems.append(f"line {row.line}: ref {ref!r} is already taken")
                continue
            refs.add(ref)
        parsed.append(data)
    if problems:
        raise ImportRejected(source, problems)
    for data in parsed:
        values = data.model_dump(mode="python")
        if record_type == "instruments":
            values["provisions"] = [p.model_dump() for p in data.provisions]  # type: ignore[attr-defined]
        session.add(model(state_id=state.id, **{**values, "label": values["label"].value}))
    session.flush()
    return len(parsed)
